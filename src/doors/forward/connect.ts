/**
 * @module CONNECT: check the destination (lists, SSRF with a recording resolver, DLP on the host
 * name, admission, the CONNECT headers), then either hand the tunnel to TLS interception or dial
 * the pinned upstream, answer 200, verify that the ClientHello's SNI names the CONNECT host
 * (domain-fronting defence), and relay bytes with idle and lifetime bounds.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  admitLive,
  AGENT_HEADER,
  checkRequest,
  emitDecision,
  rawHeader,
  redactTarget,
  withoutProxyAuth,
  authRequired,
  sendRawBlock,
  upstreamDenyCode,
  type CheckSteps,
  type HttpDoorContext,
} from "../http/index.ts";
import { destinationUrl, recordingResolver, UpstreamError } from "../upstream/index.ts";
import { parseAuthority, type Authority } from "./authority.ts";
import { peekClientHello } from "./peek-hello.ts";
import { relayTunnel } from "./tunnel.ts";

export interface Interceptor {
  /** True when interception is on and `host` is not on the passthrough list. */
  intercepts(host: string): boolean;
  /** Terminate the agent's TLS with a leaf for the authority and serve the requests inside. */
  serve(client: Duplex, head: Uint8Array, authority: Authority, agent: string | undefined): void;
}

/** Live tunnel count shared by the listener. */
export interface TunnelCounter {
  count: number;
}

/** A CONNECT carries only host and port: nothing for cross-request detection (requests inside an intercepted tunnel feed it). */
const CONNECT_STEPS: CheckSteps = { url: true, admission: true, crossRequest: false };
const ESTABLISHED = "HTTP/1.1 200 Connection Established\r\nVia: 1.1 pipelock\r\n\r\n";

export async function handleConnect(
  ctx: HttpDoorContext,
  req: IncomingMessage,
  client: Duplex,
  head: Uint8Array,
  tunnels: TunnelCounter,
  interceptor: Interceptor | undefined,
): Promise<void> {
  const startedAt = performance.now();
  const view = ctx.view();
  const settings = view.settings;
  const explain = settings.explainBlocks;
  const agent = rawHeader(req.rawHeaders, AGENT_HEADER);
  // The listener already checked Proxy-Authorization; pipelock's own credential is not scanned as agent data.
  const scannedHeaders = authRequired(settings.auth) ? withoutProxyAuth(req.rawHeaders) : req.rawHeaders;
  const base = { door: "connect" as const, method: "CONNECT", startedAt, ...(agent !== undefined ? { agent } : {}) };
  client.on("error", () => {});
  const authority = parseAuthority(req.url);
  if (!authority) {
    sendRawBlock(client, ctx.sink, { code: "bad_request", direction: "request", reason: "CONNECT needs host:port", failure: "bad_authority", explain }, base);
    return;
  }
  const targetUrl = destinationUrl(authority.host, authority.port, true);
  const where = { ...base, target: targetUrl.replace(/\/$/, "") };
  if (tunnels.count >= settings.forward.maxTunnels) {
    sendRawBlock(client, ctx.sink, { code: "unavailable", direction: "request", reason: `too many open tunnels (${settings.forward.maxTunnels})`, failure: "tunnel_limit", explain }, where);
    return;
  }
  tunnels.count++;
  let released = false;
  let handedOff = false;
  let untrack: (() => void) | undefined;
  let cut = false;
  const release = () => {
    if (released) return;
    released = true;
    tunnels.count--;
  };
  try {
    const resolver = recordingResolver(ctx.resolver);
    const check = await checkRequest(view, ctx.inspection, ctx.admission, { url: targetUrl, host: authority.host, rawHeaders: scannedHeaders, ...(agent !== undefined ? { agent } : {}) }, resolver, undefined, CONNECT_STEPS);
    if (!check.allowed) {
      sendRawBlock(client, ctx.sink, check.block, { ...where, subject: check.subject, target: redactTarget(targetUrl, check.block.findings).replace(/\/$/, "") });
      return;
    }
    if (interceptor?.intercepts(authority.host)) {
      client.write(ESTABLISHED);
      emitDecision(ctx.sink, { ...where, direction: "request", decision: "allow", subject: "url", status: 200, findings: check.warnings });
      handedOff = true;
      client.once("close", release);
      interceptor.serve(client, head, authority, agent);
      return;
    }
    let upstream: Duplex;
    try {
      upstream = await ctx.connector({ host: authority.host, port: authority.port, tls: false, checked: resolver.checked(authority.host) });
    } catch (err) {
      const e = err instanceof UpstreamError ? err : new UpstreamError("connect_failed", String(err));
      sendRawBlock(client, ctx.sink, { code: upstreamDenyCode(e), direction: "request", reason: `Upstream ${authority.host}:${authority.port}: ${e.message}`, findings: e.verdict?.findings ?? [], failure: e.failure, explain }, where);
      return;
    }
    upstream.on("error", () => {});
    // Tracked from here, so the kill switch cuts the tunnel whenever it engages (even during the SNI peek).
    const cutBoth = () => {
      cut = true;
      client.destroy();
      upstream.destroy();
    };
    const live = admitLive(ctx, { door: "connect", method: "CONNECT", target: where.target, ...(agent !== undefined ? { agent } : {}), cut: cutBoth }, explain);
    if (!live.ok) {
      upstream.destroy();
      sendRawBlock(client, ctx.sink, live.block, where);
      return;
    }
    untrack = live.release;
    client.write(ESTABLISHED);
    let first: Uint8Array | undefined = head.byteLength > 0 ? head : undefined;
    if (settings.forward.sniVerification) {
      const peeked = await peekClientHello(client, head);
      first = peeked.bytes;
      const r = peeked.result;
      const mismatch = r.kind === "sni" && r.name !== authority.host;
      if (mismatch || r.kind === "malformed" || r.kind === "timeout" || r.kind === "closed") {
        upstream.destroy();
        client.destroy();
        if (r.kind === "closed" || cut) return;
        const reason =
          r.kind === "sni" ? `TLS SNI "${r.name.slice(0, 80)}" does not match the CONNECT host ${authority.host} (domain fronting)` : r.kind === "malformed" ? `malformed TLS ClientHello (${r.why})` : "no TLS ClientHello within the time limit";
        emitDecision(ctx.sink, {
          ...where,
          direction: "request",
          decision: "deny",
          subject: "url",
          status: 200,
          failure: r.kind === "sni" ? "sni_mismatch" : r.kind === "malformed" ? "sni_malformed" : "sni_timeout",
          findings: [{ scanner: "url", rule_id: "connect.sni_mismatch", severity: "high", action: "block", message: reason, location: "tls.sni", exempt: "forward_proxy:\n  sni_verification: false" }],
        });
        return;
      }
    }
    if (cut) return; // cut while the ClientHello was read: the cut recorded the deny
    emitDecision(ctx.sink, { ...where, direction: "request", decision: "allow", ...(check.warnings.length > 0 ? { action: "warn" as const } : {}), subject: "url", status: 200, findings: check.warnings });
    const end = await relayTunnel(client, upstream, first, { idleMs: settings.forward.idleTimeoutMs, maxMs: settings.forward.maxTunnelMs });
    ctx.admission?.record(authority.host, agent, end.down);
  } finally {
    untrack?.();
    if (!handedOff) release();
  }
}
