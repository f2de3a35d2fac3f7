/** The shared cache shape: bounded, starts over when full, one per owner, gone with its owner's identity. */
import { describe, expect, test } from "bun:test";
import { BoundedMemo, perOwner } from "../../../src/engine/memo/index.ts";

describe("BoundedMemo", () => {
  test("remembers up to its bound, then starts over; replacing a key never clears", () => {
    const m = new BoundedMemo<string, number>(3);
    expect(m.set("a", 1)).toBe(1);
    m.set("b", 2);
    m.set("c", 3);
    m.set("c", 30);
    expect([m.get("a"), m.get("c"), m.size]).toEqual([1, 30, 3]);
    m.set("d", 4);
    expect([m.has("a"), m.has("c"), m.get("d"), m.size]).toEqual([false, false, 4, 1]);
  });
});

describe("perOwner", () => {
  test("one value per owner, made once, never shared between owners", () => {
    let made = 0;
    const of = perOwner((_o: object) => ({ n: ++made }));
    const a = {};
    const b = {};
    expect(of(a)).toBe(of(a));
    expect(of(a)).not.toBe(of(b));
    expect(made).toBe(2);
  });
});
