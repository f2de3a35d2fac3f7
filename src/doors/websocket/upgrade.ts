/**
 * @module The WebSocket door: an agent's upgrade (`/ws?url=` on the main listener, or any upgrade
 * inside an intercepted tunnel) becomes a checked upstream WebSocket and a scanning relay. Order:
 * validate the agent's handshake → connection limit → admission (URL and forwarded headers) →
 * pinned upstream connect → upstream handshake → 101 to the agent → relay. Every refusal is an HTTP
 * answer on the raw socket plus one event; nothing is forwarded before the checks pass.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebsocketSettings } from "../../config/sections/websocket-proxy.ts";
import type { Finding } from "../../engine/index.ts";
import type { DecisionEvent, EventSink } from "../../evidence/index.ts";
import { VERSION } from "../../version.ts";
import { UpstreamError, type CheckedHost, type Connector } from "../upstream/index.ts";
import { newClientKey, readUpstreamResponse, switchingProtocols, upstreamProblem, upstreamRequest, validateClientUpgrade } from "./handshake.ts";
import { relayWebSocket, type RelayEnd } from "./relay.ts";
import type { ScanMessage } from "./scan-types.ts";
import { eventTarget, forwardedHeaders, httpFormOf, parseWsTarget } from "./target.ts";

/** Connect plus upstream handshake bound (reference: dial 10 s, TLS handshake 10 s). */
export const WS_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface WsAdmissionRequest {
  /** The target in http(s) form, for the URL scanner. */
  readonly url: string;
  readonly target: URL;
  /** Exactly the headers that would be forwarded (values to DLP-scan). */
  readonly headers: readonly (readonly [string, string])[];
  readonly agent?: string;
}

export type WsAdmission =
  | { readonly allow: true; readonly checked?: CheckedHost; readonly findings?: readonly Finding[] }
  | { readonly allow: false; readonly status: number; readonly reason: string; readonly findings?: readonly Finding[]; readonly failure?: string };

/** Counts live relays; one per listener. */
export interface ConnectionGate {
  tryAcquire(): (() => void) | undefined;
  readonly active: number;
}

export function createConnectionGate(max: number): ConnectionGate {
  let active = 0;
  return {
    get active() {
      return active;
    },
    tryAcquire() {
      if (active >= max) return undefined;
      active++;
      let released = false;
      return () => {
        if (!released) {
          released = true;
          active--;
        }
      };
    },
  };
}

/** Why `WsDoorDeps.track` refused a relay (kill switch engaged, too many live connections). */
export interface WsTrackRefusal {
  readonly status: number;
  readonly reason: string;
  readonly failure: string;
}

/**
 * Registers a relay as it starts so it can be cut from outside; returns its release, or a refusal.
 * `cut(reason)` closes both sides with 1008 and `reason`; whoever cuts records the event.
 */
export type WsTrack = (where: { readonly target: string; readonly agent?: string | undefined }, cut: (reason: string) => void) => (() => void) | WsTrackRefusal;

export interface WsDoorDeps {
  readonly connector: Connector;
  readonly scanMessage: ScanMessage;
  readonly sink: EventSink;
  readonly settings: WebsocketSettings;
  /**
   * The HTTP door's request check (URL pipeline with a recording resolver, header DLP, rate limits).
   * Without it the target URL and forwarded header values are DLP-scanned through `scanMessage`, and
   * the connector's own destination check applies.
   */
  readonly admit?: (request: WsAdmissionRequest) => Promise<WsAdmission>;
  /** Shared concurrency gate (`websocket_proxy.max_concurrent_connections`); none = unlimited. */
  readonly gate?: ConnectionGate;
  readonly handshakeTimeoutMs?: number;
  /** Live-connection tracking (the kill switch cuts running relays); none = not cuttable. */
  readonly track?: WsTrack;
}

export interface UpgradeContext {
  readonly agent?: string;
  /** Called when the relay ends (or the upgrade is refused), e.g. to free tunnel accounting. */
  readonly onEnd?: (end: RelayEnd | undefined) => void;
}

