/**
 * KillSwitch.onChange: subscribers hear the switch as a whole turn on and off (not every source
 * flip), can unsubscribe, cannot break it by throwing, and are bounded. cutOnKillSwitch (the wiring
 * `pipelock run` uses) cuts live connections on engagement only, with the switch's reason.
 */
import { describe, expect, test } from "bun:test";
import { cutOnKillSwitch } from "../../src/commands/_http-doors.ts";
import { createLiveConnections } from "../../src/doors/http/index.ts";
import type { DecisionEvent } from "../../src/evidence/index.ts";
import { KillSwitch, MAX_CHANGE_LISTENERS, type KillSwitchSettings } from "../../src/ops/index.ts";

const base: KillSwitchSettings = { enabled: false, message: "Emergency deny-all active", allowlistIps: [], healthExempt: true, metricsExempt: true };

describe("KillSwitch.onChange", () => {
  test("fires when the switch engages and releases, not when a second source joins or leaves", () => {
    const ks = new KillSwitch(base);
    const seen: boolean[] = [];
    ks.onChange((active) => seen.push(active));
    ks.setApi(true, "ops");
    ks.toggleSignal(); // already engaged
    ks.toggleSignal();
    ks.setApi(false, "ops");
    ks.update({ ...base, enabled: true });
    ks.update(base);
    expect(seen).toEqual([true, false, true, false]);
  });

  test("the listener sees the new state already in place", () => {
    const ks = new KillSwitch(base);
    const reasons: (string | undefined)[] = [];
    ks.onChange(() => reasons.push(ks.reason()));
    ks.setApi(true, "ops");
    expect(reasons).toEqual(["Emergency deny-all active (kill switch: api)"]);
  });

  test("unsubscribe stops notifications; a throwing listener does not stop the others or the switch", () => {
    const ks = new KillSwitch(base);
    const seen: boolean[] = [];
    ks.onChange(() => {
      throw new Error("broken subscriber");
    });
    const off = ks.onChange((a) => seen.push(a));
    ks.setApi(true, "ops");
    expect(ks.active()).toBe(true);
    off();
    ks.setApi(false, "ops");
    expect(seen).toEqual([true]);
    expect(ks.active()).toBe(false);
  });

  test("listeners are bounded", () => {
    const ks = new KillSwitch(base);
    for (let i = 0; i < MAX_CHANGE_LISTENERS; i++) ks.onChange(() => {});
    expect(() => ks.onChange(() => {})).toThrow(/change listeners/);
  });
});

describe("cutOnKillSwitch", () => {
  test("engaging cuts every live connection with the switch's reason; releasing cuts nothing", () => {
    const ks = new KillSwitch(base);
    const events: DecisionEvent[] = [];
    const live = createLiveConnections({ emit: (e) => events.push(e) });
    const cuts: string[] = [];
    live.register({ door: "connect", cut: (r) => cuts.push(r) });
    live.register({ door: "websocket", cut: (r) => cuts.push(r) });
    const off = cutOnKillSwitch(ks, live);
    ks.setApi(true, "ops");
    expect(cuts).toEqual(["Emergency deny-all active (kill switch: api)", "Emergency deny-all active (kill switch: api)"]);
    expect(events.map((e) => [e.door, e.failure])).toEqual([
      ["connect", "kill_switch_active"],
      ["websocket", "kill_switch_active"],
    ]);
    live.register({ door: "connect", cut: (r) => cuts.push(r) });
    ks.setApi(false, "ops");
    expect(cuts).toHaveLength(2);
    off();
    ks.setApi(true, "ops");
    expect(cuts).toHaveLength(2);
  });
});
