/** Proxy-Authorization: Basic users and Bearer tokens; nothing configured = open. */
import { describe, expect, test } from "bun:test";
import { proxyAuthorized } from "../../../src/doors/http/index.ts";

const settings = { users: [{ username: "agent", password: "s3cret-pass" }], bearerTokens: ["tok-abc-123"] };
const basic = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;

describe("proxyAuthorized", () => {
  const cases: [string, string | undefined, boolean][] = [
    ["right basic credentials", basic("agent:s3cret-pass"), true],
    ["scheme is case-insensitive", basic("agent:s3cret-pass").replace("Basic", "bAsIc"), true],
    ["right bearer token", "Bearer tok-abc-123", true],
    ["wrong password", basic("agent:wrong"), false],
    ["password with a suffix", basic("agent:s3cret-pass2"), false],
    ["wrong user", basic("root:s3cret-pass"), false],
    ["wrong token", "Bearer tok-abc-124", false],
    ["token sent as basic", basic("tok-abc-123"), false],
    ["missing header", undefined, false],
    ["no scheme", "s3cret-pass", false],
    ["unknown scheme", "Digest x", false],
    ["oversized header", `Bearer ${"x".repeat(5000)}`, false],
  ];
  test.each(cases)("%s → %p", (_n, header, ok) => {
    expect(proxyAuthorized(header, settings)).toBe(ok);
  });

  test("no users and no tokens: every request passes", () => {
    expect(proxyAuthorized(undefined, { users: [], bearerTokens: [] })).toBe(true);
  });
});
