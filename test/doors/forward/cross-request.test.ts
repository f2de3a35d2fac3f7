/**
 * Cross-request detection through the HTTP doors: a made-up AWS-format key split over three
 * requests' query values (or three WebSocket messages, or three reverse-proxy bodies) is blocked on
 * the piece that completes it, with one deny event; ordinary sequences pass; the section switches off.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startMainListener } from "../../../src/doors/forward/index.ts";
import { startReverseProxy, type ReverseProxy } from "../../../src/doors/reverse/index.ts";
import { createDoorRuntime } from "../../../src/commands/_http-doors.ts";
import { buildFrom, stubResolver } from "../../helpers/policy.ts";
import { eventually, loopbackDial, startHarness, startUpstream, TEST_CONFIG, viaProxy, type Harness, type Upstream } from "../http/fixtures.ts";

/** Invented for this test: AWS access-key shape, no real key. Split into pieces no rule matches alone. */
const FAKE_KEY = "AKIA" + "QX7PLM3ZT5RWK4VB";
const PIECES = [FAKE_KEY.slice(0, 7), FAKE_KEY.slice(7, 14), FAKE_KEY.slice(14)];
const BENIGN = ["weather", "berlin", "tomorrow"];

let up: Upstream;
let wsUp: ReturnType<typeof Bun.serve>;
const got: string[] = [];
const wsGot: string[] = [];

beforeAll(() => {
  up = startUpstream(async (req) => {
    got.push(new URL(req.url).search + (await req.text()));
    return new Response("ok", { headers: { "content-type": "text/plain" } });
  });
  wsUp = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req, server) {
      return server.upgrade(req, { data: undefined }) ? undefined : new Response("no", { status: 400 });
    },
    websocket: {
      message(ws, msg) {
        wsGot.push(String(msg));
        ws.send(`echo ${String(msg)}`);
      },
    },
  });
});
afterAll(() => {
  up.stop();
  wsUp.stop(true);
});

const target = (q: string) => `http://api.test:${up.port}/search?q=${encodeURIComponent(q)}`;

async function sequence(h: Harness, values: readonly string[], agent: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const v of values) statuses.push((await viaProxy(h.port, target(v), { headers: { "X-Pipelock-Agent": agent } })).status);
  return statuses;
}

describe("forward proxy", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  test("each piece alone passes; the request completing the key is blocked with one deny event", async () => {
    const before = h.events.length;
    const statuses = await sequence(h, PIECES, "split-agent");
    expect(statuses).toEqual([200, 200, 403]);
    await eventually(() => h.events.length === before + 3);
    const events = h.events.slice(before);
    expect(events.map((e) => e.decision)).toEqual(["allow", "allow", "deny"]);
    const deny = events[2]!;
    expect(deny.status).toBe(403);
    expect(deny.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(deny)).not.toContain(FAKE_KEY);
    expect(got.some((s) => s.includes(PIECES[2]!))).toBe(false);
  });

  test("a benign sequence passes", async () => {
    expect(await sequence(h, BENIGN, "benign-agent")).toEqual([200, 200, 200]);
  });

  test("sessions are per agent: pieces from different agents are not joined", async () => {
    const statuses = [];
    for (const [i, v] of PIECES.entries()) statuses.push((await viaProxy(h.port, target(v), { headers: { "X-Pipelock-Agent": `solo-${i}` } })).status);
    expect(statuses).toEqual([200, 200, 200]);
  });
});

describe("switched off", () => {
  test("cross_request_detection.enabled: false lets the same sequence through", async () => {
    const h = await startHarness({ config: `${TEST_CONFIG}\ncross_request_detection:\n  enabled: false\n` });
    try {
      expect(h.runtime.ctx.view().crossRequest).toBeUndefined();
      expect(await sequence(h, PIECES, "split-agent")).toEqual([200, 200, 200]);
    } finally {
      await h.stop();
    }
  });
});

describe("reload", () => {
  test("what a session sent before a reload still counts after it", async () => {
    let build = buildFrom(TEST_CONFIG);
    const runtime = createDoorRuntime({ current: () => build, sink: { emit() {} }, resolver: stubResolver({ "api.test": ["127.0.0.1"] }), dial: loopbackDial([]) });
    const listener = await startMainListener({ hostname: "127.0.0.1", port: 0, ctx: runtime.ctx, health: () => ({}) });
    try {
      const statuses: number[] = [];
      for (const [i, piece] of PIECES.entries()) {
        if (i === 2) {
          build = buildFrom(`${TEST_CONFIG}\ncross_request_detection:\n  fragment_reassembly:\n    window_minutes: 10\n`);
          runtime.reloaded(build);
        }
        statuses.push((await viaProxy(listener.port, target(piece), { headers: { "X-Pipelock-Agent": "reload-agent" } })).status);
      }
      expect(statuses).toEqual([200, 200, 403]);
    } finally {
      await listener.stop();
    }
  });
});

describe("WebSocket", () => {
  test("a key split over three client messages closes the connection on the third", async () => {
    const h = await startHarness({ websocket: true });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws?url=${encodeURIComponent(`ws://api.test:${wsUp.port}/`)}`);
      const replies: string[] = [];
      ws.onmessage = (m) => replies.push(String(m.data));
      const closed = new Promise<number>((r) => (ws.onclose = (e) => r(e.code)));
      await new Promise<void>((r, j) => {
        ws.onopen = () => r();
        ws.onerror = () => j(new Error("ws error"));
      });
      ws.send(`note ${PIECES[0]}`);
      await eventually(() => replies.length === 1);
      ws.send(PIECES[1]!);
      await eventually(() => replies.length === 2);
      ws.send(PIECES[2]!);
      expect(await closed).toBe(1008);
      expect(wsGot).not.toContain(PIECES[2]!);
    } finally {
      await h.stop();
    }
  });
});

describe("reverse proxy", () => {
  test("a key split over three JSON bodies is blocked on the third", async () => {
    const h = await startHarness();
    let rp: ReverseProxy | undefined;
    try {
      rp = await startReverseProxy({ hostname: "127.0.0.1", port: 0, upstream: new URL(`http://127.0.0.1:${up.port}`), ctx: h.runtime.ctx });
      const statuses: number[] = [];
      for (const piece of PIECES) {
        const r = await fetch(`http://127.0.0.1:${rp.port}/notes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ note: piece }) });
        await r.text();
        statuses.push(r.status);
      }
      expect(statuses).toEqual([200, 200, 403]);
    } finally {
      await rp?.stop();
      await h.stop();
    }
  });
});
