/**
 * @module `pipelock run --reverse-proxy`: pipelock in front of one operator-chosen HTTP service.
 * Requests: the request URI (as text, DLP), headers and body (bounded; over the limit → 413) are
 * scanned; responses go through the streaming scanner. The upstream is the operator's choice, so it
 * gets no SSRF or list check and is resolved once per connection.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import {
  AGENT_HEADER,
  callUpstream,
  checkRequest,
  emitDecision,
  forwardHeaders,
  rawHeader,
  readBody,
  redactTarget,
  relayResponse,
  sendBlock,
  upstreamDenyCode,
  blockFromVerdict,
  killSwitchBlock,
  type HttpDoorContext,
} from "../http/index.ts";
import { UpstreamError } from "../upstream/index.ts";

/** Request URIs longer than this are refused before scanning. */
export const MAX_REQUEST_URI_CHARS = 16 * 1024;
const DROP_WHEN_SCANNING = new Set(["accept-encoding"]);

export interface ReverseProxyOptions {
  readonly hostname: string;
  readonly port: number;
  readonly upstream: URL;
  readonly ctx: HttpDoorContext;
  /** Deadline for a complete request head on a new connection. */
  readonly headersTimeoutMs?: number;
}

export interface ReverseProxy {
  readonly port: number;
  stop(): Promise<void>;
}

export function startReverseProxy(o: ReverseProxyOptions): Promise<ReverseProxy> {
  const headersMs = o.headersTimeoutMs ?? 5_000;
  const server = http.createServer((req, res) => {
    clearTimeout(headTimers.get(req.socket));
    handleReverse(o, req, res).catch((err: unknown) => {
      sendBlock(res, o.ctx.sink, { code: "upstream_failed", direction: "request", reason: `internal error (${String((err as Error)?.message ?? err).slice(0, 120)}); denied (fail closed)`, failure: "internal_error", explain: false }, { door: "reverse" });
    });
  });
  const headTimers = new WeakMap<Socket, ReturnType<typeof setTimeout>>();
  server.on("connection", (socket: Socket) => {
    socket.on("error", () => {});
    headTimers.set(socket, setTimeout(() => socket.destroy(), headersMs));
    socket.once("close", () => clearTimeout(headTimers.get(socket)));
  });
  server.on("clientError", (_err: Error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.hostname, () => {
      server.off("error", reject);
      const addr = server.address();
      resolve({
        port: typeof addr === "object" && addr ? addr.port : o.port,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}

async function handleReverse(o: ReverseProxyOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = performance.now();
  const { ctx, upstream: origin } = o;
  const view = ctx.view();
  const settings = view.settings;
  const explain = settings.explainBlocks;
  const method = req.method ?? "GET";
  const agent = rawHeader(req.rawHeaders, AGENT_HEADER);
  const requestUri = req.url ?? "/";
  const shown = new URL(requestUri.startsWith("/") ? requestUri : "/", origin).href;
  const base = { door: "reverse" as const, method, startedAt, ...(agent !== undefined ? { agent } : {}) };
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const killed = killSwitchBlock(ctx, explain);
  if (killed) return sendBlock(res, ctx.sink, killed, { ...base, target: `${origin.origin}/` });
  if (!requestUri.startsWith("/") || requestUri.length > MAX_REQUEST_URI_CHARS) {
    return sendBlock(res, ctx.sink, { code: "bad_request", direction: "request", reason: "the request target must be a path (origin-form) of bounded length", failure: "bad_request", explain }, { ...base, target: redactTarget(shown) });
  }
  const uriText = decodeLoosely(requestUri);
  const uriVerdict = await view.scan({ kind: "text", text: uriText, host: origin.hostname }, { signal: controller.signal });
  if (uriVerdict.decision === "deny") {
    return sendBlock(res, ctx.sink, blockFromVerdict(uriVerdict, "request", explain, "Request URI blocked"), { ...base, subject: "text", target: `${origin.origin}/[redacted]` });
  }
  const read = await readBody(req, settings.body.maxBodyBytes, settings.body.readTimeoutMs);
  if (!read.ok) {
    return sendBlock(res, ctx.sink, { code: read.code, direction: "request", reason: read.reason, failure: read.failure, explain }, { ...base, target: redactTarget(shown) }, true);
  }
  const host = origin.hostname.startsWith("[") ? origin.hostname.slice(1, -1) : origin.hostname;
  const check = await checkRequest(view, ctx.inspection, undefined, { url: shown, host, rawHeaders: req.rawHeaders, ...(read.body ? { body: read.body } : {}) }, undefined, controller.signal, { url: false, admission: false });
  if (!check.allowed) return sendBlock(res, ctx.sink, check.block, { ...base, subject: check.subject, target: redactTarget(shown, check.block.findings) });

  const tls = origin.protocol === "https:";
  const headers = forwardHeaders(req.rawHeaders, { via: true, ...(settings.response.enabled ? { drop: DROP_WHEN_SCANNING } : {}) }).filter(([n]) => n.toLowerCase() !== "host");
  const incomingHost = req.headers.host;
  headers.unshift(["Host", origin.host]);
  if (incomingHost) headers.push(["X-Forwarded-Host", incomingHost]);
  headers.push(["X-Forwarded-Proto", "http"]);
  const basePath = origin.pathname.replace(/\/$/, "");
  let upstream: IncomingMessage;
  try {
    upstream = await callUpstream(ctx.agents, {
      // Operator-chosen upstream: resolved once, not SSRF-checked (it is usually on loopback or a private network).
      target: { host, port: origin.port === "" ? (tls ? 443 : 80) : Number(origin.port), tls, checked: { host, addresses: undefined } },
      method,
      path: `${basePath}${requestUri}`,
      headers,
      ...(read.body ? { body: read.body } : {}),
      timeoutMs: settings.fetch.timeoutMs,
      signal: controller.signal,
    });
  } catch (err) {
    const e = err instanceof UpstreamError ? err : new UpstreamError("connect_failed", String(err));
    return sendBlock(res, ctx.sink, { code: upstreamDenyCode(e), direction: "request", reason: `Upstream: ${e.message}`, failure: e.failure, explain }, { ...base, target: redactTarget(shown) });
  }
  const outcome = await relayResponse({ res, upstream, method, host, view, inspection: ctx.inspection, idleTimeoutMs: settings.forward.idleTimeoutMs });
  const findings = [...check.warnings, ...outcome.findings];
  emitDecision(ctx.sink, {
    ...base,
    direction: outcome.decision === "deny" ? "response" : "request",
    decision: outcome.decision,
    ...(outcome.decision === "allow" && findings.length > 0 ? { action: "warn" as const } : {}),
    subject: outcome.decision === "deny" ? "content" : "text",
    target: redactTarget(shown, findings),
    status: outcome.status,
    findings,
    ...(outcome.failure ? { failure: outcome.failure } : {}),
    bytes: outcome.bytes,
  });
}

/** Percent-decode what decodes; keep the rest (a malformed escape must not hide the text around it). */
function decodeLoosely(uri: string): string {
  try {
    return decodeURIComponent(uri.replace(/\+/g, " "));
  } catch {
    return uri.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}
