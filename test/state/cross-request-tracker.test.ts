/**
 * @module createCrossRequestTracker over a MemoryStateStore: verdicts per session (a split secret
 * denied on its last piece, sessions kept apart), TTL expiry forgetting pieces, memory bounds
 * (sessions evicted, not accumulated; per-session state bounded), concurrent observations of one
 * session all recorded, `enforce: false` turning the deny into a warning, and store failures
 * denying instead of allowing.
 */
import { describe, expect, test } from "bun:test";
import type { StateStore } from "../../src/engine/index.ts";
import { DEFAULT_CROSS_REQUEST_SETTINGS, readCrossRequestState, urlFragments, type CrossRequestInput } from "../../src/engine/scanners/cross-request/index.ts";
import { createCrossRequestTracker, MemoryStateStore } from "../../src/state/index.ts";
import { policyFrom } from "../helpers/policy.ts";
import { FAKE_AWS_ID, FAKE_GITHUB, fakeChars, ordinaryTraffic, policy, split } from "../engine/scanners/cross-request/fixture.ts";

const settings = DEFAULT_CROSS_REQUEST_SETTINGS;
const piece = (p: string, i: number): CrossRequestInput => ({ fragments: urlFragments(`https://c.example.net/u?seq=${i}&d=${encodeURIComponent(p)}`), host: "c.example.net" });

function clocked() {
  let now = 1_000_000;
  const store = new MemoryStateStore({ now: () => now });
  const tracker = createCrossRequestTracker(store, settings, { now: () => now });
  return { store, tracker, advance: (ms: number) => void (now += ms) };
}

describe("verdicts", () => {
  test("a secret in 2, 3 and 4 pieces: allow, allow, ..., deny on the last piece", async () => {
    for (const n of [2, 3, 4]) {
      const { tracker, advance } = clocked();
      const decisions: string[] = [];
      for (const [i, p] of split(FAKE_GITHUB, n).entries()) {
        decisions.push((await tracker.observe("agent|10.0.0.1", piece(p, i), policy)).decision);
        advance(2000);
      }
      expect(decisions).toEqual([...Array(n - 1).fill("allow"), "deny"]);
    }
  });

  test("the deny names the rule, the cross-request location and the section's action", async () => {
    const { tracker } = clocked();
    const [a, b] = split(FAKE_AWS_ID, 2);
    await tracker.observe("s", piece(a!, 0), policy);
    const v = await tracker.observe("s", piece(b!, 1), policy);
    expect(v.action).toBe("block");
    expect(v.findings.map((f) => [f.rule_id, f.location])).toEqual([["dlp.aws_access_key_id", "cross_request"]]);
  });

  test("sessions are kept apart: pieces from two sessions never join", async () => {
    const { tracker } = clocked();
    const [a, b] = split(FAKE_AWS_ID, 2);
    await tracker.observe("agent-a|10.0.0.1", piece(a!, 0), policy);
    expect((await tracker.observe("agent-b|10.0.0.1", piece(b!, 1), policy)).decision).toBe("allow");
    expect((await tracker.observe("agent-a|10.0.0.2", piece(b!, 1), policy)).decision).toBe("allow");
  });

  test("a plain list of fragments is accepted too", async () => {
    const { tracker } = clocked();
    const [a, b] = split(FAKE_AWS_ID, 2);
    await tracker.observe("s", [{ text: a!, field: "ws" }], policy);
    expect((await tracker.observe("s", [{ text: b!, field: "ws" }], policy)).decision).toBe("deny");
  });

  test("enforce: false reports the reassembled secret as a warning and allows", async () => {
    const audit = policyFrom("enforce: false\n");
    const { tracker } = clocked();
    const [a, b] = split(FAKE_AWS_ID, 2);
    await tracker.observe("s", piece(a!, 0), audit);
    const v = await tracker.observe("s", piece(b!, 1), audit);
    expect([v.decision, v.warned, v.findings.length]).toEqual(["allow", true, 1]);
  });

  test("ordinary traffic through the tracker: every verdict allows", async () => {
    const { tracker, advance } = clocked();
    for (const input of ordinaryTraffic(25)) {
      expect((await tracker.observe("dev|127.0.0.1", input, policy)).findings).toEqual([]);
      advance(500);
    }
  });

  test("switched off: allows and stores nothing", async () => {
    const store = new MemoryStateStore();
    const off = createCrossRequestTracker(store, { ...settings, enabled: false });
    expect((await off.observe("s", piece("x", 0), policy)).decision).toBe("allow");
    expect(store.size).toBe(0);
  });
});

describe("time", () => {
  test("pieces older than the window are forgotten: the split is no longer joined", async () => {
    const { tracker, advance } = clocked();
    const [a, b] = split(FAKE_AWS_ID, 2);
    await tracker.observe("s", piece(a!, 0), policy);
    advance(settings.fragments.windowMs + 1);
    expect((await tracker.observe("s", piece(b!, 1), policy)).decision).toBe("allow");
  });

  test("the session's key expires from the store with the window", async () => {
    const { store, tracker, advance } = clocked();
    await tracker.observe("s", piece("abc", 0), policy);
    expect(store.size).toBe(1);
    advance(settings.fragments.windowMs);
    expect(await store.get("xreq:s")).toBeUndefined();
  });

  test("forget drops a session at once", async () => {
    const { store, tracker } = clocked();
    const [a, b] = split(FAKE_AWS_ID, 2);
    await tracker.observe("s", piece(a!, 0), policy);
    await tracker.forget("s");
    expect(store.size).toBe(0);
    expect((await tracker.observe("s", piece(b!, 1), policy)).decision).toBe("allow");
  });
});

