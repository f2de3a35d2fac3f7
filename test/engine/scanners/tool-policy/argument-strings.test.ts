/** @module Tests for argument extraction: values with paths, bounds, key filters, command-first joining. */
import { describe, expect, test } from "bun:test";
import {
  argumentEntries,
  argumentStrings,
  joinedCommandLine,
  MAX_ARGUMENT_DEPTH,
  MAX_ARGUMENT_STRINGS,
} from "../../../../src/engine/scanners/tool-policy/argument-strings.ts";

describe("argumentEntries", () => {
  test("string leaves with their paths and top-level keys; numbers and booleans rendered; keys left out of values", () => {
    expect(argumentEntries({ command: "ls", opts: { n: 3, all: true, args: ["-l", null, "x"] } })).toEqual([
      { path: "arguments.command", value: "ls", key: "command" },
      { path: "arguments.opts.n", value: "3", key: "opts" },
      { path: "arguments.opts.all", value: "true", key: "opts" },
      { path: "arguments.opts.args[0]", value: "-l", key: "opts" },
      { path: "arguments.opts.args[2]", value: "x", key: "opts" },
    ]);
  });

  test("a top-level key with dots is kept whole", () => {
    expect(argumentEntries({ "a.b": ["x"] })).toEqual([{ path: "arguments.a.b[0]", value: "x", key: "a.b" }]);
  });

  test("a bare string is the whole arguments", () => {
    expect(argumentEntries("rm -rf /")).toEqual([{ path: "arguments", value: "rm -rf /" }]);
  });

  test.each([[null], [undefined], [42n], [Symbol("s")], [() => 1]])("junk %p gives no throw", (junk) => {
    expect(() => argumentEntries(junk)).not.toThrow();
  });

  test("key filter keeps only matching top-level keys", () => {
    const args = { path: "/etc/cron.d/x", content: "/etc/cron.d/y", nested: { path: "z" } };
    expect(argumentStrings(args, (k) => k === "path")).toEqual(["/etc/cron.d/x"]);
  });

  test("depth is bounded (and cycles end)", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < MAX_ARGUMENT_DEPTH + 10; i++) deep = { d: deep };
    expect(argumentStrings(deep)).toEqual([]);
    const cyclic: Record<string, unknown> = { a: "x" };
    cyclic["self"] = cyclic;
    expect(argumentStrings(cyclic).length).toBeGreaterThan(0);
  });

  test("count is bounded", () => {
    const many = Array.from({ length: MAX_ARGUMENT_STRINGS + 500 }, (_, i) => `v${i}`);
    expect(argumentStrings(many).length).toBe(MAX_ARGUMENT_STRINGS);
  });
});

describe("joinedCommandLine", () => {
  test("command-like keys come first whatever the key order", () => {
    const entries = argumentEntries({ args: ["-rf", "/srv"], cmd: "rm" });
    expect(joinedCommandLine(entries)).toBe("rm -rf /srv");
  });

  test("otherwise values keep their order", () => {
    expect(joinedCommandLine(argumentEntries({ a: "one", b: ["two", "three"] }))).toBe("one two three");
  });
});
