/**
 * What the HTTP doors hand cross-request detection: session keys, a request's pieces (URL, raw or
 * extracted body, bounded to 64 KiB), and a WebSocket message's pieces.
 */
import { describe, expect, test } from "bun:test";
import { CROSS_REQUEST_BODY_BYTES, crossRequestSession, messageFragments, requestFragments } from "../../../src/doors/http/index.ts";

const enc = (s: string) => new TextEncoder().encode(s);

describe("crossRequestSession", () => {
  test.each([
    ["agent and address", "bot", "127.0.0.1", "bot|127.0.0.1"],
    ["address only", undefined, "::1", "::1"],
    ["empty agent counts as none", "", "10.0.0.1", "10.0.0.1"],
    ["unknown address", "bot", undefined, "bot|-"],
  ] as const)("%s", (_n, agent, ip, key) => {
    expect(crossRequestSession(agent, ip)).toBe(key);
  });

  test("a hostile agent header is cut", () => {
    expect(crossRequestSession("a".repeat(10_000), "127.0.0.1").length).toBeLessThan(300);
  });
});

describe("requestFragments", () => {
  const texts = (url: string, headers: string[], body?: string, extracted?: string) =>
    requestFragments(url, headers, body === undefined ? undefined : enc(body), extracted).map((f) => `${f.field}=${f.text}`);

  test.each([
    ["query values and path tail", "http://api.test/search?q=abc", [], undefined, undefined, ["query:q=abc", "query-keys=q", "path-tail=search"]],
    ["an IP-literal host gives no label piece", "http://127.0.0.1:3000/", [], undefined, undefined, []],
    ["nor does an IPv6 literal", "http://[fd00::1]:3000/", [], undefined, undefined, []],
    ["a 3-label host gives its first label", "http://abc.api.test/", [], undefined, undefined, ["host-label=abc"]],
    ["a JSON body by its leaves", "http://api.test/", ["Content-Type", "application/json"], '{"note":"xyz"}', undefined, ["json.note=xyz"]],
    ["a form body as one piece", "http://api.test/", ["Content-Type", "application/x-www-form-urlencoded"], "a=1", undefined, ["body=a=1"]],
    ["a compressed body by its extracted text", "http://api.test/", ["Content-Encoding", "gzip"], "\x1f\x8b...", "key=value", ["body=key=value"]],
    ["a compressed body without extracted text gives nothing", "http://api.test/", ["Content-Encoding", "gzip"], "\x1f\x8b...", undefined, []],
  ] as const)("%s", (_n, url, headers, body, extracted, want) => {
    expect(texts(url, [...headers], body, extracted)).toEqual([...want]);
  });

  test("only the first 64 KiB of a body is handed on", () => {
    const pieces = requestFragments("http://127.0.0.1/", ["Content-Type", "text/plain"], enc("a".repeat(CROSS_REQUEST_BODY_BYTES + 100)), undefined);
    expect(pieces.reduce((n, f) => n + f.text.length, 0)).toBe(CROSS_REQUEST_BODY_BYTES);
  });
});

describe("messageFragments", () => {
  test.each([
    ["plain text is one ws piece", "hello", ["ws=hello"]],
    ["JSON by its leaves", '{"a":"b"}', ["json.a=b"]],
    ["empty gives nothing", "", []],
  ] as const)("%s", (_n, text, want) => {
    expect(messageFragments(text).map((f) => `${f.field}=${f.text}`)).toEqual([...want]);
  });
});
