/**
 * The kill switch inside TLS interception: an intercepted keep-alive connection is destroyed when the
 * switch engages (a request in flight loses its connection, the upstream call is abandoned), and a
 * WebSocket relayed inside an intercepted tunnel is closed with 1008 — one deny event per connection,
 * with the door it was opened through. Loopback only; the switch is a real src/ops KillSwitch wired
 * like `pipelock run` does (cutOnKillSwitch).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import net from "node:net";
import { randomBytes } from "node:crypto";
import tls from "node:tls";
import { cutOnKillSwitch } from "../../../src/commands/_http-doors.ts";
import { toWebsocketSettings, WEBSOCKET_PROXY_DEFAULT } from "../../../src/config/sections/websocket-proxy.ts";
import { createTunnelInterceptor, createWebSocketDoor } from "../../../src/doors/forward/index.ts";
import { createCa, createInterceptor, loadCa } from "../../../src/doors/tls/index.ts";
import { KillSwitch } from "../../../src/ops/index.ts";
import { eventually, startHarness, type Harness } from "../http/fixtures.ts";
import { makeTestCerts } from "../http/test-certs.ts";

let ks: KillSwitch;
let stopCutting: () => void;
let h: Harness;
let up: ReturnType<typeof Bun.serve>;
let pipelockCa: string;
const hanging: { path: string; aborted: boolean }[] = [];
const upCloses: number[] = [];

beforeAll(async () => {
  ks = new KillSwitch({ enabled: false, message: "Emergency deny-all active", allowlistIps: [], healthExempt: true, metricsExempt: true });
  const certs = makeTestCerts(["api.test"]);
  up = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    tls: { key: certs.keyPem, cert: certs.certPem },
    fetch(req, server) {
      const path = new URL(req.url).pathname;
      if (path === "/ws" && server.upgrade(req, { data: undefined })) return undefined;
      if (path === "/hang") {
        // Never answers: the request stays in flight until someone gives up on it.
        const entry = { path, aborted: false };
        hanging.push(entry);
        return new Promise<Response>((resolve) => req.signal.addEventListener("abort", () => ((entry.aborted = true), resolve(new Response("late")))));
      }
      return new Response(`upstream ${path}`, { headers: { "content-type": "text/plain" } });
    },
    websocket: {
      message(ws, msg) {
        ws.send(`echo: ${String(msg)}`);
      },
      close(_ws, code) {
        upCloses.push(code);
      },
    },
  });
  const files = createCa({ commonName: "pipelock test interception CA" });
  pipelockCa = files.certPem;
  const tlsDoor = createInterceptor({ ca: loadCa(files), settings: { enabled: true, passthroughDomains: [], certTtlMs: 3_600_000, certCacheSize: 10, handshakeTimeoutMs: 5_000 } });
  h = await startHarness({
    extraCa: [certs.caPem],
    killSwitch: () => ks.reason(),
    interceptorFor: (ctx) => {
      const wsDoor = createWebSocketDoor(ctx, () => toWebsocketSettings(WEBSOCKET_PROXY_DEFAULT));
      return createTunnelInterceptor(ctx, tlsDoor, wsDoor.tunnel);
    },
  });
  stopCutting = cutOnKillSwitch(ks, h.runtime.live);
});
afterAll(async () => {
  stopCutting();
  await h.stop();
  up.stop(true);
});

/** CONNECT, then TLS trusting pipelock's CA; resolves once the session is up. */
async function tunnel(): Promise<{ t: tls.TLSSocket; closed: Promise<void>; read: () => Buffer }> {
  const authority = `api.test:${up.port}`;
  const socket = net.connect(h.port, "127.0.0.1");
  socket.on("error", () => {});
  await new Promise<void>((r) => socket.once("connect", () => r()));
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`);
  const established = await new Promise<string>((r) => socket.once("data", (c: Buffer) => r(c.toString())));
  expect(established).toStartWith("HTTP/1.1 200");
  const t = tls.connect({ socket, servername: "api.test", ca: pipelockCa });
  t.on("error", () => {});
  let buf = Buffer.alloc(0);
  t.on("data", (c: Buffer) => (buf = Buffer.concat([buf, c])));
  const closed = new Promise<void>((r) => t.once("close", () => r()));
  await new Promise<void>((r) => t.once("secureConnect", () => r()));
  return { t, closed, read: () => buf };
}

const host = () => `api.test:${up.port}`;

/** A masked client text frame (short payloads). */
function textFrame(text: string): Buffer {
  const data = Buffer.from(text);
  const mask = randomBytes(4);
  return Buffer.concat([Buffer.from([0x81, 0x80 | data.length]), mask, Buffer.from(data.map((b, i) => b ^ mask[i % 4]!))]);
}

function cutEvents(from: number) {
  return h.events.slice(from).filter((e) => e.failure === "kill_switch_active");
}

describe("kill switch inside TLS interception", () => {
  test("a kept-alive intercepted connection with a request in flight is destroyed; one event for the connection, one for the request", async () => {
    const c = await tunnel();
    c.t.write(`GET /first HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
    await eventually(() => c.read().toString().includes("upstream /first"));
    const inFlight = hanging.length;
    c.t.write(`GET /hang HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
    await eventually(() => hanging.length === inFlight + 1);
    const before = h.events.length;
    ks.setApi(true, "test");
    try {
      await c.closed;
      await eventually(() => hanging.at(-1)!.aborted);
      const cuts = cutEvents(before);
      expect(cuts).toHaveLength(2);
      expect(cuts.find((e) => e.door === "connect")).toMatchObject({ decision: "deny", method: "CONNECT", target: `https://${host()}` });
      expect(cuts.find((e) => e.door === "forward")).toMatchObject({ decision: "deny", method: "GET" });
      expect(cuts.find((e) => e.door === "forward")!.target).toContain("/hang");
      await Bun.sleep(50);
      expect(h.events.length).toBe(before + 2);
      expect(h.runtime.live.size).toBe(0);
    } finally {
      ks.setApi(false, "test");
    }
  });

  test("a WebSocket inside an intercepted tunnel gets 1008 naming the kill switch, recorded once as websocket", async () => {
    const c = await tunnel();
    const key = randomBytes(16).toString("base64");
    c.t.write(`GET /ws HTTP/1.1\r\nHost: ${host()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    await eventually(() => c.read().includes("\r\n\r\n"));
    expect(c.read().toString("latin1")).toStartWith("HTTP/1.1 101");
    c.t.write(textFrame("hi"));
    await eventually(() => c.read().includes("echo: hi"));
    // The relay replaced the tunnel in the registry: one live connection, not two.
    expect(h.runtime.live.size).toBe(1);
    const before = h.events.length;
    const closes = upCloses.length;
    ks.toggleSignal();
    try {
      await c.closed;
      const raw = c.read();
      const at = raw.lastIndexOf(Buffer.from([0x88]));
      expect(at).toBeGreaterThan(0);
      const len = raw[at + 1]! & 0x7f;
      expect(raw.readUInt16BE(at + 2)).toBe(1008);
      expect(raw.subarray(at + 4, at + 2 + len).toString()).toContain("kill switch");
      await eventually(() => upCloses.length > closes);
      expect(upCloses.at(-1)).toBe(1008);
      const cuts = cutEvents(before);
      expect(cuts).toHaveLength(1);
      expect(cuts[0]).toMatchObject({ door: "websocket", decision: "deny", status: 1008 });
    } finally {
      ks.toggleSignal();
    }
  });

  test("after release, intercepted requests flow again", async () => {
    expect(ks.active()).toBe(false);
    const c = await tunnel();
    c.t.write(`GET /again HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`);
    await c.closed;
    expect(c.read().toString()).toContain("upstream /again");
  });
});
