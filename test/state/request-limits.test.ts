/**
 * @module createRequestLimits over a MemoryStateStore with a test clock: per-domain request limits
 * that count every subdomain against its base domain, agents kept apart, per-agent totals and
 * overrides, data budgets (reserved before, recorded after), the distinct-subdomain bound, a sliding
 * window with an honest Retry-After, refusals that leave no trace in the counters, parallel
 * requests never slipping past a limit, exemptions, and a failing store refusing.
 */
import { describe, expect, test } from "bun:test";
import type { StateStore } from "../../src/engine/index.ts";
import { createRequestLimits, DEFAULT_REQUEST_LIMIT_SETTINGS, MemoryStateStore, type LimitDecision, type RequestLimitSettings } from "../../src/state/index.ts";

const base: RequestLimitSettings = { ...DEFAULT_REQUEST_LIMIT_SETTINGS, maxSubdomainsPerWindow: 0 };

function limits(overrides: Partial<RequestLimitSettings> = {}) {
  let now = 6_000_000; // a window boundary: tests start with a fresh bucket
  const store = new MemoryStateStore({ now: () => now });
  const l = createRequestLimits(store, { ...base, ...overrides }, { now: () => now });
  return { l, store, advance: (ms: number) => void (now += ms) };
}

const reasonOf = (d: LimitDecision) => (d.ok ? "ok" : d.reason);

async function run(n: number, check: (i: number) => Promise<LimitDecision>): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(reasonOf(await check(i)));
  return out;
}

describe("per-domain request limit", () => {
  test("rotating subdomains counts against the base domain", async () => {
    const { l } = limits();
    const results = await run(61, (i) => l.checkRequest("agent", `x${i}.evil.example`));
    expect(results.slice(0, 60).every((r) => r === "ok")).toBe(true);
    const last = await l.checkRequest("agent", "evil.example");
    expect(results[60]).toBe("rate_limit");
    expect(last.ok ? "" : last.domain).toBe("evil.example");
  });

  test.each([
    ["a.example.co.uk", "b.other.co.uk"],
    ["alice.github.io", "bob.github.io"],
    ["bucket-1.s3.amazonaws.com", "bucket-2.s3.amazonaws.com"],
    ["10.0.0.1", "10.0.0.2"],
  ])("%s and %s are different base domains", async (first, second) => {
    const { l } = limits({ perDomain: { requestsPerWindow: 3, bytesPerWindow: 0 } });
    expect(await run(3, () => l.checkRequest("agent", first))).toEqual(["ok", "ok", "ok"]);
    expect(reasonOf(await l.checkRequest("agent", first))).toBe("rate_limit");
    expect(reasonOf(await l.checkRequest("agent", second))).toBe("ok");
  });

  test("case and trailing dots do not make a new domain", async () => {
    const { l } = limits({ perDomain: { requestsPerWindow: 2, bytesPerWindow: 0 } });
    await l.checkRequest("agent", "API.Example.com.");
    await l.checkRequest("agent", "api.example.com");
    expect(reasonOf(await l.checkRequest("agent", "WWW.EXAMPLE.COM"))).toBe("rate_limit");
  });
});

describe("agents", () => {
  test("agents are isolated: one agent's exhausted limit does not touch another's", async () => {
    const { l } = limits({ perDomain: { requestsPerWindow: 5, bytesPerWindow: 0 } });
    await run(5, () => l.checkRequest("agent-a", "api.example.com"));
    expect(reasonOf(await l.checkRequest("agent-a", "api.example.com"))).toBe("rate_limit");
    expect(await run(5, () => l.checkRequest("agent-b", "api.example.com"))).toEqual(Array(5).fill("ok"));
    expect(reasonOf(await l.checkRequest("", "api.example.com"))).toBe("ok");
  });

  test("a per-agent total spans domains", async () => {
    const { l } = limits({ perAgent: { requestsPerWindow: 4, bytesPerWindow: 0 } });
    expect(await run(5, (i) => l.checkRequest("agent", `site${i}.example`))).toEqual(["ok", "ok", "ok", "ok", "agent_rate_limit"]);
    expect(reasonOf(await l.checkRequest("other", "site9.example"))).toBe("ok");
  });

  test("a named agent's override replaces the per-domain limit for it alone", async () => {
    const { l } = limits({ perDomain: { requestsPerWindow: 2, bytesPerWindow: 0 }, agents: { "ci-bot": { requestsPerWindow: 5 } } });
    expect(await run(6, () => l.checkRequest("ci-bot", "registry.example"))).toEqual([...Array(5).fill("ok"), "rate_limit"]);
    expect(await run(3, () => l.checkRequest("dev", "registry.example"))).toEqual(["ok", "ok", "rate_limit"]);
  });
});

