/** @module Scan API strict JSON decoding: one UTF-8 JSON object, known fields of the right types, nothing more. */
import { describe, expect, test } from "bun:test";
import { jsonStructureProblem, MAX_JSON_DEPTH } from "../../../src/doors/scanapi/json-structure.ts";
import { parseScanRequest } from "../../../src/doors/scanapi/parse-request.ts";
import { expectError, makeApi, scanRequest, send } from "./fixtures.ts";

const enc = new TextEncoder();
const deepArray = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

const INVALID: [string, string | Uint8Array][] = [
  ["empty body", ""],
  ["whitespace only", "  \n "],
  ["null", "null"],
  ["array", '[{"kind":"dlp","input":{"text":"a"}}]'],
  ["number", "42"],
  ["string", '"dlp"'],
  ["truncated object", '{"kind":"dlp","input":{"text":"a"}'],
  ["two objects", '{"kind":"dlp","input":{"text":"a"}}{"kind":"dlp","input":{"text":"b"}}'],
  ["trailing garbage", '{"kind":"dlp","input":{"text":"a"}} x'],
  ["trailing comma", '{"kind":"dlp","input":{"text":"a"},}'],
  ["single quotes", "{'kind':'dlp'}"],
  ["comment", '{"kind":"dlp", /* c */ "input":{"text":"a"}}'],
  ["NaN literal", '{"kind":"dlp","input":{"text":"a","arguments":NaN}}'],
  ["invalid UTF-8 byte", new Uint8Array([...enc.encode('{"kind":"dlp","input":{"text":"a'), 0xff, ...enc.encode('"}}')])],
  ["overlong UTF-8 encoding", new Uint8Array([...enc.encode('{"kind":"dlp","input":{"text":"'), 0xc0, 0xaf, ...enc.encode('"}}')])],
  ["UTF-8 encoded surrogate", new Uint8Array([...enc.encode('{"kind":"dlp","input":{"text":"'), 0xed, 0xa0, 0x80, ...enc.encode('"}}')])],
  ["UTF-16 body", new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])],
  ["unknown top-level field", '{"kind":"dlp","input":{"text":"a"},"extra":1}'],
  ["top-level field in another case", '{"Kind":"dlp","input":{"text":"a"}}'],
  ["__proto__ top-level field", '{"kind":"dlp","input":{"text":"a"},"__proto__":{}}'],
  ["unknown input field", '{"kind":"dlp","input":{"text":"a","body":"b"}}'],
  ["unknown context field", '{"kind":"dlp","input":{"text":"a"},"context":{"user":"x"}}'],
  ["unknown options field", '{"kind":"dlp","input":{"text":"a"},"options":{"verbose":true}}'],
  ["kind not a string", '{"kind":1,"input":{"text":"a"}}'],
  ["kind an array", '{"kind":["dlp"],"input":{"text":"a"}}'],
  ["input an array", '{"kind":"dlp","input":["a"]}'],
  ["input a string", '{"kind":"dlp","input":"a"}'],
  ["text a number", '{"kind":"dlp","input":{"text":5}}'],
  ["url an object", '{"kind":"url","input":{"url":{"href":"http://a.test"}}}'],
  ["tool_name a number", '{"kind":"tool_call","input":{"tool_name":1}}'],
  ["context a string", '{"kind":"dlp","input":{"text":"a"},"context":"x"}'],
  ["request_id a number", '{"kind":"dlp","input":{"text":"a"},"context":{"request_id":7}}'],
  ["options an array", '{"kind":"dlp","input":{"text":"a"},"options":[]}'],
  ["include_evidence a string", '{"kind":"dlp","input":{"text":"a"},"options":{"include_evidence":"yes"}}'],
  ["duplicate top-level key", '{"kind":"url","kind":"dlp","input":{"text":"a"}}'],
  ["duplicate key spelled with an escape", '{"kind":"dlp","input":{"text":"a","t\\u0065xt":"b"}}'],
  ["duplicate key inside arguments", '{"kind":"tool_call","input":{"tool_name":"t","arguments":{"a":1,"a":2}}}'],
  ["nesting deeper than the limit", `{"kind":"tool_call","input":{"tool_name":"t","arguments":${deepArray(MAX_JSON_DEPTH)}}}`],
];

