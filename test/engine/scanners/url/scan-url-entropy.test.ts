import { describe, expect, test } from "bun:test";
import { shannonEntropy } from "../../../../src/engine/match/entropy.ts";
import { policyWith, ruleIds, scan } from "./helpers.ts";

/** 40 distinct characters, each once: log2(40) ≈ 5.32 bits/char — shaped like base64 data. */
const BLOB40 = "Kq7ZpX2mRw9LbT4vNc8YhJ3sFd6GkQ1xVe5BnM0a";
/** 24 distinct lowercase letters and digits: log2(24) ≈ 4.58 bits/char — a DNS-safe encoded label. */
const LABEL24 = "k7q2x9m4p8w3z6r1t5v0bnhj";
/** 19 distinct characters: just under the 20-character minimum. */
const BLOB19 = BLOB40.slice(0, 19);

describe("fixtures", () => {
  test("the fixtures have the entropy the tests rely on", () => {
    expect(shannonEntropy(BLOB40)).toBeGreaterThan(5.3);
    expect(shannonEntropy(LABEL24)).toBeGreaterThan(4.5);
    expect(BLOB19.length).toBe(19);
  });
});

describe("path and query entropy", () => {
  const hits: [string, string, string][] = [
    [`https://example.com/upload/${BLOB40}`, "url.path_entropy", "url.path"],
    [`https://example.com/a/${BLOB40}.png`, "url.path_entropy", "url.path"],
    [`https://example.com/c?d=${BLOB40}`, "url.query_entropy", "url.query.d"],
    [`https://example.com/c?d=${encodeURIComponent(encodeURIComponent(BLOB40))}`, "url.query_entropy", "url.query.d"],
    [`https://example.com/c?${BLOB40}=1`, "url.query_entropy", "url.query_key[0]"],
    [`https://example.com/c?a=1&data=${BLOB40}`, "url.query_entropy", "url.query.data"],
  ];
  test.each(hits)("%p → %s at %s", async (url, rule, location) => {
    const findings = await scan(url);
    expect(ruleIds(findings)).toEqual([rule]);
    expect(findings[0]!.location).toBe(location);
    expect(findings[0]!.excerpt).toBe("Kq7Z…");
    expect(findings[0]!.message).not.toContain(BLOB40);
    expect(findings[0]!.severity).toBe("medium");
    expect(findings[0]!.mitre).toContain("T1048");
  });

  const clean = [
    `https://example.com/upload/${BLOB19}`,
    `https://example.com/c?d=${BLOB19}`,
    "https://example.com/articles/how-to-configure-an-egress-proxy-for-agents",
    "https://example.com/commit/3f786850e387550fdab836ed7e6dc881de23001b",
    "https://example.com/static/app.bundle-9f86d081884c7d659a2feaa0c55ad015.js",
    "https://example.com/s?q=what+is+the+weather+like+in+Lisbon+tomorrow+morning",
    // URL-encoded JSON in a redirect parameter: structure, not randomness.
    `https://example.com/redirect?url=${encodeURIComponent('app:install?{"name":"viewer","command":"run","args":["--port","8080"]}')}`,
  ];
  test.each(clean)("%p → no entropy finding", async (url) => {
    expect(await scan(url)).toEqual([]);
  });

  test("the threshold is configurable", async () => {
    expect(await scan(`https://example.com/${BLOB40}`, policyWith({ entropyThreshold: 5.4 }))).toEqual([]);
    expect(ruleIds(await scan(`https://example.com/${BLOB40}`, policyWith({ entropyThreshold: 5.3 })))).toEqual(["url.path_entropy"]);
  });

  test("excluded hosts skip path entropy but not query entropy", async () => {
    const policy = policyWith({ subdomainEntropyExclusions: ["*.cdn.example"] });
    expect(await scan(`https://img.cdn.example/${BLOB40}`, policy)).toEqual([]);
    expect(ruleIds(await scan(`https://img.cdn.example/x?d=${BLOB40}`, policy))).toEqual(["url.query_entropy"]);
  });

  test("exempt snippets: path → entropy exclusion for the base domain, query → suppress for the site", async () => {
    const [p] = await scan(`https://a.b.example.com/${BLOB40}`);
    expect(p!.exempt).toBe('fetch_proxy:\n  monitoring:\n    subdomain_entropy_exclusions:\n      - "*.example.com"');
    const [q] = await scan(`https://example.com:8443/x?d=${BLOB40}`);
    expect(q!.exempt).toBe('suppress:\n  - rule: url.query_entropy\n    path: "https://example.com:8443/*"');
  });
});

describe("subdomain entropy", () => {
  const hits = [`https://${LABEL24}.exfil.example/`, `https://a.${LABEL24}.b.exfil.example/x`];
  test.each(hits)("%p → url.subdomain_entropy", async (url) => {
    const findings = await scan(url);
    expect(ruleIds(findings)).toEqual(["url.subdomain_entropy"]);
    expect(findings[0]!.location).toBe("url.host");
    expect(findings[0]!.excerpt).toBe("k7q2…");
    expect(findings[0]!.exempt).toBe('fetch_proxy:\n  monitoring:\n    subdomain_entropy_exclusions:\n      - "*.exfil.example"');
  });

  const clean = [
    `https://${LABEL24}.example/`,
    "https://k7q2x9m.exfil.example/",
    "https://static-assets-production-eu.example.com/",
    "https://3f786850e387550fdab836ed7e6dc881de23001b.example.com/",
  ];
  test.each(clean)("%p → no finding", async (url) => {
    expect(await scan(url)).toEqual([]);
  });

  test("threshold and exclusions apply", async () => {
    const url = `https://${LABEL24}.exfil.example/`;
    expect(await scan(url, policyWith({ subdomainEntropyThreshold: 4.6 }))).toEqual([]);
    expect(await scan(url, policyWith({ subdomainEntropyExclusions: ["*.exfil.example"] }))).toEqual([]);
  });
});