describe("sliding window and Retry-After", () => {
  test("Retry-After is at least 1 s, at most two windows, and waiting it out is enough", async () => {
    const { l, advance } = limits({ perDomain: { requestsPerWindow: 10, bytesPerWindow: 0 } });
    for (let i = 0; i < 10; i++) {
      await l.checkRequest("agent", "example.org");
      advance(3000);
    }
    const refused = await l.checkRequest("agent", "example.org");
    if (refused.ok) throw new Error("expected a refusal");
    expect(refused.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSec).toBeLessThanOrEqual(120);
    advance(refused.retryAfterSec * 1000);
    expect(reasonOf(await l.checkRequest("agent", "example.org"))).toBe("ok");
  });

  test("the previous window still weighs in right after it ends, then fades", async () => {
    const { l, advance } = limits({ perDomain: { requestsPerWindow: 10, bytesPerWindow: 0 } });
    await run(10, () => l.checkRequest("agent", "example.org"));
    advance(60_000 + 6000); // 10% into the next window: last window weighs 0.9 → 9 used
    expect(await run(2, () => l.checkRequest("agent", "example.org"))).toEqual(["ok", "rate_limit"]);
    advance(60_000); // next window: the last one held just 1 request
    expect(reasonOf(await l.checkRequest("agent", "example.org"))).toBe("ok");
  });

  test("a refused request leaves no trace: the counter does not grow while refused", async () => {
    const { l, store } = limits({ perDomain: { requestsPerWindow: 5, bytesPerWindow: 0 }, perAgent: { requestsPerWindow: 3, bytesPerWindow: 0 } });
    await run(3, () => l.checkRequest("agent", "a.example"));
    expect(reasonOf(await l.checkRequest("agent", "b.example"))).toBe("agent_rate_limit");
    expect((await store.get<number>("rate:agent|b.example|100"))?.value ?? 0).toBe(0);
    await run(10, () => l.checkRequest("agent", "a.example"));
    expect((await store.get<number>("rate:agent|a.example|100"))?.value).toBe(3);
  });

  test("parallel requests never slip past the limit together", async () => {
    const { l } = limits({ perDomain: { requestsPerWindow: 60, bytesPerWindow: 0 } });
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => l.checkRequest("agent", `h${i}.burst.example`)));
    expect(results.filter((r) => r.ok)).toHaveLength(60);
  });
});

describe("data budgets", () => {
  test("outbound bytes are reserved before: a request that would overflow the budget is refused", async () => {
    const { l } = limits({ perDomain: { requestsPerWindow: 1000, bytesPerWindow: 10_000 } });
    expect(reasonOf(await l.checkRequest("agent", "up.example.net", 6000))).toBe("ok");
    expect(reasonOf(await l.checkRequest("agent", "cdn.example.net", 6000))).toBe("data_budget");
    expect(reasonOf(await l.checkRequest("agent", "up.example.net", 4000))).toBe("ok");
  });

  test("response bytes recorded after: once spent, the next request is refused until the window moves", async () => {
    const { l, advance } = limits({ perDomain: { requestsPerWindow: 1000, bytesPerWindow: 50_000 } });
    expect(reasonOf(await l.checkRequest("agent", "files.example.com"))).toBe("ok");
    await l.recordBytes("agent", "dl.files.example.com", 50_000);
    const refused = await l.checkRequest("agent", "files.example.com");
    expect(reasonOf(refused)).toBe("data_budget");
    advance(2 * 60_000);
    expect(reasonOf(await l.checkRequest("agent", "files.example.com"))).toBe("ok");
  });

  test("a per-agent data budget spans domains; other agents are unaffected", async () => {
    const { l } = limits({ perAgent: { requestsPerWindow: 0, bytesPerWindow: 1000 } });
    await l.recordBytes("agent", "a.example", 600);
    await l.recordBytes("agent", "b.example", 600);
    expect(reasonOf(await l.checkRequest("agent", "c.example"))).toBe("agent_data_budget");
    expect(reasonOf(await l.checkRequest("other", "c.example"))).toBe("ok");
  });

  test("one request larger than the whole budget is refused with a full-window Retry-After", async () => {
    const { l } = limits({ perDomain: { requestsPerWindow: 1000, bytesPerWindow: 1000 } });
    const d = await l.checkRequest("agent", "example.com", 5000);
    expect(d.ok ? 0 : d.retryAfterSec).toBe(60);
  });
});

