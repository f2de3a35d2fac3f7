/** @module findDuplicateKey: one checker for every door taking JSON; the depth bound is the caller's. */
import { describe, expect, test } from "bun:test";
import { DEFAULT_MAX_JSON_DEPTH, findDuplicateKey, type KeyProblem } from "../../../src/doors/json/index.ts";

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("findDuplicateKey", () => {
  test.each<[string, KeyProblem | undefined]>([
    ['{"a":1,"a":2}', { kind: "duplicate", key: "a" }],
    ['{"a":{"b":1,"\\u0062":2}}', { kind: "duplicate", key: "b" }],
    ['{"a":1,"b":{"a":2}}', undefined],
    ['[{"a":1},{"a":2}]', undefined],
    // Escaped quotes and backslash runs inside strings, whitespace before colons.
    ['{"a\\\\":1, "a\\\\" :2}', { kind: "duplicate", key: "a\\" }],
    ['{"x":"\\"", "k" : "v\\\\", "k"\n:\t1}', { kind: "duplicate", key: "k" }],
    ['{"x":"a\\\\\\"b", "y":"\\\\", "z":"\\\\\\\\"}', undefined],
    ['{"q":"\\":", "q\\"":1}', undefined],
    ['{"":1,"":2}', { kind: "duplicate", key: "" }],
    ['{"v":":","w":"\\":"}', undefined],
    ['"just a string"', undefined],
    ["42", undefined],
    ['{"__proto__":1,"__proto__":2}', { kind: "duplicate", key: "__proto__" }],
  ])("%s → %j, with and without the parsed value", (text, expected) => {
    expect(findDuplicateKey(text)).toEqual(expected);
    expect(findDuplicateKey(text, JSON.parse(text))).toEqual(expected);
  });

  test.each<[number, number | undefined, KeyProblem | undefined]>([
    [4, 4, undefined],
    [5, 4, { kind: "too_deep" }],
    [DEFAULT_MAX_JSON_DEPTH, undefined, undefined],
    [DEFAULT_MAX_JSON_DEPTH + 1, undefined, { kind: "too_deep" }],
  ])("depth %d under bound %p", (depth, bound, expected) => {
    const text = nested(depth);
    expect(findDuplicateKey(text, undefined, bound)).toEqual(expected);
    expect(findDuplicateKey(text, JSON.parse(text), bound)).toEqual(expected);
  });

  test("a key added to Object.prototype does not hide a duplicate (own keys are counted then)", () => {
    // One object, one repeated key: a `for…in` count would see the inherited key and match.
    const text = '{"a":1,"a":2}';
    const parsed = JSON.parse(text);
    const proto = Object.prototype as Record<string, unknown>;
    proto["polluted"] = true;
    try {
      expect(findDuplicateKey(text, parsed)).toEqual({ kind: "duplicate", key: "a" });
      expect(findDuplicateKey('{"a":1,"b":2}', JSON.parse('{"a":1,"b":2}'))).toBeUndefined();
    } finally {
      delete proto["polluted"];
    }
  });

  test("both paths agree on generated objects with and without a repeated key", () => {
    const keys = ["a", "b", 'q\\"', "\\\\", "x y", ":", "\\u0061"];
    for (let seed = 1; seed <= 300; seed++) {
      let state = seed;
      const next = (n: number) => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state % n;
      };
      const object = (depth: number): string => {
        const count = next(4);
        const parts: string[] = [];
        for (let i = 0; i < count; i++) {
          const key = keys[next(keys.length)]!;
          const value = depth < 3 && next(3) === 0 ? object(depth + 1) : next(2) === 0 ? `"${keys[next(keys.length)]}"` : `[${next(10)}, "\\\\"]`;
          parts.push(`"${key}"${next(2) === 0 ? " " : ""}:${value}`);
        }
        return `{${parts.join(",")}}`;
      };
      const text = object(0);
      const parsed = JSON.parse(text);
      expect(findDuplicateKey(text, parsed)).toEqual(findDuplicateKey(text));
    }
  });
});
