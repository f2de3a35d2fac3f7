/** @module Transport helpers: SSE parsing and formatting, era detection and header checks, child env, session table, origins. */
import { describe, expect, test } from "bun:test";
import {
  childEnv,
  createGuard,
  decodeHeaderValue,
  detectEra,
  EnvError,
  formatSse,
  headerMismatch,
  HttpSessions,
  McpSession,
  mcpParamHeaders,
  originAllowed,
  resolveEndpoint,
  SseParser,
  targetUrl,
  validSessionId,
  DEFAULT_GUARD_SETTINGS,
} from "../../../src/doors/mcp/index.ts";
import { oneLineExemption } from "../../../src/doors/mcp/inspect/verdicts.ts";
import { sendableCode } from "../../../src/doors/mcp/transports/ws-listener.ts";

const enc = (s: string) => new TextEncoder().encode(s);

describe("SseParser", () => {
  test("events across chunk boundaries, CRLF, comments, multi-line data, ids and retry", () => {
    const p = new SseParser(1000);
    const items = [...p.push(enc(": keep-alive\r\nid: 7\r\nevent: message\r\ndata: {\"a\"")), ...p.push(enc(":1}\r\n\r\ndata: line1\ndata: line2\n\nretry: 500\nid: 8\ndata:\n\n")), ...p.end()];
    expect(items).toEqual([
      { kind: "comment", text: " keep-alive" },
      { kind: "event", event: { id: "7", event: "message", data: '{"a":1}', hasData: true } },
      { kind: "event", event: { data: "line1\nline2", hasData: true } },
      { kind: "event", event: { id: "8", retry: 500, data: "", hasData: true } },
    ]);
  });

  test("an event over the bound is reported, not buffered", () => {
    const p = new SseParser(10);
    expect([...p.push(enc(`data: ${"x".repeat(50)}\n`)), ...p.push(enc("\ndata: ok\n\n"))]).toEqual([{ kind: "oversize" }, { kind: "event", event: { data: "ok", hasData: true } }]);
  });

  test("format round-trips through the parser", () => {
    const text = formatSse({ id: "a1", event: "message", data: "x\ny" }) + formatSse({ id: "a2" });
    const p = new SseParser(1000);
    expect(p.push(enc(text))).toEqual([
      { kind: "event", event: { id: "a1", event: "message", data: "x\ny", hasData: true } },
      { kind: "event", event: { id: "a2", data: "", hasData: true } },
    ]);
  });
});

