/**
 * LineSplitter's bound: an unfinished line is held only up to the limit; past it the bytes are
 * counted and dropped until the newline, whatever the chunking, and the line after it is intact.
 */
import { describe, expect, test } from "bun:test";
import { LineSplitter } from "../../../../src/doors/mcp/index.ts";

const enc = (s: string) => new TextEncoder().encode(s);

describe("LineSplitter bound", () => {
  test.each([
    ["one byte at a time", 1],
    ["chunks smaller than the bound", 7],
    ["chunks larger than the bound", 4096],
  ])("an endless line in %s is never held past the bound", (_name, size) => {
    const max = 64;
    const s = new LineSplitter(max);
    const chunk = enc("q".repeat(size));
    let most = 0;
    let lines = 0;
    for (let sent = 0; sent < 100_000; sent += size) {
      lines += s.push(chunk).length;
      most = Math.max(most, s.buffered);
    }
    expect(lines).toBe(0);
    expect(most).toBeLessThanOrEqual(max);
    const total = Math.ceil(100_000 / size) * size;
    expect(s.push(enc("\n{}\n"))).toEqual([
      { kind: "oversize", bytes: total },
      { kind: "line", text: "{}", bytes: 2 },
    ]);
    expect(s.buffered).toBe(0);
  });

  test("a line of exactly the bound passes; one byte more is refused", () => {
    const s = new LineSplitter(8);
    expect(s.push(enc("12345678\n123456789\n"))).toEqual([
      { kind: "line", text: "12345678", bytes: 8 },
      { kind: "oversize", bytes: 9 },
    ]);
  });
});
