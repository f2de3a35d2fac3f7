/**
 * @module Loopback WebSocket harness: a `ws` upstream server with scripted behaviour, a node:http
 * listener whose 'upgrade' event goes to handleWsUpgrade, a recording loopback connector, and a
 * recording event sink. Nothing leaves 127.0.0.1.
 */
import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer } from "ws";
import { toWebsocketSettings, WEBSOCKET_PROXY_DEFAULT, type WebsocketSettings } from "../../../src/config/sections/websocket-proxy.ts";
import type { DecisionEvent } from "../../../src/evidence/index.ts";
import { createConnectionGate, handleWsUpgrade, type ScanMessage, type WsDoorDeps } from "../../../src/doors/websocket/index.ts";
import type { Connector, UpstreamTarget } from "../../../src/doors/upstream/index.ts";

export interface UpstreamLog {
  messages: { data: string; binary: boolean }[];
  closes: { code: number; reason: string }[];
  protocols: string[];
  headers: http.IncomingHttpHeaders[];
}

export interface WsHarness {
  proxyPort: number;
  upstreamPort: number;
  upstream: UpstreamLog;
  events: DecisionEvent[];
  targets: UpstreamTarget[];
  /** Connect a ws client through /ws?url= to the upstream path. */
  client(path?: string, options?: WebSocket.ClientOptions & { protocols?: string[] }): WebSocket;
  close(): Promise<void>;
}

export interface WsHarnessOptions {
  scanMessage: ScanMessage;
  settings?: Partial<WebsocketSettings>;
  connector?: Connector;
  deps?: Partial<WsDoorDeps>;
  /** Upstream behaviour on each message (default: echo). */
  onUpstreamMessage?: (ws: WebSocket, data: WebSocket.RawData, binary: boolean) => void;
}

export const baseSettings = (over: Partial<WebsocketSettings> = {}): WebsocketSettings => ({ ...toWebsocketSettings(WEBSOCKET_PROXY_DEFAULT), ...over });

export async function startWsHarness(options: WsHarnessOptions): Promise<WsHarness> {
  const upstream: UpstreamLog = { messages: [], closes: [], protocols: [], headers: [] };
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, handleProtocols: (set) => (set.has("chat") ? "chat" : false) });
  wss.on("headers", () => {});
  wss.on("connection", (ws, req) => {
    upstream.headers.push(req.headers);
    upstream.protocols.push(ws.protocol);
    ws.on("message", (data, binary) => {
      upstream.messages.push({ data: data.toString(), binary });
      if (options.onUpstreamMessage) options.onUpstreamMessage(ws, data, binary);
      else ws.send(data, { binary });
    });
    ws.on("close", (code, reason) => upstream.closes.push({ code, reason: reason.toString() }));
    ws.on("error", () => {});
  });
  await new Promise<void>((r) => wss.once("listening", () => r()));
  const upstreamPort = (wss.address() as net.AddressInfo).port;
  const events: DecisionEvent[] = [];
  const targets: UpstreamTarget[] = [];
  const connector: Connector =
    options.connector ??
    ((target) =>
      new Promise<Duplex>((resolve, reject) => {
        targets.push(target);
        const s = net.connect(target.port, "127.0.0.1", () => resolve(s));
        s.once("error", reject);
      }));
  const settings = baseSettings(options.settings);
  const deps: WsDoorDeps = {
    connector,
    scanMessage: options.scanMessage,
    sink: { emit: (e) => events.push(e) },
    settings,
    gate: createConnectionGate(settings.maxConnections),
    ...options.deps,
  };
  const sockets = new Set<Duplex>();
  const server = http.createServer((_q, s) => s.writeHead(404).end());
  server.on("upgrade", (req, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    void handleWsUpgrade(req, socket, head, deps);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const proxyPort = (server.address() as net.AddressInfo).port;
  const clients: WebSocket[] = [];
  return {
    proxyPort,
    upstreamPort,
    upstream,
    events,
    targets,
    client(path = "/echo", clientOptions = {}) {
      const { protocols, ...rest } = clientOptions;
      const ws = new WebSocket(`ws://127.0.0.1:${proxyPort}/ws?url=${encodeURIComponent(`ws://127.0.0.1:${upstreamPort}${path}`)}`, protocols ?? [], rest);
      ws.on("error", () => {});
      clients.push(ws);
      return ws;
    },
    async close() {
      for (const c of clients) c.terminate();
      for (const s of sockets) s.destroy();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export const opened = (ws: WebSocket) =>
  new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });

export const nextMessage = (ws: WebSocket) => new Promise<{ data: string; binary: boolean }>((r) => ws.once("message", (d, binary) => r({ data: d.toString(), binary })));

export const closed = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((r) => ws.once("close", (code, reason) => r({ code, reason: reason.toString() })));

/** Status and body of a refused upgrade. */
export const refused = (ws: WebSocket) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    ws.once("open", () => reject(new Error("upgrade unexpectedly succeeded")));
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });

/** Wait until `predicate` holds (polling the event loop, bounded). */
export async function until(predicate: () => boolean, what: string, maxTurns = 500): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