describe("distinct subdomains (data leaving through DNS names)", () => {
  test("past the bound a new subdomain is refused; known ones and the apex still pass", async () => {
    const { l } = limits({ maxSubdomainsPerWindow: 5 });
    expect(await run(6, (i) => l.checkRequest("agent", `${(i * 7919).toString(16)}aa.tunnel.example`))).toEqual([...Array(5).fill("ok"), "subdomain_rotation"]);
    expect(reasonOf(await l.checkRequest("agent", "0aa.tunnel.example"))).toBe("ok");
    expect(reasonOf(await l.checkRequest("agent", "tunnel.example"))).toBe("ok");
    expect(reasonOf(await l.checkRequest("other-agent", "fresh.tunnel.example"))).toBe("ok");
  });

  test("the refusal explains itself as possible DNS exfiltration and keeps the names out of the finding", async () => {
    const { l } = limits({ maxSubdomainsPerWindow: 1 });
    await l.checkRequest("agent", "6b6579.tunnel.example");
    const d = await l.checkRequest("agent", "2d7061.tunnel.example");
    if (d.ok) throw new Error("expected a refusal");
    expect(d.finding.rule_id).toBe("url.subdomain_rotation");
    expect(d.finding.mitre).toContain("T1071.004");
    expect(JSON.stringify(d.finding)).not.toContain("2d7061");
  });

  test("names are stored as fingerprints, never as text", async () => {
    const { l, store } = limits({ maxSubdomainsPerWindow: 5 });
    await l.checkRequest("agent", "c2VjcmV0.tunnel.example");
    const stored = JSON.stringify((await store.get("subs:agent|tunnel.example|100"))?.value);
    expect(stored).not.toContain("c2VjcmV0");
  });
});

describe("exemptions, findings and failure", () => {
  test("exempt domains are never limited", async () => {
    const { l } = limits({ perDomain: { requestsPerWindow: 1, bytesPerWindow: 1 }, exemptDomains: ["*.internal.example"] });
    expect(await run(5, () => l.checkRequest("agent", "ci.internal.example", 999))).toEqual(Array(5).fill("ok"));
  });

  test("a rate-limit refusal carries a finding with the rule, the wait and a config hint", async () => {
    const { l } = limits({ perDomain: { requestsPerWindow: 1, bytesPerWindow: 0 } });
    await l.checkRequest("agent", "api.example.com");
    const d = await l.checkRequest("agent", "api.example.com");
    if (d.ok) throw new Error("expected a refusal");
    expect(d.finding.rule_id).toBe("url.rate_limit");
    expect(d.finding.message).toContain("example.com");
    expect(d.finding.message).toContain(`retry after ${d.retryAfterSec} s`);
    expect(d.finding.exempt).toContain("max_requests_per_minute");
  });

  test("a failing store refuses (fail closed)", async () => {
    const broken: StateStore = {
      get: async () => Promise.reject(new Error("down")),
      set: async () => Promise.reject(new Error("down")),
      compareAndSet: async () => Promise.reject(new Error("down")),
      increment: async () => Promise.reject(new Error("down")),
      appendBounded: async () => Promise.reject(new Error("down")),
      delete: async () => {},
    };
    const d = await createRequestLimits(broken, DEFAULT_REQUEST_LIMIT_SETTINGS).checkRequest("agent", "x.example.com");
    expect(reasonOf(d)).toBe("state_unavailable");
  });

  test("memory: many domains and agents stay within the store's key bound", async () => {
    let now = 6_000_000;
    const store = new MemoryStateStore({ maxKeys: 200, now: () => now });
    const l = createRequestLimits(store, { ...DEFAULT_REQUEST_LIMIT_SETTINGS, perAgent: { requestsPerWindow: 100_000, bytesPerWindow: 0 } }, { now: () => now });
    for (let i = 0; i < 2000; i++) {
      await l.checkRequest(`agent-${i % 13}`, `s${i}.site${i}.example`);
      now += 10;
    }
    expect(store.size).toBeLessThanOrEqual(200);
  });
});
