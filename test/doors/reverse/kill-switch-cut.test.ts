/**
 * The reverse proxy under the kill switch: a response still streaming when the switch engages is
 * cut (the client's read fails, the upstream stream is cancelled), recorded once as a deny with
 * failure kill_switch_active; new requests are refused with 503 until release.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createDoorRuntime, cutOnKillSwitch, type DoorRuntime } from "../../../src/commands/_http-doors.ts";
import { startReverseProxy, type ReverseProxy } from "../../../src/doors/reverse/index.ts";
import type { DecisionEvent } from "../../../src/evidence/index.ts";
import { KillSwitch } from "../../../src/ops/index.ts";
import { buildFrom, stubResolver } from "../../helpers/policy.ts";
import { eventually, startTickingSse } from "../http/fixtures.ts";

let upstream: ReturnType<typeof startTickingSse>;
let proxy: ReverseProxy;
let runtime: DoorRuntime;
let ks: KillSwitch;
let stopCutting: () => void;
const events: DecisionEvent[] = [];

beforeAll(async () => {
  upstream = startTickingSse();
  ks = new KillSwitch({ enabled: false, message: "Emergency deny-all active", allowlistIps: [], healthExempt: true, metricsExempt: true });
  const build = buildFrom("");
  runtime = createDoorRuntime({ current: () => build, sink: { emit: (e) => events.push(e) }, resolver: stubResolver({}), killSwitch: () => ks.reason() });
  stopCutting = cutOnKillSwitch(ks, runtime.live);
  proxy = await startReverseProxy({ hostname: "127.0.0.1", port: 0, upstream: new URL(`http://127.0.0.1:${upstream.port}`), ctx: runtime.ctx });
});
afterAll(async () => {
  stopCutting();
  await proxy.stop();
  upstream.stop();
});

describe("reverse proxy and the kill switch", () => {
  test("a streaming response is cut when the switch engages, with one deny event; new requests get 503 until release", async () => {
    const r = await fetch(`http://127.0.0.1:${proxy.port}/events`);
    expect(r.status).toBe(200);
    const reader = r.body!.getReader();
    let text = "";
    while (!text.includes("tick 2")) text += new TextDecoder().decode((await reader.read()).value);
    expect(runtime.live.size).toBe(1);
    const before = events.length;
    ks.setApi(true, "test");
    try {
      // An SSE stream ends after an explanatory pipelock event (other bodies are cut mid-way).
      let tail = "";
      const rest = (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return "ended";
          tail += new TextDecoder().decode(value);
        }
      })().catch(() => "cut");
      expect(["ended", "cut"]).toContain(await rest);
      if (!tail.includes("pipelock")) console.log(JSON.stringify(tail.slice(-300)));
      expect(tail).toContain("event: pipelock_blocked");
      await eventually(() => upstream.cancelled());
      const cuts = events.slice(before).filter((e) => e.failure === "kill_switch_active");
      expect(cuts).toHaveLength(1);
      expect(cuts[0]).toMatchObject({ door: "reverse", decision: "deny", method: "GET" });
      await Bun.sleep(50);
      expect(events.length).toBe(before + 1);
      expect((await fetch(`http://127.0.0.1:${proxy.port}/events`)).status).toBe(503);
    } finally {
      ks.setApi(false, "test");
    }
    expect(runtime.live.size).toBe(0);
  });
});
