/**
 * @module TLS interception glue: the CONNECT door hands an allowed tunnel here; the TLS door
 * (src/doors/tls) terminates the agent's TLS with a leaf for the CONNECT host (and closes it on an SNI
 * mismatch); the requests inside are served by an inner node:http server and go through the same
 * exchange as plain forward requests — URL, headers and body checked, upstream verified against the
 * system roots plus tls_interception.upstream_ca, responses scanned. An inner request must address
 * the CONNECT authority (Host header), so one tunnel cannot be used to reach another host.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { admitLive, DENY_CODES, emitDecision, killSwitchBlock, sendBlock, type HttpDoorContext } from "../http/index.ts";
import { InterceptError, serveTlsConnection, type TlsInterceptor } from "../tls/index.ts";
import type { Authority } from "./authority.ts";
import type { Interceptor } from "./connect.ts";
import { createConnectionGuard } from "./connection-guard.ts";
import { proxyExchange } from "./exchange.ts";

interface TunnelInfo {
  readonly authority: Authority;
  readonly agent: string | undefined;
  readonly clientIp: string | undefined;
  /** Stop tracking the connection as a live tunnel (it became a WebSocket relay, which tracks itself). */
  readonly untrack: () => void;
}

/** An upgrade inside an intercepted tunnel (WebSocket over TLS); target is the absolute wss URL. */
export type TunnelUpgrade = (req: IncomingMessage, socket: Duplex, head: Uint8Array, target: URL, clientIp?: string) => void;

export function createTunnelInterceptor(ctx: HttpDoorContext, tlsDoor: TlsInterceptor, upgrade?: TunnelUpgrade): Interceptor & { close(): void } {
  const tunnels = new WeakMap<object, TunnelInfo>();
  const guard = createConnectionGuard({ onTimeout: () => {} });
  const inner = http.createServer((req, res) => {
    guard.headReceived(req.socket);
    res.on("finish", () => guard.idle(req.socket));
    const info = tunnels.get(req.socket);
    serveInner(ctx, req, res, info).catch(() => res.destroy());
  });
  inner.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    guard.release(req.socket);
    const info = tunnels.get(req.socket);
    info?.untrack();
    const target = info ? innerUrl(req, info, "wss:") : undefined;
    if (!info || !target || !upgrade) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    upgrade(req, socket, head, target, info.clientIp);
  });
  inner.on("clientError", (_err: Error, socket: Duplex) => socket.destroy());
  return {
    intercepts: (host) => tlsDoor.shouldIntercept(host),
    serve(client, head, authority, agent) {
      const where = `https://${authority.host.includes(":") ? `[${authority.host}]` : authority.host}:${authority.port}`;
      // Tracked while it lives: the kill switch destroys it, and requests in flight lose their connection.
      let tlsSocket: TLSSocket | undefined;
      let wasCut = false;
      const cut = () => {
        wasCut = true;
        tlsSocket?.destroy();
        client.destroy();
      };
      const live = admitLive(ctx, { door: "connect", method: "CONNECT", target: where, ...(agent !== undefined ? { agent } : {}), cut }, false);
      if (!live.ok) {
        client.destroy(); // the agent already has its 200 and expects TLS: no HTTP answer fits here
        const b = live.block;
        emitDecision(ctx.sink, { door: "connect", direction: "request", decision: "deny", method: "CONNECT", target: where, status: DENY_CODES[b.code], failure: b.failure ?? b.code, findings: [], ...(agent !== undefined ? { agent } : {}) });
        return;
      }
      client.once("close", live.release);
      tlsDoor
        .acceptTls(client, authority.host, {
          head,
          onReject: (reason, detail) => {
            if (wasCut) return; // a cut during the handshake already recorded its deny
            emitDecision(ctx.sink, {
              door: "connect",
              direction: "request",
              decision: "deny",
              method: "CONNECT",
              target: where,
              failure: reason,
              ...(agent !== undefined ? { agent } : {}),
              findings: reason === "sni_mismatch" ? [{ scanner: "url", rule_id: "connect.sni_mismatch", severity: "high", action: "block", message: detail, location: "tls.sni" }] : [],
            });
          },
        })
        .then((accepted: TLSSocket) => {
          tlsSocket = accepted;
          accepted.once("close", live.release);
          tunnels.set(accepted, { authority, agent, clientIp: (client as { remoteAddress?: string }).remoteAddress, untrack: live.release });
          guard.accept(accepted as unknown as Socket);
          serveTlsConnection(inner, accepted);
        })
        .catch((err: unknown) => {
          live.release();
          client.destroy();
          if (err instanceof InterceptError) return; // already recorded through onReject
          emitDecision(ctx.sink, { door: "connect", direction: "request", decision: "deny", method: "CONNECT", target: where, failure: "intercept_failed", findings: [], ...(agent !== undefined ? { agent } : {}) });
        });
    },
    close() {
      inner.close();
    },
  };
}

/** The absolute URL of an inner request, or undefined when its Host does not name the tunnel's authority. */
function innerUrl(req: IncomingMessage, info: TunnelInfo, scheme: "https:" | "wss:"): URL | undefined {
  const path = req.url ?? "";
  if (!path.startsWith("/")) return undefined;
  const { host, port } = info.authority;
  const authority = `${host.includes(":") ? `[${host}]` : host}${port === 443 ? "" : `:${port}`}`;
  const hostHeader = (req.headers.host ?? "").toLowerCase().replace(/\.$/, "").replace(/:443$/, "");
  if (hostHeader !== authority.toLowerCase()) return undefined;
  return new URL(`${scheme}//${authority}${path}`);
}

async function serveInner(ctx: HttpDoorContext, req: IncomingMessage, res: ServerResponse, info: TunnelInfo | undefined): Promise<void> {
  const explain = ctx.view().settings.explainBlocks;
  const killed = killSwitchBlock(ctx, explain);
  if (killed) return sendBlock(res, ctx.sink, killed, { door: "forward", method: req.method ?? "GET" });
  const url = info ? innerUrl(req, info, "https:") : undefined;
  if (!info || !url) {
    return sendBlock(
      res,
      ctx.sink,
      { code: "bad_request", direction: "request", reason: "the Host header inside the tunnel must name the CONNECT host", failure: "authority_mismatch", explain },
      { door: "forward", method: req.method ?? "GET" },
      true,
    );
  }
  if (info.agent !== undefined && req.headers["x-pipelock-agent"] === undefined) req.rawHeaders.push("X-Pipelock-Agent", info.agent);
  return proxyExchange(ctx, req, res, { url, door: "forward", ...(info.clientIp !== undefined ? { clientIp: info.clientIp } : {}) });
}
