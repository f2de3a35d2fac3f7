/**
 * checkToolCallChain reads the session's window only for a call that could complete a chain (one
 * with a step class): an ordinary call is still appended on commit, so it keeps counting as a gap,
 * and chains spanning ordinary calls fire exactly as before.
 */
import { describe, expect, test } from "bun:test";
import type { StateValue, Versioned } from "../../src/engine/state/index.ts";
import { checkToolCallChain, MemoryStateStore } from "../../src/state/index.ts";
import { chains, defaultChains } from "../engine/scanners/chains/fixture.ts";
import { ids, secretRead, send } from "./chain-calls.ts";

class CountingStore extends MemoryStateStore {
  reads = 0;
  override async get<T extends StateValue>(key: string): Promise<Versioned<T> | undefined> {
    this.reads++;
    return super.get<T>(key);
  }
}

const ordinary = { toolName: "bash", arguments: { command: "npm test" } };

describe("what a check reads", () => {
  test("an ordinary call reads no window, and its commit still appends it", async () => {
    const store = new CountingStore();
    const check = await checkToolCallChain(store, defaultChains, "s", ordinary, 1000);
    expect(check.findings).toEqual([]);
    expect(store.reads).toBe(0);
    await check.commit(true);
    expect((await store.get<never>("chain:s"))?.value as unknown).toEqual([{ at: 1000, tool: "bash", classes: [] }]);
  });

  test("a step call reads the window", async () => {
    const store = new CountingStore();
    await checkToolCallChain(store, defaultChains, "s", secretRead, 1000);
    expect(store.reads).toBe(1);
  });

  test("ordinary calls between two steps count as gaps: within max_gap the chain fires, past it it does not", async () => {
    for (const [between, fires] of [
      [1, true],
      [3, false],
    ] as const) {
      const store = new MemoryStateStore();
      const tight = chains({ maxGap: 2 });
      let now = 1000;
      await (await checkToolCallChain(store, tight, "s", secretRead, now)).commit(true);
      for (let i = 0; i < between; i++) await (await checkToolCallChain(store, tight, "s", ordinary, ++now)).commit(true);
      const last = await checkToolCallChain(store, tight, "s", send, ++now);
      expect(ids(last).includes("chain.secret_read_then_send")).toBe(fires);
    }
  });
});
