/**
 * @module MemoryStateStore: TTL expiry on an injected clock, LRU eviction at maxKeys, bounded lists,
 * counters, versioned compare-and-set, key checks — the hard bounds DESIGN §6 asks of the default store.
 */
import { describe, expect, test } from "bun:test";
import { MemoryStateStore } from "../../src/state/index.ts";
import { stateKey, STATE_NAMESPACES } from "../../src/engine/state/index.ts";

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("MemoryStateStore", () => {
  test("get/set/delete with versions that change on every write", async () => {
    const s = new MemoryStateStore();
    expect(await s.get("k")).toBeUndefined();
    const v1 = await s.set("k", { a: 1 }, 1000);
    const v2 = await s.set("k", { a: 2 }, 1000);
    expect(v2).not.toBe(v1);
    expect(await s.get("k")).toEqual({ value: { a: 2 }, version: v2 });
    await s.delete("k");
    expect(await s.get("k")).toBeUndefined();
  });

  test("values expire after their TTL (injected clock)", async () => {
    const c = clock();
    const s = new MemoryStateStore({ now: c.now });
    await s.set("k", "v", 500);
    c.advance(499);
    expect((await s.get("k"))?.value).toBe("v");
    c.advance(1);
    expect(await s.get("k")).toBeUndefined();
    expect(s.size).toBe(0);
  });

  test("a TTL of zero or less stores nothing; TTLs are capped at maxTtlMs", async () => {
    const c = clock();
    const s = new MemoryStateStore({ now: c.now, maxTtlMs: 1000 });
    await s.set("gone", 1, 0);
    expect(await s.get("gone")).toBeUndefined();
    await s.set("capped", 1, 10_000_000);
    c.advance(1000);
    expect(await s.get("capped")).toBeUndefined();
  });

  test("LRU: never more than maxKeys; the least recently used goes first", async () => {
    const s = new MemoryStateStore({ maxKeys: 3 });
    for (const k of ["a", "b", "c"]) await s.set(k, k, 60_000);
    await s.get("a"); // a is now the most recent
    await s.set("d", "d", 60_000);
    expect(s.size).toBe(3);
    expect(await s.get("b")).toBeUndefined();
    expect((await s.get("a"))?.value).toBe("a");
    for (let i = 0; i < 10_000; i++) await s.set(`s${i}`, i, 60_000);
    expect(s.size).toBe(3);
  });

  test("writes sweep expired least-recently-used entries without any timer", async () => {
    const c = clock();
    const s = new MemoryStateStore({ now: c.now });
    for (let i = 0; i < 8; i++) await s.set(`old${i}`, i, 10);
    c.advance(11);
    await s.set("fresh", 1, 1000);
    expect(s.size).toBe(1);
  });

  test("appendBounded keeps the newest maxItems, capped by the store's maxListItems", async () => {
    const s = new MemoryStateStore({ maxListItems: 4 });
    for (let i = 0; i < 10; i++) await s.appendBounded("l", i, 3, 1000);
    expect((await s.get("l"))?.value).toEqual([7, 8, 9]);
    for (let i = 0; i < 10; i++) await s.appendBounded("m", i, 1000, 1000);
    expect((await s.get("m"))?.value).toEqual([6, 7, 8, 9]);
    await s.set("n", "not a list", 1000);
    expect(await s.appendBounded("n", 1, 5, 1000)).toEqual([1]);
  });

  test("appendBounded refreshes the TTL: the list lives windowMs after the last append", async () => {
    const c = clock();
    const s = new MemoryStateStore({ now: c.now });
    await s.appendBounded("l", 1, 10, 100);
    c.advance(90);
    await s.appendBounded("l", 2, 10, 100);
    c.advance(90);
    expect((await s.get("l"))?.value).toEqual([1, 2]);
    c.advance(10);
    expect(await s.get("l")).toBeUndefined();
  });

  test("increment counts from 0 and treats non-numbers as 0", async () => {
    const s = new MemoryStateStore();
    expect(await s.increment("c", 2, 1000)).toBe(2);
    expect(await s.increment("c", 3, 1000)).toBe(5);
    await s.set("c", "x", 1000);
    expect(await s.increment("c", 1, 1000)).toBe(1);
    expect(await s.increment("c", Number.NaN, 1000)).toBe(1);
  });

  test("compareAndSet writes only at the expected version (undefined: only when absent)", async () => {
    const s = new MemoryStateStore();
    expect(await s.compareAndSet("k", undefined, "first", 1000)).toBe(true);
    expect(await s.compareAndSet("k", undefined, "again", 1000)).toBe(false);
    const current = (await s.get("k"))!;
    expect(await s.compareAndSet("k", current.version, "second", 1000)).toBe(true);
    expect(await s.compareAndSet("k", current.version, "stale", 1000)).toBe(false);
    expect((await s.get("k"))?.value).toBe("second");
  });

  test("empty or oversized keys are refused", async () => {
    const s = new MemoryStateStore();
    expect(s.get("")).rejects.toThrow(RangeError);
    expect(s.set("k".repeat(513), 1, 1000)).rejects.toThrow(RangeError);
  });
});

describe("stateKey", () => {
  test("namespaced, control characters replaced, long ids cut but kept apart", () => {
    expect(stateKey(STATE_NAMESPACES.chainWindow, "sess-1")).toBe("chain:sess-1");
    expect(stateKey(STATE_NAMESPACES.chainWindow, "")).toBe("chain:-");
    expect(stateKey(STATE_NAMESPACES.chainWindow, "a\nb\u0000c")).toBe("chain:a?b?c");
    const a = stateKey(STATE_NAMESPACES.chainWindow, `${"x".repeat(300)}a`);
    const b = stateKey(STATE_NAMESPACES.chainWindow, `${"x".repeat(300)}b`);
    expect(a.length).toBeLessThanOrEqual(230);
    expect(a).not.toBe(b);
  });
});
