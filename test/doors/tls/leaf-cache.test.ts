/** @module Leaf cache: bounded LRU, one issuance per host under concurrency, refresh before expiry, failures not cached. */
import { describe, expect, test } from "bun:test";
import { createCa, loadCa, type CertificateAuthority } from "../../../src/doors/tls/ca.ts";
import { issueLeaf, type Leaf } from "../../../src/doors/tls/leaf.ts";
import { createLeafCache } from "../../../src/doors/tls/leaf-cache.ts";

const ca = loadCa(createCa());
const HOUR = 3_600_000;

function countingIssuer() {
  const calls: string[] = [];
  const issue = async (c: CertificateAuthority, host: string, o: { ttlMs: number; now: Date }): Promise<Leaf> => {
    calls.push(host);
    return issueLeaf(c, host, o);
  };
  return { calls, issue };
}

describe("leaf cache", () => {
  test("concurrent requests for one host share one issuance", async () => {
    const { calls, issue } = countingIssuer();
    const cache = createLeafCache(ca, { ttlMs: HOUR, issue });
    const contexts = await Promise.all(Array.from({ length: 20 }, () => cache.contextFor("api.example.test")));
    expect(calls).toEqual(["api.example.test"]);
    expect(new Set(contexts).size).toBe(1);
    expect(cache.stats().issued).toBe(1);
  });

  test("host spellings that name the same host share an entry", async () => {
    const { calls, issue } = countingIssuer();
    const cache = createLeafCache(ca, { ttlMs: HOUR, issue });
    await cache.contextFor("API.example.test");
    await cache.contextFor("api.example.test.");
    expect(calls).toEqual(["api.example.test"]);
  });

  test("the least recently used host is evicted at the bound", async () => {
    const { calls, issue } = countingIssuer();
    const cache = createLeafCache(ca, { ttlMs: HOUR, maxEntries: 2, issue });
    await cache.contextFor("a.test");
    await cache.contextFor("b.test");
    await cache.contextFor("a.test"); // a is now most recent
    await cache.contextFor("c.test"); // evicts b
    expect(cache.stats().size).toBe(2);
    await cache.contextFor("a.test");
    expect(calls).toEqual(["a.test", "b.test", "c.test"]);
    await cache.contextFor("b.test");
    expect(calls).toEqual(["a.test", "b.test", "c.test", "b.test"]);
    expect(cache.stats().evicted).toBe(2);
  });

  test("a leaf is re-issued once most of its lifetime has passed", async () => {
    let clock = Date.now();
    const { calls, issue } = countingIssuer();
    const cache = createLeafCache(ca, { ttlMs: 4 * HOUR, issue, now: () => clock });
    await cache.contextFor("r.test");
    clock += 2 * HOUR;
    await cache.contextFor("r.test");
    expect(calls.length).toBe(1);
    clock += 1.5 * HOUR; // less than a quarter of the lifetime left
    await cache.contextFor("r.test");
    expect(calls.length).toBe(2);
  });

  test("a failed issuance is not cached", async () => {
    let fail = true;
    const cache = createLeafCache(ca, {
      ttlMs: HOUR,
      issue: async (c, h, o) => {
        if (fail) throw new Error("boom");
        return issueLeaf(c, h, o);
      },
    });
    await expect(cache.contextFor("f.test")).rejects.toThrow("boom");
    fail = false;
    await expect(cache.contextFor("f.test")).resolves.toBeDefined();
  });

  test.each(["", "*.example.test", "a b"])("host %p is refused without issuing", async (host) => {
    const { calls, issue } = countingIssuer();
    const cache = createLeafCache(ca, { ttlMs: HOUR, issue });
    await expect(cache.contextFor(host)).rejects.toThrow(RangeError);
    expect(calls).toEqual([]);
  });
});
