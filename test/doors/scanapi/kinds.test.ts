/** @module Scan API kinds: valid and enabled kinds, per-kind input validation, and the Subject each kind becomes. */
import { describe, expect, test } from "bun:test";
import { SCAN_API_DEFAULTS, SCAN_API_KINDS, type ScanApiKind } from "../../../src/doors/scanapi/index.ts";
import type { Subject } from "../../../src/engine/types.ts";
import { expectError, makeApi, scanRequest, send, testSettings } from "./fixtures.ts";

const TOOL = {
  name: "read_file",
  description: "Reads a file from the workspace.",
  inputSchema: { type: "object", properties: { path: { type: "string" } } },
};

describe("kind → Subject", () => {
  const cases: [string, unknown, Subject][] = [
    ["url", { url: "https://example.test/a?b=c" }, { kind: "url", url: "https://example.test/a?b=c" }],
    ["url (http, port, IP host)", { url: "http://10.0.0.7:8080/" }, { kind: "url", url: "http://10.0.0.7:8080/" }],
    ["dlp", { text: "some outbound text" }, { kind: "text", text: "some outbound text" }],
    ["prompt_injection", { content: "a fetched page" }, { kind: "content", content: "a fetched page" }],
    [
      "tool_call",
      { tool_name: "run_shell", arguments: { cmd: "ls", opts: [1, true, null] } },
      { kind: "tool_call", toolName: "run_shell", arguments: { cmd: "ls", opts: [1, true, null] } },
    ],
    ["tool_call with string arguments", { tool_name: "echo", arguments: "raw" }, { kind: "tool_call", toolName: "echo", arguments: "raw" }],
    ["tool_call without arguments", { tool_name: "list" }, { kind: "tool_call", toolName: "list", arguments: {} }],
    ["tool_description", { tool: TOOL }, { kind: "tool_description", tool: TOOL }],
  ];
  test.each(cases)("%s", async (name, input, subject) => {
    const { api, calls } = makeApi();
    const kind = name.split(" ")[0] as ScanApiKind;
    const result = await send(api, scanRequest({ kind, input }));
    expect(result.status).toBe(200);
    expect(result.body.kind).toBe(kind);
    expect(calls.map((c) => c.subject)).toEqual([subject]);
  });
});

describe("kind checks", () => {
  test.each([
    ["missing", { input: { text: "a" } }],
    ["empty", { kind: "", input: { text: "a" } }],
    ["unknown", { kind: "sql", input: { text: "a" } }],
    ["wrong case", { kind: "DLP", input: { text: "a" } }],
    ["engine subject kind, not a wire kind", { kind: "text", input: { text: "a" } }],
  ])("%s kind → 400 invalid_kind", async (_name, body) => {
    const { api, calls } = makeApi();
    const result = await expectError(api, scanRequest(body), 400, "invalid_kind");
    expect(result.body.kind).toBe("");
    expect(calls).toHaveLength(0);
  });

  test.each([...SCAN_API_KINDS])("disabled %s → 400 kind_disabled", async (kind) => {
    const kinds = { ...SCAN_API_DEFAULTS.kinds, [kind]: false };
    const { api, calls } = makeApi({ settingsValue: testSettings({ kinds }) });
    // Even an invalid input is not looked at: the kind check comes first.
    const result = await expectError(api, scanRequest({ kind, input: {} }), 400, "kind_disabled");
    expect(result.body.kind).toBe(kind);
    expect(calls).toHaveLength(0);
  });

  test("kinds are read per request (hot reload)", async () => {
    let settings = testSettings();
    const { api } = makeApi({ settings: () => settings });
    expect((await send(api, scanRequest({ kind: "dlp", input: { text: "a" } }))).status).toBe(200);
    settings = testSettings({ kinds: { ...SCAN_API_DEFAULTS.kinds, dlp: false } });
    await expectError(api, scanRequest({ kind: "dlp", input: { text: "a" } }), 400, "kind_disabled");
  });
});

const limits = { url: 64, text: 16, content: 16, arguments: 48 };
const lone = JSON.parse('"abc\\ud800"') as string;