describe("memory bounds", () => {
  test("many sessions: the store evicts the least recently used instead of growing", async () => {
    const store = new MemoryStateStore({ maxKeys: 50 });
    const tracker = createCrossRequestTracker(store, settings);
    for (let i = 0; i < 500; i++) await tracker.observe(`session-${i}`, piece(fakeChars(i + 1, 40), i), policy);
    expect(store.size).toBe(50);
    expect(await store.get("xreq:session-0")).toBeUndefined();
    expect(await store.get("xreq:session-499")).toBeDefined();
  });

  test("one session sending without pause stays within max_buffer_bytes", async () => {
    const store = new MemoryStateStore();
    const tracker = createCrossRequestTracker(store, settings);
    for (let i = 0; i < 300; i++) {
      await tracker.observe("s", { fragments: [{ text: fakeChars(i + 3, 3000), field: `f${i % 40}` }, { text: fakeChars(i + 5, 700), field: "ws" }] }, policy);
    }
    const state = readCrossRequestState((await store.get("xreq:s"))?.value);
    const chars = state.streams.reduce((n, [, f]) => n + f.reduce((m, [, t]) => m + t.length, 0), 0);
    expect(chars).toBeLessThanOrEqual(settings.fragments.maxBufferChars);
    expect(JSON.stringify(state).length).toBeLessThan(settings.fragments.maxBufferChars + 16 * 1024);
  });
});

describe("concurrency and failure", () => {
  test("concurrent observations of one session are all recorded (compare-and-set retries)", async () => {
    const store = new MemoryStateStore();
    const tracker = createCrossRequestTracker(store, settings);
    await Promise.all(Array.from({ length: 6 }, (_, i) => tracker.observe("s", [{ text: `piece-${i}` }], policy)));
    const state = readCrossRequestState((await store.get("xreq:s"))?.value);
    expect(state.streams[0]![1].map(([, t]) => t).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `piece-${i}`));
  });

  test("many concurrent observations of one session all allow: they are applied one after another, none runs out of retries", async () => {
    // Parallel requests from one agent (or one client address) are ordinary: 64 at once must not
    // make compare-and-set lose 8 times in a row and turn into an internal-error deny.
    const store = new MemoryStateStore();
    const tracker = createCrossRequestTracker(store, settings);
    const verdicts = await Promise.all(Array.from({ length: 64 }, (_, i) => tracker.observe("s", piece(`v${i}`, i), policy)));
    expect(verdicts.filter((v) => v.decision !== "allow").map((v) => v.findings[0]?.message)).toEqual([]);
    const state = readCrossRequestState((await store.get("xreq:s"))?.value);
    expect(state.streams[0]![1].length).toBeGreaterThan(0);
  });

  test("observations of one session are applied in the order they arrived", async () => {
    const store = new MemoryStateStore();
    const tracker = createCrossRequestTracker(store, settings);
    await Promise.all(Array.from({ length: 8 }, (_, i) => tracker.observe("s", [{ text: `piece-${i}` }], policy)));
    const state = readCrossRequestState((await store.get("xreq:s"))?.value);
    expect(state.streams[0]![1].map(([, t]) => t)).toEqual(Array.from({ length: 8 }, (_, i) => `piece-${i}`));
  });

  test("a split secret sent as concurrent requests is still caught", async () => {
    const tracker = createCrossRequestTracker(new MemoryStateStore(), settings);
    const verdicts = await Promise.all(split(FAKE_AWS_ID, 3).map((p, i) => tracker.observe("s", piece(p, i), policy)));
    expect(verdicts.map((v) => v.decision)).toEqual(["allow", "allow", "deny"]);
  });

  test("a store that fails denies (fail closed), never allows", async () => {
    const broken: StateStore = {
      get: async () => Promise.reject(new Error("store down")),
      set: async () => 1,
      compareAndSet: async () => true,
      increment: async () => 0,
      appendBounded: async () => [],
      delete: async () => {},
    };
    const v = await createCrossRequestTracker(broken, settings).observe("s", piece("x", 0), policy);
    expect([v.decision, v.failure]).toEqual(["deny", "internal_error"]);
  });

  test("a store that never lets a write through denies after bounded retries", async () => {
    const inner = new MemoryStateStore();
    const stubborn: StateStore = { ...bind(inner), compareAndSet: async () => false };
    const v = await createCrossRequestTracker(stubborn, settings).observe("s", piece("x", 0), policy);
    expect(v.decision).toBe("deny");
  });
});

function bind(store: MemoryStateStore): StateStore {
  return {
    get: (k) => store.get(k),
    set: (k, v, t) => store.set(k, v, t),
    compareAndSet: (k, e, v, t) => store.compareAndSet(k, e, v, t),
    increment: (k, b, t) => store.increment(k, b, t),
    appendBounded: (k, i, m, t) => store.appendBounded(k, i, m, t),
    delete: (k) => store.delete(k),
  };
}