describe("invalid_json", () => {
  test.each(INVALID)("%s → 400 invalid_json, scan never runs", async (_name, body) => {
    const { api, calls } = makeApi();
    const result = await expectError(api, scanRequest(body), 400, "invalid_json");
    expect(result.body.kind).toBe("");
    expect(calls).toHaveLength(0);
  });

  test("the error message never echoes the input", async () => {
    const { api } = makeApi();
    const marker = "zz-marker-9931";
    for (const body of [`{"kind":"dlp","input":{"text":"${marker}"}} ${marker}`, `{"${marker}":1}`, `{"kind":"dlp","input":{"${marker}":"a"}}`]) {
      const result = await expectError(api, scanRequest(body), 400, "invalid_json");
      expect(result.text).not.toContain(marker);
    }
  });
});

describe("accepted shapes", () => {
  test.each([
    ["minimal", '{"kind":"dlp","input":{"text":"a"}}'],
    ["surrounding whitespace", ' \n{"kind":"dlp","input":{"text":"a"}}\n '],
    ["null context and options", '{"kind":"dlp","input":{"text":"a"},"context":null,"options":null}'],
    ["null optional input field", '{"kind":"dlp","input":{"text":"a","url":null}}'],
    ["all context fields", '{"kind":"dlp","input":{"text":"a"},"context":{"request_id":"r","session_id":"s","agent_name":"n"}}'],
    ["same key in different objects", '{"kind":"tool_call","input":{"tool_name":"t","arguments":{"kind":"x","input":{"kind":"y"}}}}'],
    ["escaped quote in a key", '{"kind":"tool_call","input":{"tool_name":"t","arguments":{"a\\"b":1,"a":2}}}'],
    ["nesting just under the limit", `{"kind":"tool_call","input":{"tool_name":"t","arguments":${deepArray(MAX_JSON_DEPTH - 2)}}}`],
  ])("%s → 200", async (_name, body) => {
    const { api, calls } = makeApi();
    expect((await send(api, scanRequest(body))).status).toBe(200);
    expect(calls).toHaveLength(1);
  });
});

describe("jsonStructureProblem", () => {
  test.each([
    ['{"a":1,"b":{"a":2}}', undefined],
    ['{"a":"{\\"a\\":1,\\"a\\":2}"}', undefined],
    ['[{"a":1},{"a":1}]', undefined],
    ['{"a":[1,{"b":1}],"b":2}', undefined],
    ['{"a":1,"b":2,"a":3}', "duplicate key"],
    ['{"\\u0061":1,"a":2}', "duplicate key"],
    ['{"x":[{"k":1,"k":2}]}', "duplicate key"],
    [deepArray(MAX_JSON_DEPTH), undefined],
    [deepArray(MAX_JSON_DEPTH + 1), "nested too deeply"],
  ] as const)("%s → %s", (text, expected) => {
    expect(jsonStructureProblem(text)).toBe(expected);
  });

  test("is linear: 1 MiB of keys in well under a second", () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `"k${i}":${i}`).join(",");
    const started = performance.now();
    expect(jsonStructureProblem(`{${keys}}`)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("parseScanRequest", () => {
  test("drops null fields and defaults include_evidence to false", () => {
    const parsed = parseScanRequest(enc.encode('{"kind":"dlp","input":{"text":"a","url":null},"context":{"request_id":null}}'));
    expect(parsed).toEqual({ ok: true, request: { kind: "dlp", input: { text: "a" }, context: {}, includeEvidence: false } });
  });

  test("a missing kind decodes as empty (then invalid_kind)", () => {
    expect(parseScanRequest(enc.encode('{"input":{"text":"a"}}'))).toMatchObject({ ok: true, request: { kind: "" } });
  });
});
