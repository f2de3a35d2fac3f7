/**
 * @module checkToolCallChain: the live two-phase flow (check, then commit once the verdict is known)
 * over a MemoryStateStore — sessions kept apart, blocked calls not arming chains, windows expiring
 * with the store's TTL, concurrent calls both recorded, memory bounded across many sessions.
 */
import { describe, expect, test } from "bun:test";
import { checkToolCallChain, MemoryStateStore } from "../../src/state/index.ts";
import { chains, defaultChains } from "../engine/scanners/chains/fixture.ts";
import { ids, secretRead, send } from "./chain-calls.ts";


describe("checkToolCallChain", () => {
  test("a forwarded secret read arms the chain for the same session only", async () => {
    const store = new MemoryStateStore();
    await (await checkToolCallChain(store, defaultChains, "s1", secretRead, 1000)).commit(true);
    const same = await checkToolCallChain(store, defaultChains, "s1", send, 2000);
    const other = await checkToolCallChain(store, defaultChains, "s2", send, 2000);
    expect(ids(same)).toContain("chain.secret_read_then_send");
    expect(ids(other)).toEqual([]);
  });

  test("a blocked step is recorded without its classes: it counts as a call but arms nothing", async () => {
    const store = new MemoryStateStore();
    await (await checkToolCallChain(store, defaultChains, "s", secretRead, 1000)).commit(false);
    expect(ids(await checkToolCallChain(store, defaultChains, "s", send, 2000))).toEqual([]);
    const window = (await store.get<never>("chain:s"))?.value as unknown;
    expect(window).toEqual([{ at: 1000, tool: "read_file", classes: [] }]);
  });

  test("commit is idempotent", async () => {
    const store = new MemoryStateStore();
    const check = await checkToolCallChain(store, defaultChains, "s", secretRead, 1000);
    await check.commit(true);
    await check.commit(true);
    expect(((await store.get<never>("chain:s"))?.value as unknown as unknown[]).length).toBe(1);
  });

  test("the session window expires with the store TTL (window_seconds after the last call)", async () => {
    let now = 1000;
    const store = new MemoryStateStore({ now: () => now });
    await (await checkToolCallChain(store, defaultChains, "s", secretRead, now)).commit(true);
    now += 60_000;
    expect(await store.get("chain:s")).toBeUndefined();
    expect(ids(await checkToolCallChain(store, defaultChains, "s", send, now))).toEqual([]);
  });

  test("concurrent calls in one session are both recorded", async () => {
    const store = new MemoryStateStore();
    const [a, b] = await Promise.all([checkToolCallChain(store, defaultChains, "s", secretRead, 1000), checkToolCallChain(store, defaultChains, "s", { toolName: "bash", arguments: { command: "npm test" } }, 1000)]);
    await Promise.all([a.commit(true), b.commit(true)]);
    expect(((await store.get<never>("chain:s"))?.value as unknown as unknown[]).length).toBe(2);
  });

  test("memory stays bounded across many sessions and long sessions", async () => {
    const store = new MemoryStateStore({ maxKeys: 100 });
    const small = chains({ windowSize: 5 });
    for (let i = 0; i < 1000; i++) await (await checkToolCallChain(store, small, `s${i}`, secretRead, i)).commit(true);
    for (let i = 0; i < 50; i++) await (await checkToolCallChain(store, small, "long", send, 2000 + i)).commit(true);
    expect(store.size).toBe(100);
    expect(((await store.get<never>("chain:long"))?.value as unknown as unknown[]).length).toBe(5);
  });

  test("disabled detection touches no state", async () => {
    const store = new MemoryStateStore();
    const check = await checkToolCallChain(store, chains({ enabled: false }), "s", secretRead, 1000);
    await check.commit(true);
    expect(check.findings).toEqual([]);
    expect(store.size).toBe(0);
  });
});