describe("invalid_input", () => {
  const cases: [string, string, unknown][] = [
    ["url missing", "url", {}],
    ["url empty", "url", { url: "" }],
    ["url without scheme", "url", { url: "example.test/path" }],
    ["url with another scheme", "url", { url: "ftp://example.test/" }],
    ["javascript: url", "url", { url: "javascript:alert(1)" }],
    ["file: url", "url", { url: "file:///etc/passwd" }],
    ["url without host", "url", { url: "http://" }],
    ["url with a scheme but no slashes", "url", { url: "http:example.test" }],
    ["url with spaces in the host", "url", { url: "http://exa mple.test/" }],
    ["url with leading space", "url", { url: " http://example.test/" }],
    ["url over the byte limit", "url", { url: `http://example.test/${"a".repeat(64)}` }],
    ["url under the char limit but over it in bytes", "url", { url: `http://example.test/${"é".repeat(30)}` }],
    ["url with a lone surrogate", "url", { url: `http://example.test/${lone}` }],
    ["text missing", "dlp", {}],
    ["text empty", "dlp", { text: "" }],
    ["text over the limit", "dlp", { text: "x".repeat(17) }],
    ["text over the limit in UTF-8 bytes", "dlp", { text: "€".repeat(6) }],
    ["text with a lone surrogate", "dlp", { text: lone }],
    ["text with a lone low surrogate", "dlp", { text: JSON.parse('"\\udc00x"') }],
    ["content missing", "prompt_injection", {}],
    ["content over the limit", "prompt_injection", { content: "y".repeat(17) }],
    ["content with a lone surrogate", "prompt_injection", { content: lone }],
    ["tool_name missing", "tool_call", { arguments: {} }],
    ["tool_name empty", "tool_call", { tool_name: "", arguments: {} }],
    ["tool_name with a lone surrogate", "tool_call", { tool_name: lone }],
    ["tool_name too long", "tool_call", { tool_name: "t".repeat(1025) }],
    ["arguments over the limit", "tool_call", { tool_name: "t", arguments: { v: "z".repeat(48) } }],
    ["arguments with a lone surrogate value", "tool_call", { tool_name: "t", arguments: { v: [lone] } }],
    ["arguments with a lone surrogate key", "tool_call", { tool_name: "t", arguments: { [lone]: 1 } }],
    ["tool missing", "tool_description", {}],
    ["tool a string", "tool_description", { tool: "read_file" }],
    ["tool an array", "tool_description", { tool: [TOOL] }],
    ["tool without a name", "tool_description", { tool: { description: "d" } }],
    ["tool with an empty name", "tool_description", { tool: { name: "" } }],
    ["tool over the limit", "tool_description", { tool: { name: "t", description: "d".repeat(48) } }],
    ["tool with a lone surrogate", "tool_description", { tool: { name: "t", description: lone } }],
    ["field of another kind (url + text)", "url", { url: "http://example.test/", text: "a" }],
    ["field of another kind (dlp + content)", "dlp", { text: "a", content: "b" }],
    ["field of another kind (tool_call + tool)", "tool_call", { tool_name: "t", tool: TOOL }],
  ];
  test.each(cases)("%s → 400 invalid_input, scan never runs", async (_name, kind, input) => {
    const { api, calls } = makeApi({ settingsValue: testSettings({ fieldLimits: limits }) });
    const result = await expectError(api, scanRequest({ kind, input }), 400, "invalid_input");
    expect(result.body.kind).toBe(kind);
    expect(calls).toHaveLength(0);
  });

  test.each([
    ["request_id", { request_id: lone }],
    ["session_id", { session_id: lone }],
    ["agent_name", { agent_name: "a".repeat(1025) }],
  ])("bad context.%s → 400 invalid_input", async (_name, context) => {
    const { api, calls } = makeApi();
    const result = await expectError(api, scanRequest({ kind: "dlp", input: { text: "a" }, context }), 400, "invalid_input");
    expect(result.body.request_id).toBeUndefined();
    expect(calls).toHaveLength(0);
  });

  test("values exactly at the limits pass", async () => {
    const { api, calls } = makeApi({ settingsValue: testSettings({ fieldLimits: limits }) });
    const url = `http://example.test/${"a".repeat(64 - "http://example.test/".length)}`;
    for (const body of [
      { kind: "url", input: { url } },
      { kind: "dlp", input: { text: "é".repeat(8) } },
      { kind: "prompt_injection", input: { content: "c".repeat(16) } },
      { kind: "tool_call", input: { tool_name: "t", arguments: { v: "z".repeat(40) } } },
    ]) {
      expect((await send(api, scanRequest(body))).status).toBe(200);
    }
    expect(calls).toHaveLength(4);
  });

  test("the error never echoes the input value", async () => {
    const { api } = makeApi({ settingsValue: testSettings({ fieldLimits: limits }) });
    const marker = "zz-input-marker-4411";
    const result = await expectError(api, scanRequest({ kind: "url", input: { url: `gopher://${marker}` } }), 400, "invalid_input");
    expect(result.text).not.toContain(marker);
  });
});
