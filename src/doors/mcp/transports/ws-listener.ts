/**
 * @module The MCP WebSocket listener (`mcp proxy --upstream ws(s)://… --listen ADDR`): one upstream
 * WebSocket per client connection, subprotocol `mcp`, one JSON-RPC message per text frame (Bun
 * reassembles fragments), each through the connection's guard in order per direction. Binary
 * frames and messages over the bound close the connection (1003 / 1009); a client origin that is
 * not loopback or listed is refused before the upgrade. Uses Bun's own WebSocket server and client.
 */
import { emitMcpEvent, failureVerdict, type McpGuard } from "../inspect/index.ts";
import { utf8Length } from "../jsonrpc/index.ts";
import { McpSession } from "../session/index.ts";
import { originAllowed } from "./http-io.ts";
import type { McpListenerOptions } from "./listener-options.ts";

export const MCP_SUBPROTOCOL = "mcp";
/** Messages queued for an upstream that is still connecting. */
const MAX_EARLY_MESSAGES = 64;

export interface McpWsListenerOptions extends McpListenerOptions {
  readonly maxConnections: number;
}

interface Conn {
  guard: McpGuard;
  upstream: WebSocket;
  early: string[];
  toServer: Promise<void>;
  toClient: Promise<void>;
  protocols: string[];
}

/** A close code that may be sent on the wire (1005/1006/1015 and unknown ones become 1011). */
export function sendableCode(code: number): number {
  if (code === 1000 || code === 1001 || code === 1002 || code === 1003) return code;
  if ((code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)) return code;
  return 1011;
}

export interface McpWsListener {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function startMcpWsListener(o: McpWsListenerOptions): McpWsListener {
  let open = 0;
  const server = Bun.serve<Conn | undefined>({
    hostname: o.hostname,
    port: o.port,
    fetch(req, srv) {
      const url = new URL(req.url);
      if (url.pathname === "/health") return Response.json({ status: "ok" });
      if (!originAllowed(req.headers.get("origin"), o.allowedOrigins)) return refuse(403, "origin_refused", "this Origin is not allowed");
      if (open >= o.maxConnections) return refuse(503, "too_many_connections", "too many MCP WebSocket connections");
      const offered = (req.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim()).filter((p) => p.length > 0);
      const headers = offered.includes(MCP_SUBPROTOCOL) ? { "Sec-WebSocket-Protocol": MCP_SUBPROTOCOL } : undefined;
      if (srv.upgrade(req, { data: undefined, ...(headers ? { headers } : {}) })) return undefined;
      return refuse(426, "not_websocket", "this listener speaks MCP over WebSocket");
    },
    websocket: {
      maxPayloadLength: o.maxMessageBytes,
      idleTimeout: 0,
      open(ws) {
        open++;
        const guard = o.makeGuard(new McpSession(`ws-${crypto.randomUUID()}`, o.pins));
        const upstream = new WebSocket(o.upstream.href, [MCP_SUBPROTOCOL]);
        const conn: Conn = { guard, upstream, early: [], toServer: Promise.resolve(), toClient: Promise.resolve(), protocols: [MCP_SUBPROTOCOL] };
        ws.data = conn;
        upstream.onopen = () => {
          for (const m of conn.early) upstream.send(m);
          conn.early = [];
        };
        upstream.onmessage = (ev) => {
          if (typeof ev.data !== "string") return closeBoth(ws, conn, 1003, "binary frames are not MCP");
          const text = ev.data;
          conn.toClient = conn.toClient.then(async () => {
            const bytes = utf8Length(text, o.maxMessageBytes);
            const d = bytes > o.maxMessageBytes ? guard.refuse("server", "oversize", `a message of ${bytes} bytes is over the limit`, bytes) : await guard.receive("server", text, bytes);
            if (d.forward !== undefined) ws.send(d.forward);
            if (d.reply !== undefined && !sendUpstream(conn, d.reply)) closeBoth(ws, conn, 1011, "upstream gone");
          });
        };
        upstream.onclose = (ev) => closeBoth(ws, conn, sendableCode(ev.code), "upstream closed");
        upstream.onerror = () => closeBoth(ws, conn, 1011, "upstream failed");
      },
      message(ws, message) {
        const conn = ws.data;
        if (conn === undefined) return;
        if (typeof message !== "string") return closeBoth(ws, conn, 1003, "binary frames are not MCP");
        conn.toServer = conn.toServer.then(async () => {
          const d = await conn.guard.receive("client", message);
          if (d.forward !== undefined && !sendUpstream(conn, d.forward)) return closeBoth(ws, conn, 1013, "upstream not ready");
          if (d.reply !== undefined) ws.send(d.reply);
        });
      },
      close(ws) {
        open--;
        const conn = ws.data;
        if (conn === undefined) return;
        conn.guard.session.close("the client closed the connection");
        try {
          conn.upstream.close(1000);
        } catch {
          // already closed
        }
      },
    },
  });

  /** False when the message cannot be delivered (the caller closes: never a silent drop). */
  function sendUpstream(conn: Conn, text: string): boolean {
    if (conn.upstream.readyState === WebSocket.OPEN) conn.upstream.send(text);
    else if (conn.upstream.readyState === WebSocket.CONNECTING && conn.early.length < MAX_EARLY_MESSAGES) conn.early.push(text);
    else return false;
    return true;
  }

  function closeBoth(ws: { close(code?: number, reason?: string): void }, conn: Conn, code: number, reason: string): void {
    conn.guard.session.close(reason);
    try {
      ws.close(code, reason);
    } catch {
      // gone
    }
    try {
      conn.upstream.close(1000);
    } catch {
      // gone
    }
  }

  function refuse(status: number, failure: string, reason: string): Response {
    emitMcpEvent(o.sink, { door: "mcp_ws", session: "-", direction: "request", verdict: failureVerdict(failure, reason), target: "websocket", startedAt: performance.now() });
    return new Response(`pipelock: ${reason}\n`, { status });
  }

  return {
    url: `ws://${o.hostname.includes(":") ? `[${o.hostname}]` : o.hostname}:${server.port}`,
    port: server.port ?? o.port,
    async stop() {
      await server.stop(true);
    },
  };
}
