import { describe, expect, test } from "bun:test";
import { compileRe2 } from "../../../src/engine/index.ts";
import { raiseMemoryImportMaximum } from "../../../src/engine/match/re2-heap.ts";

describe("compileRe2()", () => {
  test("the enlarged heap holds more programs than the stock 16 MiB heap (which aborted at ~395)", () => {
    for (let i = 0; i < 500; i++) {
      const p = compileRe2(`(?:ignore|disregard)\\s+(?:all\\s+)?previous.{0,80}instructions${i}x`);
      expect(p.test(`ignore all previous x instructions${i}x`)).toBe(true);
    }
  }, 60_000);

  test("identical sources share one program; different flags do not", () => {
    expect(compileRe2("abc[0-9]+")).toBe(compileRe2("abc[0-9]+"));
    expect(compileRe2("abc[0-9]+", { global: true })).not.toBe(compileRe2("abc[0-9]+"));
    expect(compileRe2("abc", { caseSensitive: true })).not.toBe(compileRe2("abc"));
  });

  test("case-insensitive by default", () => {
    expect(compileRe2("akia").test("AKIA")).toBe(true);
    expect(compileRe2("akia", { caseSensitive: true }).test("AKIA")).toBe(false);
  });
});

describe("raiseMemoryImportMaximum()", () => {
  // A minimal module: (import "env" "memory" (memory 256 256))
  const tiny = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 0x12, 1, 3, 0x65, 0x6e, 0x76, 6, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 2, 1, 0x80, 2, 0x80, 2]);

  test("raises the declared maximum in place and keeps the module valid", () => {
    const patched = raiseMemoryImportMaximum(tiny);
    expect(patched.length).toBe(tiny.length);
    const mod = new WebAssembly.Module(patched);
    const memory = new WebAssembly.Memory({ initial: 512, maximum: 16383 });
    expect(() => new WebAssembly.Instance(mod, { env: { memory } })).not.toThrow();
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(tiny), { env: { memory } })).toThrow();
  });

  test("leaves the input untouched", () => {
    const copy = tiny.slice();
    raiseMemoryImportMaximum(tiny);
    expect(tiny).toEqual(copy);
  });
});
