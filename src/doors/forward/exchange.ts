/**
 * @module One proxied HTTP exchange: the agent's request to an absolute URL (plain forward proxy, or
 * a request inside an intercepted tunnel) is checked (URL, admission, headers, body), sent with
 * fetch() to exactly the checked address (pinned-fetch), and the answer relayed through the
 * response scanner (web relay) into the agent's connection. Exactly one DecisionEvent per exchange.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DoorName } from "../../evidence/index.ts";
import {
  admitLive,
  AGENT_HEADER,
  checkRequest,
  emitExchange,
  forwardHeaders,
  rawHeader,
  withoutProxyAuth,
  authRequired,
  readBody,
  redactTarget,
  relayWebResponse,
  sendBlock,
  upstreamDenyCode,
  writeWebResponse,
  type HttpDoorContext,
  type PolicyView,
} from "../http/index.ts";
import { recordingResolver, UpstreamError, type PinnedResponse } from "../upstream/index.ts";

/** Headers never sent upstream when responses must stay inspectable (identity encoding is asked for). */
const DROP_WHEN_SCANNING = new Set(["accept-encoding"]);

export interface ExchangeTarget {
  /** Absolute http(s) URL of the request. */
  readonly url: URL;
  readonly door: DoorName;
  /** The agent's address when req.socket does not carry it (requests inside an intercepted tunnel). */
  readonly clientIp?: string;
}

export async function proxyExchange(ctx: HttpDoorContext, req: IncomingMessage, res: ServerResponse, target: ExchangeTarget): Promise<void> {
  const startedAt = performance.now();
  const view = ctx.view();
  const settings = view.settings;
  const url = target.url;
  const method = req.method ?? "GET";
  const agent = rawHeader(req.rawHeaders, AGENT_HEADER);
  // The listener already checked Proxy-Authorization; pipelock's own credential is not scanned as agent data.
  const scannedHeaders = authRequired(settings.auth) ? withoutProxyAuth(req.rawHeaders) : req.rawHeaders;
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const base = { door: target.door, method, startedAt, ...(agent !== undefined ? { agent } : {}) };
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });

  const read = await readBody(req, settings.body.maxBodyBytes, settings.body.readTimeoutMs);
  if (!read.ok) {
    sendBlock(res, ctx.sink, { code: read.code, direction: "request", reason: read.reason, failure: read.failure, explain: settings.explainBlocks }, { ...base, target: redactTarget(url.href) }, true);
    return;
  }
  const resolver = recordingResolver(ctx.resolver);
  const check = await checkRequest(view, ctx.inspection, ctx.admission, { url: url.href, host, rawHeaders: scannedHeaders, ...(read.body ? { body: read.body } : {}), ...(agent !== undefined ? { agent } : {}), clientIp: target.clientIp ?? req.socket.remoteAddress }, resolver, controller.signal);
  if (!check.allowed) {
    sendBlock(res, ctx.sink, check.block, { ...base, subject: check.subject, target: redactTarget(url.href, check.block.findings) });
    return;
  }
  // From here until the answer is written the exchange is live: the kill switch cuts it (a long
  // SSE stream included) and the cut is its one recorded event.
  let cut = false;
  const live = admitLive(
    ctx,
    {
      door: target.door,
      method,
      target: redactTarget(url.href),
      ...(agent !== undefined ? { agent } : {}),
      cut: () => {
        cut = true;
        controller.abort();
        res.destroy();
      },
    },
    settings.explainBlocks,
  );
  if (!live.ok) {
    sendBlock(res, ctx.sink, live.block, { ...base, target: redactTarget(url.href) });
    return;
  }
  try {
    await sendAndRelay(ctx, res, { view, url, host, method, agent, base, controller, resolver, body: read.body, warnings: check.warnings, cutByKillSwitch: () => cut }, req.rawHeaders);
  } finally {
    live.release();
  }
}

interface Allowed {
  /** The policy view the request was checked with (a reload mid-request does not change it). */
  readonly view: PolicyView;
  readonly url: URL;
  readonly host: string;
  readonly method: string;
  readonly agent: string | undefined;
  readonly base: Parameters<typeof emitExchange>[1];
  readonly controller: AbortController;
  readonly resolver: ReturnType<typeof recordingResolver>;
  readonly body: Uint8Array | undefined;
  readonly warnings: Parameters<typeof emitExchange>[3];
  /** True once the kill switch cut the exchange (its cut is the recorded event). */
  readonly cutByKillSwitch: () => boolean;
}

/** Send the allowed request to the checked address and relay the answer through the response scanner. */
async function sendAndRelay(ctx: HttpDoorContext, res: ServerResponse, a: Allowed, rawHeaders: readonly string[]): Promise<void> {
  const { url, host, method, agent, base, controller, resolver } = a;
  const view = a.view;
  const settings = view.settings;
  const tls = url.protocol === "https:";
  const port = url.port === "" ? (tls ? 443 : 80) : Number(url.port);
  const headers = forwardHeaders(rawHeaders, { via: true, ...(settings.response.enabled ? { drop: DROP_WHEN_SCANNING } : {}) }).filter(([n]) => n.toLowerCase() !== "host");
  headers.unshift(["Host", url.host]);
  let upstream: PinnedResponse;
  try {
    upstream = await ctx.pinnedFetch({
      target: { host, port, tls, checked: resolver.checked(host) },
      method,
      path: `${url.pathname}${url.search}`,
      headers,
      ...(a.body ? { body: a.body } : {}),
      timeoutMs: settings.fetch.timeoutMs,
      signal: controller.signal,
    });
  } catch (err) {
    if (a.cutByKillSwitch()) return;
    const e = err instanceof UpstreamError ? err : new UpstreamError("connect_failed", String(err));
    const findings = e.verdict?.findings ?? [];
    sendBlock(
      res,
      ctx.sink,
      { code: upstreamDenyCode(e), direction: "request", reason: `Upstream ${url.host}: ${e.message}`, findings, failure: e.failure, explain: settings.explainBlocks },
      { ...base, target: redactTarget(url.href, findings) },
    );
    return;
  }
  controller.signal.addEventListener("abort", upstream.abort, { once: true });
  const answer = await relayWebResponse({
    upstream: upstream.response,
    abortUpstream: upstream.abort,
    method,
    host,
    view,
    inspection: ctx.inspection,
    idleTimeoutMs: settings.forward.idleTimeoutMs,
    extraHeaders: a.warnings.length > 0 ? [["X-Pipelock-Decision", "warn"]] : [],
    done: (outcome) => {
      ctx.admission?.record(host, agent, outcome.bytes);
      if (!a.cutByKillSwitch()) emitExchange(ctx.sink, base, outcome, a.warnings, { url: url.href, subject: "url" });
    },
  });
  await writeWebResponse(res, answer);
}
