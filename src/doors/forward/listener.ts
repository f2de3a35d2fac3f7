/**
 * @module The main listener (fetch_proxy.listen, default 127.0.0.1:8888) on node:http, because
 * Bun.serve cannot tunnel CONNECT: absolute-URI requests → forward proxy, CONNECT → tunnel (or TLS
 * interception), `/fetch?url=` → fetch proxy, `/ws?url=` and absolute-URI upgrades → WebSocket
 * door, `/health`. Proxy-Authorization is checked first when configured; slow clients are cut.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { handleFetch } from "../fetch/index.ts";
import { emitDecision, killSwitchBlock, proxyAuthorized, rawHeader, sendBlock, sendRawBlock, type HttpDoorContext } from "../http/index.ts";
import { handleConnect, type Interceptor, type TunnelCounter } from "./connect.ts";
import { createConnectionGuard } from "./connection-guard.ts";
import { proxyExchange } from "./exchange.ts";

/** WebSocket upgrades: `/ws?url=` (target from the query) or an absolute-URI upgrade (target = that URL). */
export interface UpgradeDoor {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Uint8Array, target: URL | undefined): void;
}

export interface MainListenerOptions {
  readonly hostname: string;
  readonly port: number;
  readonly ctx: HttpDoorContext;
  /** JSON for GET /health. */
  readonly health: () => Record<string, unknown>;
  readonly interceptor?: Interceptor;
  readonly upgrade?: UpgradeDoor;
  readonly headersTimeoutMs?: number;
  readonly keepAliveIdleMs?: number;
}

export interface MainListener {
  readonly port: number;
  readonly server: http.Server;
  stop(): Promise<void>;
}

export function startMainListener(o: MainListenerOptions): Promise<MainListener> {
  const { ctx } = o;
  const tunnels: TunnelCounter = { count: 0 };
  const guard = createConnectionGuard({
    ...(o.headersTimeoutMs !== undefined ? { headersTimeoutMs: o.headersTimeoutMs } : {}),
    ...(o.keepAliveIdleMs !== undefined ? { keepAliveIdleMs: o.keepAliveIdleMs } : {}),
    onTimeout: (_socket, kept) => {
      if (kept) return; // an idle kept-alive connection simply closes; only a late first head is a slow client
      emitDecision(ctx.sink, { door: "forward", direction: "request", decision: "deny", status: 408, failure: "client_header_timeout", findings: [] });
    },
  });
  const server = http.createServer((req, res) => {
    guard.headReceived(req.socket);
    res.on("finish", () => guard.idle(req.socket));
    route(o, req, res).catch((err: unknown) => internalError(o, res, err));
  });
  // Every client socket, so stop() can end tunnels and upgraded connections too (server.close() does not).
  const live = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    socket.on("error", () => {});
    if (!guard.accept(socket)) return;
    live.add(socket);
    socket.once("close", () => live.delete(socket));
  });
  server.on("connect", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    guard.release(req.socket);
    socket.on("error", () => {});
    const view = ctx.view();
    const killed = killSwitchBlock(ctx, view.settings.explainBlocks);
    if (killed) return void sendRawBlock(socket, ctx.sink, killed, { door: "connect", method: "CONNECT" });
    if (!authorized(o, req)) return void sendRawBlock(socket, ctx.sink, authBlock(view.settings.explainBlocks), { door: "connect", method: "CONNECT" });
    if (!view.settings.forward.enabled) {
      return void sendRawBlock(socket, ctx.sink, { code: "method_not_allowed", direction: "request", reason: "the forward proxy is disabled (forward_proxy.enabled: false)", failure: "forward_disabled", explain: view.settings.explainBlocks }, { door: "connect", method: "CONNECT" });
    }
    handleConnect(ctx, req, socket, head, tunnels, o.interceptor).catch(() => socket.destroy());
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    guard.release(req.socket);
    socket.on("error", () => {});
    const view = ctx.view();
    const base = { door: "websocket" as const, method: req.method ?? "GET" };
    const explain = view.settings.explainBlocks;
    const killed = killSwitchBlock(ctx, explain);
    if (killed) return void sendRawBlock(socket, ctx.sink, killed, base);
    if (!authorized(o, req)) return void sendRawBlock(socket, ctx.sink, authBlock(explain), base);
    const url = req.url ?? "";
    const isWs = url === "/ws" || url.startsWith("/ws?");
    const absolute = /^https?:\/\//i.test(url);
    if (!o.upgrade || (!isWs && !absolute)) {
      return void sendRawBlock(socket, ctx.sink, { code: "bad_request", direction: "request", reason: o.upgrade ? "upgrades are served on /ws?url=ws(s)://… or as absolute-URI proxy requests" : "the WebSocket door is not available in this build", failure: "bad_upgrade", explain }, base);
    }
    let target: URL | undefined;
    if (absolute) {
      try {
        target = new URL(url);
      } catch {
        return void sendRawBlock(socket, ctx.sink, { code: "bad_request", direction: "request", reason: "the request target is not a valid URL", failure: "bad_request", explain }, base);
      }
    }
    o.upgrade.handleUpgrade(req, socket, head, target);
  });
  server.on("clientError", (err: Error, socket: Duplex) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
    void err;
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.hostname, () => {
      server.off("error", reject);
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : o.port;
      resolve({
        port,
        server,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of live) socket.destroy();
            server.closeAllConnections?.();
          }),
      });
    });
  });
}

