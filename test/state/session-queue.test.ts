/**
 * @module sessionQueue: one key's tasks run one at a time in queue order, a failed task does not
 * stop the ones after it, other keys are not held up, and finished keys are not kept.
 */
import { describe, expect, test } from "bun:test";
import { sessionQueue } from "../../src/state/session-queue.ts";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe("sessionQueue", () => {
  test("tasks of one key never overlap and run in the order queued", async () => {
    const inTurn = sessionQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all(["a", "b", "c"].map((n) => inTurn("k", task(n))));
    expect(results).toEqual(["a", "b", "c"]);
    expect(most).toBe(1);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  test("a task that fails rejects its own promise only; the next task still runs", async () => {
    const inTurn = sessionQueue();
    const first = inTurn("k", async () => {
      throw new Error("boom");
    });
    const second = inTurn("k", async () => "ran");
    await expect(first).rejects.toThrow("boom");
    expect(await second).toBe("ran");
  });

  test("different keys run side by side", async () => {
    const inTurn = sessionQueue();
    let running = 0;
    let most = 0;
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
    };
    await Promise.all([inTurn("a", task), inTurn("b", task), inTurn("c", task)]);
    expect(most).toBe(3);
  });

  test("a key whose tasks are done is forgotten: a later task starts at once", async () => {
    const inTurn = sessionQueue();
    await inTurn("k", async () => undefined);
    await tick();
    let started = false;
    const p = inTurn("k", async () => {
      started = true;
    });
    // Started synchronously: nothing was queued ahead of it any more.
    expect(started).toBe(true);
    await p;
  });
});
