/** @module Scan API bearer auth: every malformed or wrong credential is a 401, compared against every token. */
import { describe, expect, test } from "bun:test";
import { authenticate, extractBearerToken } from "../../../src/doors/scanapi/bearer-auth.ts";
import { expectError, makeApi, OTHER_TOKEN, scanRequest, send, testSettings, TOKEN } from "./fixtures.ts";

const VALID_BODY = { kind: "dlp", input: { text: "hello" } };

describe("rejected credentials", () => {
  const cases: [string, Record<string, string>][] = [
    ["missing header", {}],
    ["other scheme (Basic)", { authorization: `Basic ${btoa(`user:${TOKEN}`)}` }],
    ["token without scheme", { authorization: TOKEN }],
    ["scheme without token", { authorization: "Bearer" }],
    ["empty token", { authorization: "Bearer " }],
    ["blank token", { authorization: "Bearer     " }],
    ["wrong token", { authorization: "Bearer plk-test-0000000000000000000000000" }],
    ["prefix of a valid token", { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ["valid token plus a suffix", { authorization: `Bearer ${TOKEN}x` }],
    ["valid token with different case", { authorization: `Bearer ${TOKEN.toUpperCase()}` }],
    ["two tokens in one header", { authorization: `Bearer ${TOKEN} ${OTHER_TOKEN}` }],
    ["token after a tab instead of a space", { authorization: `Bearer\t${TOKEN}` }],
  ];
  test.each(cases)("%s → 401 unauthorized with WWW-Authenticate: Bearer", async (_name, headers) => {
    const { api, calls } = makeApi();
    const result = await expectError(api, scanRequest(VALID_BODY, { token: null, headers }), 401, "unauthorized");
    expect(result.headers.get("www-authenticate")).toBe("Bearer");
    expect(result.body.errors[0]?.retryable).toBe(false);
    expect(result.body.kind).toBe("");
    expect(result.text).not.toContain(TOKEN);
    expect(calls).toHaveLength(0);
  });

  test("an auth failure does not even read the body", async () => {
    const { api } = makeApi();
    let pulled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled = true;
        controller.close();
      },
    }, { highWaterMark: 0 });
    await expectError(api, scanRequest(stream, { token: "nope" }), 401, "unauthorized");
    expect(pulled).toBe(false);
  });

  test("no configured tokens → every request is 401", async () => {
    const { api } = makeApi({ settingsValue: testSettings({ bearerTokens: [] }) });
    await expectError(api, scanRequest(VALID_BODY), 401, "unauthorized");
  });

  test("an empty configured token never authenticates an empty presented one", async () => {
    const { api } = makeApi({ settingsValue: testSettings({ bearerTokens: [""] }) });
    await expectError(api, scanRequest(VALID_BODY, { token: null, headers: { authorization: "Bearer " } }), 401, "unauthorized");
    expect(authenticate("", [""])).toBeUndefined();
  });
});

describe("accepted credentials", () => {
  test.each([
    ["first configured token", `Bearer ${TOKEN}`],
    ["second configured token", `Bearer ${OTHER_TOKEN}`],
    ["lower-case scheme", `bearer ${TOKEN}`],
    ["upper-case scheme", `BEARER ${TOKEN}`],
  ])("%s → 200", async (_name, authorization) => {
    const { api, calls } = makeApi();
    const result = await send(api, scanRequest(VALID_BODY, { token: null, headers: { authorization } }));
    expect(result.status).toBe(200);
    expect(calls).toHaveLength(1);
  });
});

describe("authenticate", () => {
  test("identifies which token matched by digest, never by the token itself", () => {
    const tokens = [TOKEN, OTHER_TOKEN];
    const first = authenticate(TOKEN, tokens);
    const second = authenticate(OTHER_TOKEN, tokens);
    expect(first).toBeString();
    expect(second).toBeString();
    expect(first).not.toBe(second);
    expect(first).not.toContain(TOKEN);
    expect(authenticate(TOKEN, [OTHER_TOKEN, TOKEN])).toBe(first);
  });

  test("is undefined for no token, a wrong token and an empty token list", () => {
    expect(authenticate(undefined, [TOKEN])).toBeUndefined();
    expect(authenticate("wrong", [TOKEN])).toBeUndefined();
    expect(authenticate(TOKEN, [])).toBeUndefined();
  });

  test("extractBearerToken keeps the token exactly and refuses other shapes", () => {
    expect(extractBearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(extractBearerToken(`bEaReR ${TOKEN}`)).toBe(TOKEN);
    expect(extractBearerToken(null)).toBeUndefined();
    expect(extractBearerToken("Bearer ")).toBeUndefined();
    expect(extractBearerToken(`Token ${TOKEN}`)).toBeUndefined();
  });
});