describe("era detection and the 2026-07-28 header check", () => {
  const h = (o: Record<string, string>) => new Headers(o);
  const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_weather", arguments: { city: "Paris", days: 3 } } };
  test.each<[Record<string, string>, unknown, "modern" | "legacy"]>([
    [{ "mcp-protocol-version": "2026-07-28" }, {}, "modern"],
    [{ "mcp-protocol-version": "2025-11-25" }, {}, "legacy"],
    [{}, { params: { _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28" } } }, "modern"],
    [{ "mcp-method": "tools/list" }, {}, "modern"],
    [{}, { method: "initialize" }, "legacy"],
  ])("%j + %j → %s", (headers, body, era) => {
    expect(detectEra(h(headers), body)).toBe(era);
  });

  test.each<[Record<string, string>, string | undefined]>([
    [{ "mcp-method": "tools/call", "mcp-name": "get_weather" }, undefined],
    [{ "mcp-method": "tools/call", "mcp-name": "=?base64?Z2V0X3dlYXRoZXI=?=" }, undefined],
    [{ "mcp-method": "tools/list", "mcp-name": "get_weather" }, "Mcp-Method header does not match the body's method"],
    [{ "mcp-method": "tools/call", "mcp-name": "delete_all" }, "Mcp-Name header does not match params.name"],
    [{ "mcp-method": "tools/call" }, "Mcp-Name header is missing"],
    [{ "mcp-name": "get_weather" }, "Mcp-Method header is missing"],
    [{ "mcp-method": "tools/call", "mcp-name": "=?base64?!!!?=" }, "Mcp-Name header does not match params.name"],
  ])("%j → %s", (headers, reason) => {
    expect(headerMismatch(h(headers), call)).toBe(reason);
  });

  test("Mcp-Param headers are checked against x-mcp-header arguments", () => {
    const tool = { name: "get_weather", inputSchema: { properties: { city: { type: "string", "x-mcp-header": "City" }, days: { type: "integer", "x-mcp-header": "Days" } } } };
    const params = mcpParamHeaders(tool);
    const base = { "mcp-method": "tools/call", "mcp-name": "get_weather" };
    expect(headerMismatch(h({ ...base, "mcp-param-city": "Paris", "mcp-param-days": "3" }), call, params)).toBeUndefined();
    expect(headerMismatch(h({ ...base, "mcp-param-city": "Lyon" }), call, params)).toBe("Mcp-Param-city does not match arguments.city");
    expect(headerMismatch(h({ ...base, "mcp-param-other": "x" }), call, params)).toBe("Mcp-Param-other does not name an x-mcp-header argument");
  });

  test("sentinel decoding", () => {
    expect(decodeHeaderValue("=?base64?w6k=?=")).toBe("é");
    expect(decodeHeaderValue("plain")).toBe("plain");
    expect(decodeHeaderValue("=?base64?broken")).toBeUndefined();
  });
});

describe("child environment", () => {
  const parent = { PATH: "/bin", HOME: "/h", SECRET_TOKEN: "s3cr3t", HTTPS_PROXY: "http://127.0.0.1:8888", https_proxy: "http://127.0.0.1:8888", NODE_EXTRA_CA_CERTS: "/ca.pem", OTHER: "o" };
  test("default: everything passes, explicitly", () => {
    expect(childEnv(parent, [], false)).toEqual(parent);
  });

  test("clean: basics plus proxy and CA variables plus --env", () => {
    expect(childEnv(parent, ["EXTRA=1", "OTHER"], true)).toEqual({ PATH: "/bin", HOME: "/h", HTTPS_PROXY: "http://127.0.0.1:8888", https_proxy: "http://127.0.0.1:8888", NODE_EXTRA_CA_CERTS: "/ca.pem", EXTRA: "1", OTHER: "o" });
  });

  test("a malformed --env entry is an error", () => {
    expect(() => childEnv(parent, ["1BAD=x"], false)).toThrow(EnvError);
  });
});

describe("listener helpers", () => {
  test.each([
    [null, true],
    ["http://localhost:3000", true],
    ["http://127.0.0.1:5173", true],
    ["http://[::1]:80", true],
    ["https://app.example.test", true],
    ["https://evil.example.test", false],
    ["null", false],
  ])("origin %s allowed: %s", (origin, ok) => {
    expect(originAllowed(origin, ["https://app.example.test"])).toBe(ok);
  });

  test.each([
    ["abc-123", true],
    ["", false],
    ["has space", false],
    ["x".repeat(257), false],
    ["tab\t", false],
  ])("session id %j valid: %s", (id, ok) => {
    expect(validSessionId(id)).toBe(ok);
  });

  test("paths map only to the upstream endpoint", () => {
    const up = new URL("http://127.0.0.1:9/mcp");
    expect(targetUrl(up, new URL("http://l/mcp?x=1"))?.href).toBe("http://127.0.0.1:9/mcp?x=1");
    expect(targetUrl(up, new URL("http://l/"))?.href).toBe("http://127.0.0.1:9/mcp");
    expect(targetUrl(up, new URL("http://l/admin"))).toBeUndefined();
  });

  test("legacy endpoints must stay on the upstream origin", () => {
    const sse = new URL("http://127.0.0.1:9/sse");
    expect(resolveEndpoint("/message?sessionId=1", sse)?.href).toBe("http://127.0.0.1:9/message?sessionId=1");
    expect(resolveEndpoint("http://127.0.0.2:9/message", sse)).toBeUndefined();
  });

  test("session table: LRU bound and idle expiry close the evicted session", () => {
    let now = 0;
    const table = new HttpSessions(2, 100, () => now);
    const guard = (id: string) => createGuard({ session: new McpSession(id), scanner: {} as never, settings: DEFAULT_GUARD_SETTINGS, sink: { emit() {} }, door: "mcp_http" });
    const [a, b, c] = [guard("a"), guard("b"), guard("c")];
    table.set("a", a);
    table.set("b", b);
    table.get("a");
    table.set("c", c);
    expect([table.get("a") === a, table.get("b"), table.get("c") === c]).toEqual([true, undefined, true]);
    expect(b.session.closed).toBe(true);
    now = 1000;
    expect(table.get("a")).toBeUndefined();
    expect(a.session.closed).toBe(true);
  });

  test.each([
    [1000, 1000],
    [1005, 1011],
    [1006, 1011],
    [4001, 4001],
    [1015, 1011],
  ])("close code %d is sent as %d", (code, sent) => {
    expect(sendableCode(code)).toBe(sent);
  });

  test("exemption snippets become one flow-style line", () => {
    expect(oneLineExemption('suppress:\n  - rule: a.b\n    tool: "x"\n    reason: "why"')).toBe('suppress: [{rule: a.b, tool: "x", reason: "why"}]');
    expect(oneLineExemption("mcp_session_binding: {unknown_tool_action: warn}")).toBe("mcp_session_binding: {unknown_tool_action: warn}");
  });
});
