/** The live-connection registry: bounded, releasable, and cutAll cuts each connection once with one event. */
import { describe, expect, test } from "bun:test";
import { admitLive, createLiveConnections, KILL_SWITCH_FAILURE, MAX_LIVE_CONNECTIONS, type LiveConnection } from "../../../src/doors/http/index.ts";
import type { DecisionEvent } from "../../../src/evidence/index.ts";

function setup(max?: number) {
  const events: DecisionEvent[] = [];
  const live = createLiveConnections({ emit: (e) => events.push(e) }, max);
  const cuts: string[] = [];
  const conn = (name: string, over: Partial<LiveConnection> = {}): LiveConnection => ({ door: "connect", target: `https://${name}:443`, cut: (reason) => cuts.push(`${name}: ${reason}`), ...over });
  return { events, live, cuts, conn };
}

describe("live connections", () => {
  test("the default bound is MAX_LIVE_CONNECTIONS", () => {
    expect(setup().live.capacity).toBe(MAX_LIVE_CONNECTIONS);
  });

  test("register counts, release uncounts (idempotently)", () => {
    const { live, conn } = setup();
    const a = live.register(conn("a"))!;
    const b = live.register(conn("b"))!;
    expect(live.size).toBe(2);
    a();
    a();
    expect(live.size).toBe(1);
    b();
    expect(live.size).toBe(0);
  });

  test("bounded: past the cap registration is refused until one is released", () => {
    const { live, conn } = setup(3);
    const releases = ["a", "b", "c"].map((n) => live.register(conn(n)));
    expect(releases.every((r) => typeof r === "function")).toBe(true);
    expect(live.register(conn("d"))).toBeUndefined();
    expect(live.size).toBe(3);
    releases[0]!();
    expect(live.register(conn("d"))).toBeFunction();
  });

  test("cutAll cuts each live connection exactly once and records one deny event each", () => {
    const { live, conn, cuts, events } = setup();
    live.register(conn("a", { agent: "bot", method: "CONNECT" }));
    live.register(conn("b", { door: "websocket", status: 1008, target: "wss://b/chat" }));
    const released = live.register(conn("gone"))!;
    released();
    expect(live.cutAll("deny-all (kill switch: api)")).toBe(2);
    expect(cuts).toEqual(["a: deny-all (kill switch: api)", "b: deny-all (kill switch: api)"]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ door: "connect", decision: "deny", action: "block", direction: "request", failure: KILL_SWITCH_FAILURE, target: "https://a:443", agent: "bot", method: "CONNECT" });
    expect(events[1]).toMatchObject({ door: "websocket", decision: "deny", failure: "kill_switch_active", status: 1008, target: "wss://b/chat" });
    expect(live.size).toBe(0);
    // A second cutAll finds nothing: no connection is cut (or recorded) twice.
    expect(live.cutAll("again")).toBe(0);
    expect(cuts).toHaveLength(2);
    expect(events).toHaveLength(2);
  });

  test("a cut that throws does not keep the others open", () => {
    const { live, conn, cuts, events } = setup();
    live.register(conn("bad", { cut: () => { throw new Error("boom"); } }));
    live.register(conn("good"));
    expect(live.cutAll("stop")).toBe(2);
    expect(cuts).toEqual(["good: stop"]);
    expect(events).toHaveLength(2);
  });

  test("the same connection object registered twice is two connections", () => {
    const { live, conn, cuts } = setup();
    const c = conn("twice");
    live.register(c);
    live.register(c);
    expect(live.cutAll("x")).toBe(2);
    expect(cuts).toHaveLength(2);
  });
});

describe("admitLive", () => {
  const cases: { name: string; killSwitch?: string; max?: number; prefill?: number; ok: boolean; code?: string; failure?: string }[] = [
    { name: "admitted and tracked", ok: true },
    { name: "refused while the kill switch is engaged", killSwitch: "stop (kill switch: signal)", ok: false, code: "kill_switch_active", failure: "kill_switch_active" },
    { name: "refused when the registry is full", max: 1, prefill: 1, ok: false, code: "unavailable", failure: "live_connection_limit" },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { live, conn } = setup(c.max);
      for (let i = 0; i < (c.prefill ?? 0); i++) live.register(conn(`p${i}`));
      const before = live.size;
      const r = admitLive({ live, killSwitch: () => c.killSwitch }, conn("x"), true);
      expect(r.ok).toBe(c.ok);
      if (r.ok) {
        expect(live.size).toBe(before + 1);
        r.release();
        expect(live.size).toBe(before);
      } else {
        expect(r.block).toMatchObject({ code: c.code, failure: c.failure });
        expect(live.size).toBe(before);
      }
    });
  }

  test("without a registry the kill switch still refuses, else it admits", () => {
    expect(admitLive({ killSwitch: () => "on" }, { door: "connect", cut: () => {} }, false).ok).toBe(false);
    expect(admitLive({}, { door: "connect", cut: () => {} }, false).ok).toBe(true);
  });
});
