/**
 * @module `pipelock run --reverse-proxy`: pipelock in front of one operator-chosen HTTP service,
 * served by Bun.serve with a fetch() upstream (no CONNECT is needed here, and both are several times
 * cheaper than node:http in Bun). Requests: the request URI (as text, DLP), headers and body
 * (bounded; over the limit → 413) are scanned, then cross-request detection; responses go through
 * the streaming scanner (web-relay). The upstream is the operator's choice, so it gets no SSRF or
 * list check; fetch() pools its connections.
 */
import {
  admitLive,
  AGENT_HEADER,
  blockFromVerdict,
  blockResponse,
  checkRequest,
  emitExchange,
  forwardHeaders,
  killSwitchBlock,
  readWebBody,
  redactTarget,
  relayWebResponse,
  upstreamDenyCode,
  type HttpDoorContext,
  type RelayOutcome,
} from "../http/index.ts";
import { classifyFetchFailure, UpstreamError } from "../upstream/index.ts";

/** Request URIs longer than this are refused before scanning. */
export const MAX_REQUEST_URI_CHARS = 16 * 1024;
/** Largest request body Bun.serve accepts at all; the policy's own limit (smaller) answers 413 first. */
const SERVER_MAX_BODY_BYTES = 256 * 1024 * 1024;
const DROP_WHEN_SCANNING = new Set(["accept-encoding"]);

export interface ReverseProxyOptions {
  readonly hostname: string;
  readonly port: number;
  readonly upstream: URL;
  readonly ctx: HttpDoorContext;
  /** Deadline for a complete request head on a connection (whole seconds, at least 1). */
  readonly headersTimeoutMs?: number;
}

export interface ReverseProxy {
  readonly port: number;
  stop(): Promise<void>;
}

type Server = ReturnType<typeof Bun.serve>;

export function startReverseProxy(o: ReverseProxyOptions): Promise<ReverseProxy> {
  const headersSec = Math.max(1, Math.ceil((o.headersTimeoutMs ?? 5_000) / 1000));
  const server: Server = Bun.serve({
    hostname: o.hostname,
    port: o.port,
    idleTimeout: headersSec,
    maxRequestBodySize: SERVER_MAX_BODY_BYTES,
    fetch: (req, srv) =>
      handleReverse(o, req, srv).catch((err: unknown) =>
        blockResponse(o.ctx.sink, { code: "upstream_failed", direction: "request", reason: `internal error (${String((err as Error)?.message ?? err).slice(0, 120)}); denied (fail closed)`, failure: "internal_error", explain: false }, { door: "reverse" }),
      ),
    error: () => new Response("Bad Request\n", { status: 400, headers: { Connection: "close" } }),
  });
  return Promise.resolve({
    port: server.port ?? o.port,
    stop: async () => {
      await server.stop(true);
    },
  });
}

