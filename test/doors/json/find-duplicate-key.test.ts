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
});