/** `/ws?url=ws(s)://…` on the main listener's 'upgrade' event. */
export function handleWsUpgrade(req: IncomingMessage, socket: Duplex, head: Uint8Array, deps: WsDoorDeps, context: UpgradeContext = {}): Promise<void> {
  const parsed = parseWsTarget(req.url ?? "");
  if (!parsed.ok) {
    refuse(socket, 400, parsed.reason);
    deps.sink.emit(upgradeEvent({ decision: "deny", status: 400, failure: "bad_target", agent: context.agent }));
    context.onEnd?.(undefined);
    return Promise.resolve();
  }
  return proxyWebSocket(req, socket, head, parsed.url, deps, context);
}

/** Proxy an upgrade to `target` (a ws:// or wss:// URL); for intercepted tunnels: `wss://<CONNECT host><req.url>`. */
export async function proxyWebSocket(req: IncomingMessage, socket: Duplex, head: Uint8Array, target: URL, deps: WsDoorDeps, context: UpgradeContext = {}): Promise<void> {
  socket.on("error", () => {});
  const where = { target: eventTarget(target), agent: context.agent };
  const deny = (status: number, reason: string, failure: string, findings: readonly Finding[] = []) => {
    refuse(socket, status, reason, status === 426 ? { "Sec-WebSocket-Version": "13" } : undefined);
    deps.sink.emit(upgradeEvent({ ...where, decision: "deny", status, failure, findings }));
    context.onEnd?.(undefined);
  };
  if (!deps.settings.enabled) return deny(403, "the WebSocket proxy is disabled (websocket_proxy.enabled)", "disabled");
  const hello = validateClientUpgrade(req);
  if (!hello.ok) return deny(hello.status, hello.reason, "bad_handshake");
  const release = deps.gate ? deps.gate.tryAcquire() : () => {};
  if (!release) return deny(503, `too many WebSocket connections (${deps.settings.maxConnections})`, "connection_limit");
  let relayed = false;
  let untrack: (() => void) | undefined;
  try {
    const headers = forwardedHeaders(req, target, { originPolicy: deps.settings.originPolicy, forwardCookies: deps.settings.forwardCookies, version: VERSION });
    const admission = await admit(deps, { url: httpFormOf(target), target, headers, ...(context.agent ? { agent: context.agent } : {}) });
    if (!admission.allow) return deny(admission.status, admission.reason, admission.failure ?? "policy", admission.findings);
    const timeoutMs = deps.handshakeTimeoutMs ?? WS_HANDSHAKE_TIMEOUT_MS;
    const signal = AbortSignal.timeout(timeoutMs);
    let upstream: Duplex;
    const host = target.hostname.startsWith("[") ? target.hostname.slice(1, -1) : target.hostname;
    try {
      const port = target.port ? Number(target.port) : target.protocol === "wss:" ? 443 : 80;
      upstream = await deps.connector({ host, port, tls: target.protocol === "wss:", ...(admission.checked ? { checked: admission.checked } : {}) }, signal);
    } catch (err) {
      const e = err instanceof UpstreamError ? err : new UpstreamError("connect_failed", String((err as Error)?.message ?? err));
      return deny(e.failure === "denied" ? 403 : 502, e.failure === "denied" ? "destination blocked by pipelock" : `upstream unreachable (${e.failure})`, e.failure, e.verdict?.findings ?? []);
    }
    upstream.on("error", () => {});
    const key = newClientKey();
    let response;
    try {
      upstream.write(upstreamRequest(target, key, headers));
      response = await readUpstreamResponse(upstream, timeoutMs);
    } catch (err) {
      upstream.destroy();
      return deny(502, `upstream WebSocket handshake failed: ${(err as Error).message}`, "upstream_handshake");
    }
    const protocols = hello.protocols;
    const problem = upstreamProblem(response, key, protocols);
    if (problem) {
      upstream.destroy();
      return deny(502, problem, "upstream_handshake");
    }
    if (socket.destroyed) {
      upstream.destroy();
      return deny(499, "the agent went away during the handshake", "client_gone");
    }
    const cutter = new AbortController();
    const tracked = deps.track?.(where, (reason) => cutter.abort(reason));
    if (tracked !== undefined && typeof tracked !== "function") {
      upstream.destroy();
      return deny(tracked.status, tracked.reason, tracked.failure);
    }
    untrack = tracked;
    socket.write(switchingProtocols(hello.key, response.headers["sec-websocket-protocol"]));
    deps.sink.emit(upgradeEvent({ ...where, decision: "allow", status: 101, findings: admission.findings ?? [] }));
    relayed = true;
    const end = await relayWebSocket(socket, upstream, {
      settings: deps.settings,
      scanMessage: deps.scanMessage,
      sink: deps.sink,
      target: where.target,
      ...(context.agent ? { agent: context.agent } : {}),
      host,
      clientHead: head,
      upstreamHead: response.rest,
      signal: cutter.signal,
    });
    // A cut is recorded by whoever cut (one event per connection).
    if (end.reason !== "closed" && end.reason !== "policy" && end.reason !== "cut") {
      deps.sink.emit(upgradeEvent({ ...where, decision: "deny", status: end.closeCode, failure: end.reason, bytes: end.bytes.up + end.bytes.down }));
    }
    context.onEnd?.(end);
  } finally {
    untrack?.();
    release();
    if (!relayed && !socket.destroyed) socket.destroy();
  }
}