async function handleReverse(o: ReverseProxyOptions, req: Request, srv: Server): Promise<Response> {
  const startedAt = performance.now();
  const { ctx, upstream: origin } = o;
  const view = ctx.view();
  const settings = view.settings;
  const explain = settings.explainBlocks;
  const method = req.method;
  // The connection's idle timeout guards slow heads; from here the door's own deadlines apply.
  srv.timeout(req, 0);
  const agent = req.headers.get(AGENT_HEADER) ?? undefined;
  const requestUri = requestTarget(req.url);
  const shown = new URL(requestUri.startsWith("/") ? requestUri : "/", origin).href;
  const base = { door: "reverse" as const, method, startedAt, ...(agent !== undefined ? { agent } : {}) };
  const killed = killSwitchBlock(ctx, explain);
  if (killed) return blockResponse(ctx.sink, killed, { ...base, target: `${origin.origin}/` });
  if (!requestUri.startsWith("/") || requestUri.length > MAX_REQUEST_URI_CHARS) {
    return blockResponse(ctx.sink, { code: "bad_request", direction: "request", reason: "the request target must be a path (origin-form) of bounded length", failure: "bad_request", explain }, { ...base, target: redactTarget(shown) });
  }
  const uriVerdict = await view.scan({ kind: "text", text: decodeLoosely(requestUri), host: origin.hostname }, { signal: req.signal });
  if (uriVerdict.decision === "deny") {
    return blockResponse(ctx.sink, blockFromVerdict(uriVerdict, "request", explain, "Request URI blocked"), { ...base, subject: "text", target: `${origin.origin}/[redacted]` });
  }
  const read = await readWebBody(req, settings.body.maxBodyBytes, settings.body.readTimeoutMs);
  if (!read.ok) {
    return blockResponse(ctx.sink, { code: read.code, direction: "request", reason: read.reason, failure: read.failure, explain }, { ...base, target: redactTarget(shown) }, true);
  }
  const rawHeaders = rawRequestHeaders(req.headers);
  const host = origin.hostname.startsWith("[") ? origin.hostname.slice(1, -1) : origin.hostname;
  const clientIp = srv.requestIP(req)?.address;
  const check = await checkRequest(
    view,
    ctx.inspection,
    undefined,
    { url: shown, host, rawHeaders, ...(read.body ? { body: read.body } : {}), ...(agent !== undefined ? { agent } : {}), ...(clientIp !== undefined ? { clientIp } : {}) },
    undefined,
    req.signal,
    { url: false, admission: false, crossRequest: true },
  );
  if (!check.allowed) return blockResponse(ctx.sink, check.block, { ...base, subject: check.subject, target: redactTarget(shown, check.block.findings) });

  const headers = new Headers();
  for (const [n, v] of forwardHeaders(rawHeaders, { via: true, ...(settings.response.enabled ? { drop: DROP_WHEN_SCANNING } : {}) })) {
    if (n.toLowerCase() !== "host") headers.append(n, v);
  }
  headers.set("Host", origin.host);
  const incomingHost = req.headers.get("host");
  if (incomingHost) headers.append("X-Forwarded-Host", incomingHost);
  headers.append("X-Forwarded-Proto", "http");
  // fetch() would otherwise ask for gzip/br itself; scanned responses must come as identity.
  if (settings.response.enabled || !headers.has("accept-encoding")) headers.set("Accept-Encoding", "identity");
  const basePath = origin.pathname.replace(/\/$/, "");

  const controller = new AbortController();
  const onClientGone = () => controller.abort();
  req.signal.addEventListener("abort", onClientGone, { once: true });
  // Live until the answer is decided (a stream: until it ends): the kill switch cuts it, and the cut
  // is its one recorded event.
  let cut = false;
  const live = admitLive(ctx, { door: "reverse", method, target: redactTarget(shown), ...(agent !== undefined ? { agent } : {}), cut: () => ((cut = true), controller.abort()) }, explain);
  if (!live.ok) {
    req.signal.removeEventListener("abort", onClientGone);
    return blockResponse(ctx.sink, live.block, { ...base, target: redactTarget(shown) });
  }
  let timedOut = false;
  const headTimer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.fetch.timeoutMs);
  let upstream: Response;
  try {
    upstream = await fetch(`${origin.origin}${basePath}${requestUri}`, {
      method,
      headers,
      ...(read.body ? { body: read.body } : {}),
      redirect: "manual",
      decompress: false,
      signal: controller.signal,
    } as RequestInit);
  } catch (err) {
    live.release();
    req.signal.removeEventListener("abort", onClientGone);
    if (cut) return new Response(null, { status: 503, headers: { Connection: "close" } });
    const e = timedOut ? new UpstreamError("response_timeout", `no response from upstream within ${settings.fetch.timeoutMs} ms`) : classifyFetchFailure(err, false, req.signal.aborted);
    return blockResponse(ctx.sink, { code: upstreamDenyCode(e), direction: "request", reason: `Upstream: ${e.message}`, failure: e.failure, explain }, { ...base, target: redactTarget(shown) });
  } finally {
    clearTimeout(headTimer);
  }
  const done = (outcome: RelayOutcome) => {
    live.release();
    req.signal.removeEventListener("abort", onClientGone);
    if (!cut) emitExchange(ctx.sink, base, outcome, check.warnings, { url: shown, subject: "text" });
  };
  return relayWebResponse({
    upstream,
    abortUpstream: () => controller.abort(),
    method,
    host,
    view,
    inspection: ctx.inspection,
    idleTimeoutMs: settings.forward.idleTimeoutMs,
    done,
  });
}

/** The origin-form target of a Bun.serve request (its URL is absolute, built from Host). */
function requestTarget(url: string): string {
  const afterScheme = url.indexOf("//");
  const slash = afterScheme < 0 ? -1 : url.indexOf("/", afterScheme + 2);
  return slash < 0 ? "/" : url.slice(slash);
}

/** Header names and values as a raw list (what the request scanners and forwardHeaders read). */
function rawRequestHeaders(headers: Headers): string[] {
  const raw: string[] = [];
  for (const [name, value] of headers) raw.push(name, value);
  return raw;
}

/** Percent-decode what decodes; keep the rest (a malformed escape must not hide the text around it). */
function decodeLoosely(uri: string): string {
  try {
    return decodeURIComponent(uri.replace(/\+/g, " "));
  } catch {
    return uri.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}