async function route(o: MainListenerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ctx } = o;
  const target = req.url ?? "";
  if (target.startsWith("/")) {
    const path = target.split("?", 1)[0];
    if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      const body = JSON.stringify(o.health()) + "\n";
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    const explain = ctx.view().settings.explainBlocks;
    const killed = killSwitchBlock(ctx, explain);
    if (killed) return sendBlock(res, ctx.sink, killed, { door: path === "/ws" ? "websocket" : "fetch", method: req.method ?? "GET" });
    if (!authorized(o, req)) return sendBlock(res, ctx.sink, authBlock(explain), { door: "fetch", method: req.method ?? "GET" });
    if (path === "/fetch") return handleFetch(ctx, req, res);
    if (path === "/ws") {
      return sendBlock(res, ctx.sink, { code: "bad_request", direction: "request", reason: "/ws needs a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket)", failure: "bad_upgrade", explain }, { door: "websocket", method: req.method ?? "GET" });
    }
    res.writeHead(404, { "Content-Type": "application/json; charset=utf-8" });
    res.end(JSON.stringify({ error: "not_found", message: "pipelock serves /health, /fetch?url=, /ws?url= and proxy requests (absolute URI or CONNECT) here" }) + "\n");
    return;
  }
  const view = ctx.view();
  const explain = view.settings.explainBlocks;
  const killed = killSwitchBlock(ctx, explain);
  if (killed) return sendBlock(res, ctx.sink, killed, { door: "forward", method: req.method ?? "GET" });
  if (!authorized(o, req)) return sendBlock(res, ctx.sink, authBlock(explain), { door: "forward", method: req.method ?? "GET" });
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return sendBlock(res, ctx.sink, { code: "bad_request", direction: "request", reason: "the request target is neither a path nor an absolute http(s) URL", failure: "bad_request", explain }, { door: "forward", method: req.method ?? "GET" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return sendBlock(res, ctx.sink, { code: "bad_request", direction: "request", reason: `scheme ${url.protocol.slice(0, 20)} is not proxied`, failure: "bad_request", explain }, { door: "forward", method: req.method ?? "GET" });
  }
  if (!view.settings.forward.enabled) {
    return sendBlock(res, ctx.sink, { code: "method_not_allowed", direction: "request", reason: "the forward proxy is disabled (forward_proxy.enabled: false)", failure: "forward_disabled", explain }, { door: "forward", method: req.method ?? "GET" });
  }
  return proxyExchange(ctx, req, res, { url, door: "forward" });
}

function authorized(o: MainListenerOptions, req: IncomingMessage): boolean {
  return proxyAuthorized(rawHeader(req.rawHeaders, "proxy-authorization"), o.ctx.view().settings.auth);
}

function authBlock(explain: boolean) {
  return { code: "proxy_auth_required" as const, direction: "request" as const, reason: "proxy authentication required", failure: "proxy_auth", explain };
}

function internalError(o: MainListenerOptions, res: ServerResponse, err: unknown): void {
  sendBlock(
    res,
    o.ctx.sink,
    { code: "upstream_failed", direction: "request", reason: `internal error (${String((err as Error)?.message ?? err).slice(0, 120)}); denied (fail closed)`, failure: "internal_error", explain: false },
    { door: "forward" },
  );
}
