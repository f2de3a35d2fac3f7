/** Event targets never carry a secret: query values always go; path or host go when a finding points there. */
import { describe, expect, test } from "bun:test";
import type { Finding } from "../../../src/engine/index.ts";
import { emitDecision, redactTarget } from "../../../src/doors/http/index.ts";
import type { DecisionEvent } from "../../../src/evidence/index.ts";

const f = (scanner: Finding["scanner"], rule_id: string, location: string): Finding => ({ scanner, rule_id, severity: "high", action: "block", message: "m", location });

describe("redactTarget", () => {
  const cases: [string, string, Finding[], string][] = [
    ["drops query values and userinfo", "https://u:p@api.test/a/b?token=xyz&q=1#frag", [], "https://api.test/a/b?token&q"],
    ["keeps an SSRF host (not a secret)", "http://169.254.169.254/latest", [f("url", "url.ssrf", "url.host")], "http://169.254.169.254/latest"],
    ["drops the path for a DLP hit in it", "https://api.test/AKIAIOSFODNN7EXAMPLE/x", [f("dlp", "dlp.aws_access_key_id", "url.path")], "https://api.test/[redacted]"],
    ["drops the host for a DLP hit in it", "https://AKIAIOSFODNN7EXAMPLE.evil.test/", [f("dlp", "dlp.aws_access_key_id", "url.host")], "https://[redacted]/[redacted]"],
    ["drops the host for subdomain entropy", "https://aGVsbG8gd29ybGQ.evil.test/", [f("url", "url.subdomain_entropy", "url.host")], "https://[redacted]/[redacted]"],
    ["says so when unparseable", "not a url", [], "[unparseable URL]"],
  ];
  test.each(cases)("%s", (_n, url, findings, expected) => {
    expect(redactTarget(url, findings)).toBe(expected);
  });

  test("a URL redacted clean before is still redacted when a finding taints it", () => {
    const url = "https://api.test/AKIAIOSFODNN7EXAMPLE/y?k=v";
    for (let i = 0; i < 3; i++) expect(redactTarget(url)).toBe("https://api.test/AKIAIOSFODNN7EXAMPLE/y?k");
    expect(redactTarget(url, [f("dlp", "dlp.aws_access_key_id", "url.path")])).toBe("https://api.test/[redacted]?[key]");
    expect(redactTarget(url, [f("dlp", "dlp.aws_access_key_id", "url.host")])).toBe("https://[redacted]/[redacted]?[key]");
    expect(redactTarget(url)).toBe("https://api.test/AKIAIOSFODNN7EXAMPLE/y?k");
  });

  test("remembers a bounded number of clean targets and stays right past the bound", () => {
    for (let i = 0; i < 600; i++) expect(redactTarget(`https://h${i}.test/p?a=${i}`)).toBe(`https://h${i}.test/p?a`);
    expect(redactTarget("https://h1.test/p?a=1")).toBe("https://h1.test/p?a");
  });
});

describe("emitDecision", () => {
  test("builds a complete event and survives a throwing sink", () => {
    const seen: DecisionEvent[] = [];
    emitDecision({ emit: (e) => seen.push(e) }, { door: "forward", direction: "request", decision: "deny", status: 403, method: "GET", target: "http://x/", failure: "f" });
    expect(seen[0]).toMatchObject({ door: "forward", direction: "request", decision: "deny", action: "block", status: 403, method: "GET", target: "http://x/", failure: "f", findings: [] });
    expect(() => emitDecision({ emit: () => { throw new Error("boom"); } }, { door: "fetch", direction: "request", decision: "allow" })).not.toThrow();
  });
});
