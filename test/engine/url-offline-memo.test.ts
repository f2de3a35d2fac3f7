/**
 * Offline URL scans remembered per policy: a repeated URL gets the same findings as a fresh scan,
 * the DNS-backed SSRF check still runs on every request (a rebinding answer on the second lookup is
 * denied), policies never share answers, and the bounds hold.
 */
import { describe, expect, test } from "bun:test";
import { scan, type Resolver } from "../../src/engine/index.ts";
import { MAX_MEMO_URL_CHARS, MAX_MEMO_URLS, offlineUrlScan } from "../../src/engine/url-offline-memo.ts";
import { policyFrom } from "../helpers/policy.ts";

const AWS_ID = ["AKIA", "Q3VZ7TRX", "M2PLSWKD"].join("");

/** Answers each lookup of a host with the next of its answers (the last one repeats). */
function sequenceResolver(answers: Record<string, string[][]>): Resolver & { lookups: number } {
  const seen: Record<string, number> = {};
  const r = {
    lookups: 0,
    async resolve(host: string) {
      r.lookups++;
      const list = answers[host];
      if (!list) throw new Error(`no record for ${host}`);
      const i = Math.min(seen[host] ?? 0, list.length - 1);
      seen[host] = i + 1;
      return list[i]!;
    },
  };
  return r;
}

describe("offline URL scans remembered per policy", () => {
  test("a repeated URL gets the same verdict and findings as the first time", async () => {
    const policy = policyFrom();
    for (const url of [`https://example.com/upload?k=${AWS_ID}`, "http://169.254.169.254/latest/meta-data/", "https://docs.python.org/3/library/json.html"]) {
      const first = await scan(policy, { kind: "url", url });
      for (let i = 0; i < 3; i++) expect(await scan(policy, { kind: "url", url })).toEqual(first);
    }
  });

  test("the DNS check runs on every request: a host that rebinds to a private address on the second lookup is denied", async () => {
    const policy = policyFrom();
    const resolver = sequenceResolver({ "rebind.example.net": [["93.184.216.34"], ["10.0.0.7"]] });
    const url = "https://rebind.example.net/api";
    expect((await scan(policy, { kind: "url", url }, { resolver })).decision).toBe("allow");
    const second = await scan(policy, { kind: "url", url }, { resolver });
    expect(second.decision).toBe("deny");
    expect(second.findings.some((f) => f.rule_id === "url.ssrf")).toBe(true);
    expect(resolver.lookups).toBe(2);
  });

  test("callers get a fresh array: changing one answer does not change the next", () => {
    const policy = policyFrom();
    let calls = 0;
    const compute = () => (calls++, { findings: [{ scanner: "url" as const, rule_id: "url.test", severity: "high" as const, action: "block" as const, message: "m" }] });
    const a = offlineUrlScan(policy, "https://a.example/", compute);
    a.findings.push({ scanner: "url", rule_id: "url.extra", severity: "low", action: "warn", message: "x" });
    const b = offlineUrlScan(policy, "https://a.example/", compute);
    expect(b.findings.map((f) => f.rule_id)).toEqual(["url.test"]);
    expect(calls).toBe(1);
  });

  test("policies never share answers", () => {
    const one = policyFrom();
    const two = policyFrom();
    let calls = 0;
    const compute = () => (calls++, { findings: [] });
    offlineUrlScan(one, "https://b.example/", compute);
    offlineUrlScan(two, "https://b.example/", compute);
    offlineUrlScan(one, "https://b.example/", compute);
    expect(calls).toBe(2);
  });

  test("long URLs and internal errors are never remembered; the map is bounded", () => {
    const policy = policyFrom();
    let calls = 0;
    const long = `https://c.example/${"a".repeat(MAX_MEMO_URL_CHARS)}`;
    for (let i = 0; i < 2; i++) offlineUrlScan(policy, long, () => (calls++, { findings: [] }));
    expect(calls).toBe(2);
    const failing = () => (calls++, { findings: [{ scanner: "url" as const, rule_id: "url.internal_error", severity: "high" as const, action: "block" as const, message: "boom" }] });
    for (let i = 0; i < 2; i++) offlineUrlScan(policy, "https://d.example/", failing);
    expect(calls).toBe(4);
    for (let i = 0; i <= MAX_MEMO_URLS; i++) offlineUrlScan(policy, `https://e${i}.example/`, () => (calls++, { findings: [] }));
    calls = 0;
    offlineUrlScan(policy, "https://e0.example/", () => (calls++, { findings: [] }));
    expect(calls).toBe(1); // the map started over when it filled up
  });
});
