/**
 * @module WebSocket inside an intercepted CONNECT tunnel: agent → CONNECT → pipelock's leaf (TLS) →
 * inner node:http 'upgrade' → proxyWebSocket to wss://<CONNECT host><path> → a loopback wss upstream
 * whose certificate is trusted through the configured upstream CA. Scanning applies inside the tunnel.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import WebSocket, { WebSocketServer } from "ws";
import { createCa, createInterceptor, issueLeaf, loadCa, serveTlsConnection } from "../../../src/doors/tls/index.ts";
import { createDial, type Connector } from "../../../src/doors/upstream/index.ts";
import { createConnectionGate, proxyWebSocket, type ScanMessage } from "../../../src/doors/websocket/index.ts";
import type { DecisionEvent } from "../../../src/evidence/index.ts";
import { connectTunnel } from "../tls/_harness.ts";
import { baseSettings, closed, nextMessage, opened } from "./_harness.ts";

const agentCa = createCa();
const upstreamCa = createCa();
const HOST = "chat.example.test";
let proxyPort = 0;
const events: DecisionEvent[] = [];
const upstreamSeen: string[] = [];
const cleanups: (() => void)[] = [];

const scanMessage: ScanMessage = async (text, direction) =>
  direction === "client_to_server" && text.includes("FAKESECRET") ? { allow: false, reason: "blocked by pipelock: outgoing message" } : { allow: true };

beforeAll(async () => {
  // The real upstream: wss with a certificate from a CA only the upstream leg trusts.
  const leaf = await issueLeaf(loadCa(upstreamCa), HOST);
  const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws, req) => {
    upstreamSeen.push(`${req.headers.host} ${req.url}`);
    ws.on("message", (d) => ws.send(`echo:${d}`));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const upstreamPort = (server.address() as net.AddressInfo).port;
  const dial = createDial({ extraCa: [upstreamCa.certPem] });
  const connector: Connector = (t, signal) => dial({ address: "127.0.0.1", port: upstreamPort, tls: t.tls, servername: t.host, alpn: ["http/1.1"] }, signal);

  const interceptor = createInterceptor({ ca: loadCa(agentCa), settings: { enabled: true, passthroughDomains: [], certTtlMs: 3_600_000, certCacheSize: 10, handshakeTimeoutMs: 5_000 } });
  const deps = { connector, scanMessage, sink: { emit: (e: DecisionEvent) => events.push(e) }, settings: baseSettings(), gate: createConnectionGate(10) };
  const proxy = http.createServer();
  proxy.on("connect", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const [host = "", port = "443"] = (req.url ?? "").split(/:(?=\d+$)/);
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    const inner = http.createServer((_q, s) => s.writeHead(404).end());
    inner.on("upgrade", (ireq: http.IncomingMessage, isock: Duplex, ihead: Buffer) => {
      const target = new URL(`wss://${host}${port === "443" ? "" : `:${port}`}${ireq.url ?? "/"}`);
      void proxyWebSocket(ireq, isock, ihead, target, deps);
    });
    interceptor.acceptTls(socket, host, { head }).then((t) => serveTlsConnection(inner, t), () => socket.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyPort = (proxy.address() as net.AddressInfo).port;
  cleanups.push(() => proxy.close(), () => wss.close(), () => server.close());
});
afterAll(() => cleanups.forEach((c) => c()));

async function wsThroughTunnel(path: string): Promise<WebSocket> {
  const raw = await connectTunnel(proxyPort, `${HOST}:443`);
  const ws = new WebSocket(`wss://${HOST}${path}`, { createConnection: () => tls.connect({ socket: raw, servername: HOST, ca: agentCa.certPem }) });
  ws.on("error", () => {});
  return ws;
}

test("a wss conversation inside an intercepted tunnel is relayed and scanned", async () => {
  const ws = await wsThroughTunnel("/room/7?lang=en");
  await opened(ws);
  ws.send("hello through the tunnel");
  expect((await nextMessage(ws)).data).toBe("echo:hello through the tunnel");
  expect(upstreamSeen).toContain(`${HOST} /room/7?lang=en`);
  expect(events.find((e) => e.status === 101)).toMatchObject({ decision: "allow", target: `wss://${HOST}/room/7` });
  ws.close();
  await closed(ws);
});

test("a secret sent inside the tunnel closes it with 1008", async () => {
  const ws = await wsThroughTunnel("/room/8");
  await opened(ws);
  const done = closed(ws);
  ws.send("here: FAKESECRET", { fin: false });
  ws.send("-77", { fin: true });
  expect((await done).code).toBe(1008);
});
