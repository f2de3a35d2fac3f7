import { describe, expect, test } from "bun:test";
import { compileAnchorIndex } from "../../../../src/engine/scanners/dlp/secrets/anchor-index.ts";
import { fakeChars } from "./fakes.ts";

/** Every (literal, start) where `literal` occurs in `text`, ignoring case — the slow, obvious way. */
function naive(literals: readonly string[], text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  literals.forEach((l, index) => {
    for (let at = lower.indexOf(l.toLowerCase()); at >= 0; at = lower.indexOf(l.toLowerCase(), at + 1)) out.push(`${index}@${at}`);
  });
  return out.sort();
}

describe("compileAnchorIndex", () => {
  test("finds every occurrence at every offset, ignoring case (against a naive search)", () => {
    const alphabet = "abAB01";
    for (let seed = 1; seed <= 30; seed++) {
      const literals = Array.from({ length: 5 }, (_, i) => fakeChars(seed * 10 + i, 8 + (i % 4), alphabet));
      let text = fakeChars(seed * 977, 400, alphabet);
      for (const [i, l] of literals.entries()) text = text.slice(0, 50 * i + seed) + l.toUpperCase() + text.slice(50 * i + seed);
      const found: string[] = [];
      compileAnchorIndex(literals).scan(text, (index, start, end) => {
        expect(end - start).toBe(literals[index]!.length);
        found.push(`${index}@${start}`);
      });
      expect(found.sort()).toEqual(naive(literals, text));
    }
  });

  test("a sub-range scan finds only what lies inside it", () => {
    const index = compileAnchorIndex(["needle-one"]);
    const text = "xx needle-one yy needle-one zz";
    const found: number[] = [];
    index.scan(text, (_, start) => found.push(start), 10, text.length);
    expect(found).toEqual([17]);
  });

  test("skipping noise finds a literal spread over separators", () => {
    const index = compileAnchorIndex(["canaryvalue42"]);
    const found: [number, number][] = [];
    const noise = new Uint8Array(128);
    for (const c of " .-_") noise[c.charCodeAt(0)] = 1;
    const text = "send c.a.n.a.r.y - V A L U E_4_2 now";
    index.scanSkipping(text, noise, (_, start, end) => found.push([start, end]));
    expect(found).toEqual([[5, 32]]);
  });

  test("rejects literals shorter than the anchor", () => {
    expect(() => compileAnchorIndex(["short"])).toThrow();
  });
});
