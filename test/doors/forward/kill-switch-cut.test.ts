/**
 * Engaging the kill switch cuts connections that are already open, through the same wiring
 * `pipelock run` uses (a real src/ops KillSwitch, cutOnKillSwitch): a passthrough CONNECT tunnel is
 * closed on both sides, a WebSocket relay sends 1008 naming the kill switch both ways; each cut is
 * one deny event with its door. After release, new tunnels work again. Loopback only.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import net from "node:net";
import WebSocket from "ws";
import { cutOnKillSwitch } from "../../../src/commands/_http-doors.ts";
import { KillSwitch } from "../../../src/ops/index.ts";
import { eventually, readUntilClose, startHarness, startRawUpstream, startTickingSse, startWsUpstream, TEST_CONFIG, type Harness, type Upstream } from "../http/fixtures.ts";

const MESSAGE = "Emergency deny-all active";
let ks: KillSwitch;
let stopCutting: () => void;
let h: Harness;
let echo: Upstream & { sockets: net.Socket[] };
const echoClosed = new Set<net.Socket>();
let wsUp: ReturnType<typeof startWsUpstream>;
let sseUp: ReturnType<typeof startTickingSse>;

beforeAll(async () => {
  ks = new KillSwitch({ enabled: false, message: MESSAGE, allowlistIps: [], healthExempt: true, metricsExempt: true });
  echo = await startRawUpstream((s) => {
    s.on("close", () => echoClosed.add(s));
    s.pipe(s);
  });
  sseUp = startTickingSse();
  wsUp = startWsUpstream((text) => `echo: ${text}`);
  // SNI verification off: the tunnel carries plain bytes to the echo server.
  h = await startHarness({ config: `${TEST_CONFIG}\nforward_proxy:\n  sni_verification: false\n`, websocket: true, killSwitch: () => ks.reason() });
  stopCutting = cutOnKillSwitch(ks, h.runtime.live);
});
afterAll(async () => {
  stopCutting();
  await h.stop();
  echo.stop();
  wsUp.stop();
  sseUp.stop();
});

/** Open a CONNECT tunnel to the echo server and prove bytes flow through it. */
async function openTunnel(): Promise<{ socket: net.Socket; upstream: net.Socket; closed: Promise<void> }> {
  const known = echo.sockets.length;
  const socket = net.connect(h.port, "127.0.0.1");
  socket.on("error", () => {});
  const closed = new Promise<void>((r) => socket.once("close", () => r()));
  await new Promise<void>((r) => socket.once("connect", () => r()));
  socket.write(`CONNECT api.test:${echo.port} HTTP/1.1\r\nHost: api.test:${echo.port}\r\n\r\n`);
  let got = "";
  socket.on("data", (c: Buffer) => (got += c.toString("latin1")));
  await eventually(() => got.includes("\r\n\r\n"));
  expect(got).toStartWith("HTTP/1.1 200");
  socket.write("ping-through-tunnel");
  await eventually(() => got.endsWith("ping-through-tunnel"));
  expect(echo.sockets.length).toBe(known + 1);
  return { socket, upstream: echo.sockets.at(-1)!, closed };
}

function cutEvents(from: number) {
  return h.events.slice(from).filter((e) => e.failure === "kill_switch_active");
}