/** Default admission: the target and every forwarded header value go through the DLP scan. */
async function admit(deps: WsDoorDeps, request: WsAdmissionRequest): Promise<WsAdmission> {
  if (deps.admit) {
    try {
      return await deps.admit(request);
    } catch (err) {
      return { allow: false, status: 403, reason: "request could not be checked", failure: `admission_error: ${(err as Error)?.message ?? err}`.slice(0, 200) };
    }
  }
  const text = [request.url, ...request.headers.filter(([n]) => n.toLowerCase() !== "user-agent" && n.toLowerCase() !== "origin").map(([, v]) => v)].join("\n");
  try {
    const host = request.target.hostname.replace(/^\[|\]$/g, "");
    const verdict = await deps.scanMessage(text, "client_to_server", { host, ...(request.agent ? { agent: request.agent } : {}) });
    if (verdict.allow) return { allow: true, ...(verdict.findings ? { findings: verdict.findings } : {}) };
    return { allow: false, status: 403, reason: verdict.reason ?? "blocked by pipelock: secret in the WebSocket request", ...(verdict.findings ? { findings: verdict.findings } : {}) };
  } catch (err) {
    return { allow: false, status: 403, reason: "request could not be checked", failure: `scan_error: ${(err as Error)?.message ?? err}`.slice(0, 200) };
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = { 400: "Bad Request", 403: "Forbidden", 405: "Method Not Allowed", 426: "Upgrade Required", 429: "Too Many Requests", 499: "Client Closed Request", 502: "Bad Gateway", 503: "Service Unavailable" };

/** Answer a refused upgrade on the raw socket and close it. */
function refuse(socket: Duplex, status: number, reason: string, extra?: Readonly<Record<string, string>>): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: "websocket_blocked", blocked: status === 403, block_reason: reason });
  const lines = [`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}`, "Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`, "Connection: close"];
  for (const [k, v] of Object.entries(extra ?? {})) lines.push(`${k}: ${v}`);
  socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

function upgradeEvent(e: { decision: "allow" | "deny"; status?: number | undefined; failure?: string; findings?: readonly Finding[]; target?: string; agent?: string | undefined; bytes?: number }): DecisionEvent {
  return {
    ts: new Date().toISOString(),
    door: "websocket",
    direction: "request",
    decision: e.decision,
    action: e.decision === "allow" ? "allow" : "block",
    subject: "url",
    method: "GET",
    findings: e.findings ?? [],
    ...(e.target !== undefined ? { target: e.target } : {}),
    ...(e.agent !== undefined ? { agent: e.agent } : {}),
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.failure !== undefined ? { failure: e.failure } : {}),
    ...(e.bytes !== undefined ? { bytes: e.bytes } : {}),
  };
}
