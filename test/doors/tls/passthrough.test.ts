/** @module Passthrough list matching: reference wildcard semantics. */
import { describe, expect, test } from "bun:test";
import { compileHostMatcher } from "../../../src/doors/tls/passthrough.ts";

describe("passthrough matcher", () => {
  const m = compileHostMatcher(["*.bank.test", "pinned.example.test", "10.0.0.5", "::1"]);
  test.each([
    ["bank.test", "*.bank.test"],
    ["www.bank.test", "*.bank.test"],
    ["a.b.bank.test", "*.bank.test"],
    ["WWW.BANK.TEST.", "*.bank.test"],
    ["notbank.test", undefined],
    ["bank.test.evil.test", undefined],
    ["pinned.example.test", "pinned.example.test"],
    ["sub.pinned.example.test", undefined],
    ["10.0.0.5", "10.0.0.5"],
    ["10.0.0.6", undefined],
    ["[::1]", "::1"],
    ["", undefined],
  ])("%p → %p", (host, expected) => {
    expect(m.match(host)).toBe(expected as string | undefined);
  });

  test.each(["*.10.0.0.1", "*.::1", "exa mple.test", "", "*."])("invalid pattern %p throws", (bad) => {
    expect(() => compileHostMatcher([bad])).toThrow(TypeError);
  });

  test("an empty list matches nothing", () => {
    expect(compileHostMatcher([]).match("example.test")).toBeUndefined();
  });
});
