/** @module JSON-RPC validation: shapes, ids, duplicate keys, depth, batches, size, line framing. */
import { describe, expect, test } from "bun:test";
import { classifyMessage, findDuplicateKey, idKey, LineSplitter, MAX_JSON_DEPTH, parseJsonRpc, RPC_ERROR } from "../../../src/doors/mcp/index.ts";

describe("classifyMessage", () => {
  test.each([
    [{ jsonrpc: "2.0", id: 1, method: "tools/list" }, "request"],
    [{ jsonrpc: "2.0", id: "a", method: "tools/call", params: { name: "x" } }, "request"],
    [{ jsonrpc: "2.0", method: "notifications/initialized" }, "notification"],
    [{ jsonrpc: "2.0", id: 1, result: {} }, "result"],
    [{ jsonrpc: "2.0", id: 1, error: { code: -32601, message: "no" } }, "error"],
    [{ jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse" } }, "error"],
  ] as const)("%j is a %s", (value, kind) => {
    expect(classifyMessage(value).kind).toBe(kind);
  });

  test.each([
    ["not an object", [1, 2]],
    ["wrong version", { jsonrpc: "1.0", id: 1, method: "x" }],
    ["null id on a request", { jsonrpc: "2.0", id: null, method: "x" }],
    ["object id", { jsonrpc: "2.0", id: {}, method: "x" }],
    ["empty method", { jsonrpc: "2.0", id: 1, method: "" }],
    ["array params", { jsonrpc: "2.0", id: 1, method: "x", params: [1] }],
    ["request with result", { jsonrpc: "2.0", id: 1, method: "x", result: {} }],
    ["both result and error", { jsonrpc: "2.0", id: 1, result: {}, error: { code: 1, message: "" } }],
    ["neither", { jsonrpc: "2.0", id: 1 }],
    ["response without id", { jsonrpc: "2.0", result: {} }],
    ["result with null id", { jsonrpc: "2.0", id: null, result: {} }],
    ["bad error object", { jsonrpc: "2.0", id: 1, error: { code: "x", message: "y" } }],
    ["non-integer code", { jsonrpc: "2.0", id: 1, error: { code: 1.5, message: "y" } }],
    ["huge id", { jsonrpc: "2.0", id: "x".repeat(300), method: "x" }],
  ])("%s is invalid", (_name, value) => {
    expect(classifyMessage(value).kind).toBe("invalid");
  });

  test("ids of different types stay apart", () => {
    expect(idKey(1)).not.toBe(idKey("1"));
  });
});

describe("findDuplicateKey", () => {
  test.each([
    ['{"a":1,"a":2}', "a"],
    ['{"x":{"b":1,"c":{"b":2},"b":3}}', "b"],
    ['{"a":1,"\\u0061":2}', "a"],
    ['[{"k":1},{"k":2,"k":3}]', "k"],
    ['{"s":"\\"a\\":1","a":1,"a":2}', "a"],
    ['{"__proto__":1,"__proto__":2}', "__proto__"],
    ['{"a":{"x":1,"y":{"z":1}},"a":3}', "a"],
    ['{ "a" : 1 , "b" :{"c":[{"d":1}, {"d":2 ,"d" :3}]}}', "d"],
  ])("%s repeats %s (with and without the parsed value)", (text, key) => {
    expect(findDuplicateKey(text)).toEqual({ kind: "duplicate", key });
    expect(findDuplicateKey(text, JSON.parse(text))).toEqual({ kind: "duplicate", key });
  });

  test.each([
    '{"a":1,"b":{"a":2}}',
    '[{"a":1},{"a":2}]',
    '{"a":"\\\\","b":"a\\"b"}',
    '{"a":["a","a"]}',
    "{}",
    "[]",
    '"a"',
    '{"__proto__":{"a":1},"a":2}',
    '{"k":"x:y","s":"\\u003a"}',
    '{"a" :1,\n "b"\t: {"a":"b:"}}',
  ])("%s is fine (with and without the parsed value)", (text) => {
    expect(findDuplicateKey(text)).toBeUndefined();
    expect(findDuplicateKey(text, JSON.parse(text))).toBeUndefined();
  });

  test("nesting past the bound is refused", () => {
    const deep = "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1);
    expect(findDuplicateKey(deep)).toEqual({ kind: "too_deep" });
    expect(findDuplicateKey(deep, JSON.parse(deep))).toEqual({ kind: "too_deep" });
    const ok = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH);
    expect(findDuplicateKey(ok)).toBeUndefined();
  });
});

describe("parseJsonRpc", () => {
  const options = { maxBytes: 1024, allowBatch: true };
  test.each([
    ["not json", "{", "parse_error", RPC_ERROR.parse],
    ["duplicate key", '{"jsonrpc":"2.0","id":1,"id":2,"method":"x"}', "duplicate_key", RPC_ERROR.invalidRequest],
    ["empty batch", "[]", "invalid_batch", RPC_ERROR.invalidRequest],
    ["oversize", JSON.stringify({ jsonrpc: "2.0", method: "x", params: { a: "y".repeat(2000) } }), "oversize", RPC_ERROR.invalidRequest],
    ["lone surrogate", '{"jsonrpc":"2.0","method":"x","params":{"a":"\ud800"}}', "invalid_utf8", RPC_ERROR.parse],
  ])("%s is refused", (_name, text, failure, code) => {
    const parsed = parseJsonRpc(text, options);
    expect(parsed).toMatchObject({ ok: false, failure, code });
  });

  test("a batch is classified element by element", () => {
    const parsed = parseJsonRpc('[{"jsonrpc":"2.0","id":1,"method":"a"},{"nope":1}]', options);
    expect(parsed.ok && parsed.batch && parsed.elements.map((e) => e.kind)).toEqual(["request", "invalid"]);
  });

  test("a batch is refused where batches are not allowed", () => {
    expect(parseJsonRpc('[{"jsonrpc":"2.0","method":"a"}]', { maxBytes: 1024, allowBatch: false })).toMatchObject({ ok: false, failure: "invalid_batch" });
  });

  test("the byte bound counts UTF-8 bytes, not characters", () => {
    const text = JSON.stringify({ jsonrpc: "2.0", method: "x", params: { a: "é".repeat(600) } });
    expect(text.length).toBeLessThan(1024);
    expect(parseJsonRpc(text, options)).toMatchObject({ ok: false, failure: "oversize" });
  });
});

describe("LineSplitter", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  test("lines across chunks, CRLF and blank lines", () => {
    const s = new LineSplitter(100);
    const out = [...s.push(enc('{"a":')), ...s.push(enc('1}\r\n\n  \n{"b"')), ...s.push(enc(":2}\n")), ...s.end()];
    expect(out).toEqual([
      { kind: "line", text: '{"a":1}', bytes: 7 },
      { kind: "line", text: '{"b":2}', bytes: 7 },
    ]);
  });

  test("an oversize line is reported once and skipped without buffering, the next line survives", () => {
    const s = new LineSplitter(10);
    const out = [...s.push(enc("x".repeat(8))), ...s.push(enc("y".repeat(50))), ...s.push(enc("z".repeat(50))), ...s.push(enc("\nok\n"))];
    expect(out).toEqual([
      { kind: "oversize", bytes: 108 },
      { kind: "line", text: "ok", bytes: 2 },
    ]);
  });

  test("a final line without a newline counts; invalid UTF-8 is reported", () => {
    const s = new LineSplitter(100);
    expect([...s.push(new Uint8Array([0xff, 0xfe, 0x0a])), ...s.push(enc("tail")), ...s.end()]).toEqual([
      { kind: "invalid_utf8", bytes: 2 },
      { kind: "line", text: "tail", bytes: 4 },
    ]);
  });

  test("a UTF-8 character split across chunks decodes", () => {
    const s = new LineSplitter(100);
    const bytes = enc("é\n");
    expect([...s.push(bytes.subarray(0, 1)), ...s.push(bytes.subarray(1))]).toEqual([{ kind: "line", text: "é", bytes: 2 }]);
  });
});