describe("kill switch cuts open connections", () => {
  test("an open CONNECT tunnel is closed on both sides, with one deny event", async () => {
    const t = await openTunnel();
    const before = h.events.length;
    ks.setApi(true, "test");
    try {
      await t.closed;
      await eventually(() => echoClosed.has(t.upstream));
      const cuts = cutEvents(before);
      expect(cuts).toHaveLength(1);
      expect(cuts[0]).toMatchObject({ door: "connect", decision: "deny", method: "CONNECT", target: `https://api.test:${echo.port}` });
      expect(h.runtime.live.size).toBe(0);
    } finally {
      ks.setApi(false, "test");
    }
  });

  test("an open WebSocket through /ws gets a 1008 close naming the kill switch, and so does the upstream", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws?url=${encodeURIComponent(`ws://api.test:${wsUp.port}/chat`)}`);
    ws.on("error", () => {});
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.once("close", (code, reason) => r({ code, reason: reason.toString() })));
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("unexpected-response", (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    const reply = new Promise<string>((r) => ws.once("message", (d) => r(d.toString())));
    ws.send("hello");
    expect(await reply).toBe("echo: hello");
    const before = h.events.length;
    const upCloses = wsUp.closes.length;
    ks.toggleSignal();
    try {
      const close = await closed;
      expect(close.code).toBe(1008);
      expect(close.reason).toContain("kill switch");
      await eventually(() => wsUp.closes.length > upCloses);
      expect(wsUp.closes.at(-1)!.code).toBe(1008);
      expect(wsUp.closes.at(-1)!.reason).toContain("kill switch");
      const cuts = cutEvents(before);
      expect(cuts).toHaveLength(1);
      expect(cuts[0]).toMatchObject({ door: "websocket", decision: "deny", status: 1008 });
      expect(cuts[0]!.target).toContain(`api.test:${wsUp.port}/chat`);
    } finally {
      ks.toggleSignal();
    }
  });

  test("a response still streaming through the forward proxy (SSE) is cut, with one deny event and no second one", async () => {
    const socket = net.connect(h.port, "127.0.0.1");
    socket.on("error", () => {});
    const closed = new Promise<void>((r) => socket.once("close", () => r()));
    let got = "";
    socket.on("data", (c: Buffer) => (got += c.toString("latin1")));
    socket.write(`GET http://api.test:${sseUp.port}/events HTTP/1.1\r\nHost: api.test:${sseUp.port}\r\n\r\n`);
    await eventually(() => got.includes("tick 2"));
    expect(h.runtime.live.size).toBe(1);
    const before = h.events.length;
    ks.setApi(true, "test");
    try {
      await closed;
      const cuts = cutEvents(before);
      expect(cuts).toHaveLength(1);
      expect(cuts[0]).toMatchObject({ door: "forward", decision: "deny", method: "GET" });
      await eventually(() => sseUp.cancelled());
      await Bun.sleep(50);
      expect(h.events.length).toBe(before + 1);
      expect(h.runtime.live.size).toBe(0);
    } finally {
      ks.setApi(false, "test");
    }
  });

  test("while engaged, new tunnels are refused; after release, new tunnels work again", async () => {
    ks.setApi(true, "test");
    const s = net.connect(h.port, "127.0.0.1");
    s.on("error", () => {});
    s.write(`CONNECT api.test:${echo.port} HTTP/1.1\r\nHost: api.test\r\n\r\n`);
    expect(await readUntilClose(s)).toStartWith("HTTP/1.1 503");
    ks.setApi(false, "test");
    expect(ks.active()).toBe(false);
    const t = await openTunnel();
    expect(h.runtime.live.size).toBe(1);
    t.socket.destroy();
    await eventually(() => h.runtime.live.size === 0);
  });

  test("several tunnels and a relay are all cut by one engagement, one event each", async () => {
    const tunnels = [await openTunnel(), await openTunnel()];
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws?url=${encodeURIComponent(`ws://api.test:${wsUp.port}/multi`)}`);
    ws.on("error", () => {});
    const wsClosed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    await new Promise<void>((r) => ws.once("open", () => r()));
    await eventually(() => h.runtime.live.size === 3);
    const before = h.events.length;
    ks.setApi(true, "test");
    try {
      await Promise.all(tunnels.map((t) => t.closed));
      expect(await wsClosed).toBe(1008);
      expect(cutEvents(before).map((e) => e.door).sort()).toEqual(["connect", "connect", "websocket"]);
    } finally {
      ks.setApi(false, "test");
    }
  });
});
