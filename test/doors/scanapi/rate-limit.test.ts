/** @module Scan API per-token token bucket, driven by an injected clock. */
import { describe, expect, test } from "bun:test";
import { MAX_BUCKETS, TokenBuckets } from "../../../src/doors/scanapi/token-buckets.ts";
import type { ScanApiSettings } from "../../../src/doors/scanapi/index.ts";
import { expectError, makeApi, OTHER_TOKEN, scanRequest, send, testSettings, TOKEN } from "./fixtures.ts";

const BODY = { kind: "dlp", input: { text: "hello" } };

/** An API whose clock only moves when the test says so. */
function clockedApi(settings: () => ScanApiSettings, killSwitch: () => boolean = () => false) {
  let now = 1_000_000;
  const { api, calls } = makeApi({ settings, now: () => now, killSwitch });
  return { api, calls, advance: (ms: number) => (now += ms) };
}

async function statusOf(api: ReturnType<typeof makeApi>["api"], token = TOKEN): Promise<number> {
  return (await send(api, scanRequest(BODY, { token }))).status;
}

describe("per-token bucket", () => {
  test("burst requests pass, the next is 429 rate_limited with Retry-After: 1, retryable", async () => {
    const settings = testSettings({ burst: 3, requestsPerMinute: 60 });
    const { api, calls } = clockedApi(() => settings);
    for (let i = 0; i < 3; i++) expect(await statusOf(api)).toBe(200);
    const limited = await expectError(api, scanRequest(BODY), 429, "rate_limited");
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.body.errors[0]?.retryable).toBe(true);
    expect(calls).toHaveLength(3);
  });

  test("refills at requestsPerMinute: one more request per elapsed interval, never above burst", async () => {
    const settings = testSettings({ burst: 2, requestsPerMinute: 60 });
    const { api, advance } = clockedApi(() => settings);
    expect([await statusOf(api), await statusOf(api), await statusOf(api)]).toEqual([200, 200, 429]);
    advance(999);
    expect(await statusOf(api)).toBe(429);
    advance(1);
    expect([await statusOf(api), await statusOf(api)]).toEqual([200, 429]);
    advance(3_600_000);
    expect([await statusOf(api), await statusOf(api), await statusOf(api)]).toEqual([200, 200, 429]);
  });

  test("each token has its own bucket", async () => {
    const settings = testSettings({ burst: 1, requestsPerMinute: 1 });
    const { api } = clockedApi(() => settings);
    expect(await statusOf(api, TOKEN)).toBe(200);
    expect(await statusOf(api, TOKEN)).toBe(429);
    expect(await statusOf(api, OTHER_TOKEN)).toBe(200);
    expect(await statusOf(api, OTHER_TOKEN)).toBe(429);
  });

  test("requests with a bad token are refused before they could drain a bucket", async () => {
    const settings = testSettings({ burst: 1, requestsPerMinute: 1 });
    const { api } = clockedApi(() => settings);
    for (let i = 0; i < 5; i++) await expectError(api, scanRequest(BODY, { token: "wrong" }), 401, "unauthorized");
    expect(await statusOf(api)).toBe(200);
  });

  test("rate limiting comes before the kill switch and the body", async () => {
    const settings = testSettings({ burst: 1, requestsPerMinute: 1 });
    const { api } = clockedApi(() => settings, () => true);
    await expectError(api, scanRequest("not json"), 503, "kill_switch_active");
    await expectError(api, scanRequest("not json"), 429, "rate_limited");
  });

  test("a hot reload that changes the numbers takes effect on the next request", async () => {
    let settings = testSettings({ burst: 1, requestsPerMinute: 1 });
    const { api } = clockedApi(() => settings);
    expect([await statusOf(api), await statusOf(api)]).toEqual([200, 429]);
    settings = testSettings({ burst: 3, requestsPerMinute: 1 });
    expect([await statusOf(api), await statusOf(api), await statusOf(api), await statusOf(api)]).toEqual([200, 200, 200, 429]);
  });

  test("non-positive reloaded numbers fall back to the defaults instead of disabling the limit", async () => {
    const settings = testSettings({ burst: 0, requestsPerMinute: -5 });
    const { api } = clockedApi(() => settings);
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) statuses.push(await statusOf(api));
    expect(statuses.slice(0, 50).every((s) => s === 200)).toBe(true);
    expect(statuses[50]).toBe(429);
  });
});

describe("TokenBuckets", () => {
  test("a clock that steps backwards refills nothing", () => {
    let now = 10_000;
    const buckets = new TokenBuckets(() => now);
    expect(buckets.take("k", 60, 1)).toBe(true);
    now = 0;
    expect(buckets.take("k", 60, 1)).toBe(false);
    now = 10_999;
    expect(buckets.take("k", 60, 1)).toBe(false);
    now = 11_000;
    expect(buckets.take("k", 60, 1)).toBe(true);
  });

  test("keeps at most MAX_BUCKETS keys", () => {
    const buckets = new TokenBuckets(() => 0);
    for (let i = 0; i < MAX_BUCKETS + 10; i++) buckets.take(`key-${i}`, 60, 1);
    expect(buckets.size).toBe(MAX_BUCKETS);
  });
});
