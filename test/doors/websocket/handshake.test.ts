/** @module Handshake pieces: accept key (RFC 6455 example), agent request validation, upstream answer checks, targets. */
import { describe, expect, test } from "bun:test";
import type { IncomingMessage } from "node:http";
import { acceptKey, upstreamProblem, upstreamRequest, validateClientUpgrade } from "../../../src/doors/websocket/handshake.ts";
import { eventTarget, forwardedHeaders, httpFormOf, parseWsTarget } from "../../../src/doors/websocket/target.ts";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";

function req(method: string, headers: Record<string, string>): IncomingMessage {
  const rawHeaders = Object.entries(headers).flat();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, headers: lower, rawHeaders } as unknown as IncomingMessage;
}
const good = { Upgrade: "websocket", Connection: "keep-alive, Upgrade", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": KEY };

test("accept key matches RFC 6455 §1.3", () => {
  expect(acceptKey(KEY)).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
});

describe("agent upgrade request", () => {
  test("valid request with subprotocols", () => {
    expect(validateClientUpgrade(req("GET", { ...good, "Sec-WebSocket-Protocol": "chat, superchat" }))).toEqual({ ok: true, key: KEY, protocols: ["chat", "superchat"] });
  });
  test.each([
    ["POST", good, 405],
    ["GET", { ...good, Upgrade: "h2c" }, 400],
    ["GET", { ...good, Connection: "keep-alive" }, 400],
    ["GET", { ...good, "Sec-WebSocket-Version": "8" }, 426],
    ["GET", { ...good, "Sec-WebSocket-Key": "short" }, 400],
    ["GET", { ...good, "Sec-WebSocket-Protocol": "bad proto" }, 400],
  ] as const)("%s %j → %i", (method, headers, status) => {
    expect(validateClientUpgrade(req(method, headers))).toMatchObject({ ok: false, status });
  });
});

describe("upstream answer", () => {
  const ok = { status: 101, headers: { upgrade: "websocket", connection: "Upgrade", "sec-websocket-accept": acceptKey(KEY) }, rest: new Uint8Array() };
  test.each([
    ["a proper 101", ok, undefined],
    ["chosen offered subprotocol", { ...ok, headers: { ...ok.headers, "sec-websocket-protocol": "chat" } }, undefined],
    ["200 instead of 101", { ...ok, status: 200 }, /200/],
    ["wrong accept", { ...ok, headers: { ...ok.headers, "sec-websocket-accept": "x" } }, /Accept/],
    ["extension enabled", { ...ok, headers: { ...ok.headers, "sec-websocket-extensions": "permessage-deflate" } }, /extension/],
    ["subprotocol not offered", { ...ok, headers: { ...ok.headers, "sec-websocket-protocol": "other" } }, /did not offer/],
    ["no upgrade header", { ...ok, headers: { connection: "Upgrade", "sec-websocket-accept": acceptKey(KEY) } }, /Upgrade/],
  ])("%s", (_name, res, problem) => {
    const p = upstreamProblem(res, KEY, ["chat"]);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toMatch(problem);
  });

  test("pipelock's upstream request offers no extension and drops header lines with CR/LF", () => {
    const text = upstreamRequest(new URL("wss://api.example.test:8443/socket?room=1"), KEY, [["Authorization", "Bearer x"], ["X-Evil", "a\r\nInjected: 1"]]);
    expect(text).toStartWith("GET /socket?room=1 HTTP/1.1\r\nHost: api.example.test:8443\r\n");
    expect(text).toContain("Sec-WebSocket-Version: 13\r\n");
    expect(text).toContain("Authorization: Bearer x\r\n");
    expect(text.toLowerCase()).not.toContain("sec-websocket-extensions");
    expect(text).not.toContain("Injected");
    expect(text).toEndWith("\r\n\r\n");
  });
});

describe("targets", () => {
  test.each([
    ["/ws?url=ws://127.0.0.1:9000/chat", "ws://127.0.0.1:9000/chat"],
    ["/ws?url=wss%3A%2F%2Fapi.example.test%2Fs%3Fa%3D1", "wss://api.example.test/s?a=1"],
    ["/ws?url=wss://api.example.test/s?a=1&b=2", "wss://api.example.test/s?a=1&b=2"],
    ["/ws?agent=bot&url=ws://h.test/x", "ws://h.test/x"],
    ["/ws?url=ws://h.test/x%0d%0a", "ws://h.test/x"],
  ])("%s → %s", (path, expected) => {
    const r = parseWsTarget(path);
    expect(r.ok && r.url.href).toBe(expected);
  });
  test.each([
    ["/ws", /missing/],
    ["/ws?url=", /missing/],
    ["/ws?url=https://h.test/", /ws:\/\/ or wss:\/\//],
    ["/ws?url=ws://user:pw@h.test/", /credentials/],
    ["/ws?url=not a url", /valid URL/],
  ])("%s refused", (path, why) => {
    const r = parseWsTarget(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });
  test("http form and event target", () => {
    const u = new URL("wss://api.example.test:444/s?token=abc");
    expect(httpFormOf(u)).toBe("https://api.example.test:444/s?token=abc");
    expect(eventTarget(u)).toBe("wss://api.example.test:444/s");
  });
});

describe("forwarded headers", () => {
  const r = req("GET", { ...good, Authorization: "Bearer t", Cookie: "sid=1", Origin: "http://evil.test", "X-Other": "dropped", "User-Agent": "agent/1", "Sec-WebSocket-Protocol": "chat" });
  const target = new URL("wss://api.example.test/s");
  test.each([
    ["rewrite", false, [["Authorization", "Bearer t"], ["Sec-WebSocket-Protocol", "chat"], ["Origin", "https://api.example.test"], ["User-Agent", "agent/1 pipelock/1.2.3"]]],
    ["forward", true, [["Authorization", "Bearer t"], ["Sec-WebSocket-Protocol", "chat"], ["Cookie", "sid=1"], ["Origin", "http://evil.test"], ["User-Agent", "agent/1 pipelock/1.2.3"]]],
    ["strip", false, [["Authorization", "Bearer t"], ["Sec-WebSocket-Protocol", "chat"], ["User-Agent", "agent/1 pipelock/1.2.3"]]],
  ] as const)("origin %s, cookies %p", (originPolicy, forwardCookies, expected) => {
    expect(forwardedHeaders(r, target, { originPolicy, forwardCookies, version: "1.2.3" })).toEqual(expected.map((p) => [...p]));
  });
});
