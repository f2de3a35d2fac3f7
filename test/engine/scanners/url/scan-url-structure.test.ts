import { describe, expect, test } from "bun:test";
import { scanUrl } from "../../../../src/engine/scanners/url/index.ts";
import type { Finding } from "../../../../src/engine/types.ts";
import { DEFAULT_POLICY, policyWith, ruleIds, scan } from "./helpers.ts";

describe("length is checked first", () => {
  test("over the limit → only url.length, and DLP never runs", async () => {
    let dlpCalls = 0;
    const url = `https://example.com/${"a".repeat(100_000)}`;
    const findings = await scanUrl(url, DEFAULT_POLICY, {
      dlp: () => {
        dlpCalls++;
        return [];
      },
    });
    expect(ruleIds(findings)).toEqual(["url.length"]);
    expect(findings[0]!.message).toContain("100020 characters");
    expect(dlpCalls).toBe(0);
  });

  test("exactly at the limit is fine, one over is not", async () => {
    const policy = policyWith({ maxUrlLength: 40 });
    const base = "https://example.com/";
    expect(await scan(base + "a".repeat(40 - base.length), policy)).toEqual([]);
    expect(ruleIds(await scan(base + "a".repeat(41 - base.length), policy))).toEqual(["url.length"]);
  });

  test("an invalid URL over the limit is still a length finding (no parse attempted)", async () => {
    expect(ruleIds(await scan(`::::${"%".repeat(5000)}`))).toEqual(["url.length"]);
  });
});

describe("unparseable URLs", () => {
  const invalid = ["", "not a url", "http://", "http://[::1", "http://a b.com/", "http://1.2.3.4.5/", "http://0x100000000/", "http://999.1.1.1/", "//example.com/x", "http://exa mple.com"];
  test.each(invalid)("%p → url.invalid", async (url) => {
    const findings = await scan(url);
    expect(ruleIds(findings)).toEqual(["url.invalid"]);
    expect(findings[0]!.severity).toBe("high");
  });

  test("non-string input is a finding, not a throw", async () => {
    expect(ruleIds(await scan(undefined as unknown as string))).toEqual(["url.invalid"]);
    expect(ruleIds(await scan(42 as unknown as string))).toEqual(["url.invalid"]);
  });

  const badHosts: [string, string][] = [
    ["http://10.0.0.1!/x", "characters no DNS name can have"],
    ["http://exa$mple.com/", "characters no DNS name can have"],
    [`http://${"a".repeat(64)}.example.com/`, "longer than DNS allows (63)"],
    [`http://${"abcdefghi.".repeat(26)}com/`, "longer than DNS allows (253)"],
  ];
  test.each(badHosts)("%p → url.invalid (%s)", async (url, why) => {
    const findings = await scan(url);
    expect(findings.find((f) => f.rule_id === "url.invalid")?.message).toContain(why);
  });
});

describe("scheme", () => {
  const denied = ["gopher://example.com/_x", "file:///etc/hosts", "ftp://example.com/f", "dict://example.com:11211/", "javascript:alert(1)", "data:text/plain,hi", "ldap://example.com/"];
  test.each(denied)("%p → url.scheme", async (url) => {
    const findings = await scan(url);
    expect(ruleIds(findings)).toContain("url.scheme");
    expect(findings.find((f) => f.rule_id === "url.scheme")!.severity).toBe("high");
  });

  test("configured schemes are allowed", async () => {
    const policy = policyWith({ allowedSchemes: ["http", "https", "ftp"] });
    expect(await scan("ftp://example.com/file.txt", policy)).toEqual([]);
    expect(ruleIds(await scan("https://example.com/", policyWith({ allowedSchemes: ["http"] })))).toEqual(["url.scheme"]);
  });

  test("non-special schemes still get host canonicalization", async () => {
    const findings = await scan("gopher://2130706433:6379/_x");
    expect(ruleIds(findings)).toEqual(["url.scheme", "url.ssrf"]);
  });
});

describe("CRLF", () => {
  const hits: [string, string][] = [
    ["https://example.com/a\r\nHost: evil", "raw CR/LF"],
    ["https://example.com/a\nb", "raw CR/LF"],
    ["https://example.com/a%0d%0aSet-Cookie:x", "percent-encoded"],
    ["https://example.com/a%0D%0A", "percent-encoded"],
    ["https://example.com/a%0Ab", "percent-encoded"],
    ["https://example.com/?q=%0d", "percent-encoded"],
    ["https://example.com/a%250d%250a", "double-encoded"],
    ["https://example.com/a%250A", "double-encoded"],
    ["https://example.com/a%25250a", "multiply-encoded"],
  ];
  test.each(hits)("%p → url.crlf (%s)", async (url, form) => {
    const findings = await scan(url);
    const crlf = findings.filter((f) => f.rule_id === "url.crlf");
    expect(crlf.length).toBe(1);
    expect(crlf[0]!.message).toContain(form);
  });

  const clean = ["https://example.com/a#frag%0d%0a", "https://example.com/%0b%0c", "https://example.com/a%2520b", "https://example.com/%30a"];
  test.each(clean)("%p has no CRLF finding", async (url) => {
    expect(ruleIds(await scan(url))).not.toContain("url.crlf");
  });
});

describe("path traversal (read from the raw URL)", () => {
  const hits = [
    "https://example.com/../etc/passwd",
    "https://example.com/a/b/../../../etc",
    "https://example.com/a/..",
    "https://example.com/%2e%2e/secret",
    "https://example.com/%2E%2E/secret",
    "https://example.com/.%2e/secret",
    "https://example.com/%2e./secret",
    "https://example.com/%252e%252e/secret",
    "https://example.com/a/..%2fsecret",
    "https://example.com/a/..%2Fsecret",
    "https://example.com/a/..%5csecret",
    "https://example.com/a\\..\\secret",
    "https://example.com/a/..;jsessionid=1/secret",
    "https://example.com/a/．．/secret",
    "https://example.com/a/.\t./secret",
  ];
  test.each(hits)("%p → url.path_traversal", async (url) => {
    const findings = await scan(url);
    const t = findings.filter((f) => f.rule_id === "url.path_traversal");
    expect(t.length).toBe(1);
    expect(t[0]!.location).toBe("url.path");
    expect(t[0]!.exempt).toBe('suppress:\n  - rule: url.path_traversal\n    path: "https://example.com/*"');
  });

  const clean = [
    "https://example.com/a..b/c",
    "https://example.com/.../x",
    "https://example.com/..foo/x",
    "https://example.com/v1.2/x",
    "https://example.com/a/./b",
    "https://example.com/?path=../x",
    "https://example.com/#/../x",
    "https://example.com/file..txt",
  ];
  test.each(clean)("%p has no traversal finding", async (url) => {
    expect(ruleIds(await scan(url))).not.toContain("url.path_traversal");
  });
});

describe("userinfo", () => {
  test("user:password is a medium finding and the excerpt hides the password", async () => {
    const findings = await scan("https://deploybot:Xy9-not-real-Pw@example.com/");
    const f = findings.find((x) => x.rule_id === "url.userinfo")!;
    expect(f.severity).toBe("medium");
    expect(f.message).toContain("credentials");
    expect(f.excerpt).toBe("depl…:[password]@");
    expect(JSON.stringify(findings)).not.toContain("Xy9-not-real-Pw");
  });

  test("a host-like user name is flagged as a disguise", async () => {
    const f = (await scan("https://trusted.example.com@example.org/")).find((x) => x.rule_id === "url.userinfo")!;
    expect(f.message).toContain("disguise");
  });

  test("a token-length user name is flagged", async () => {
    const f = (await scan("https://Kq7ZpX2mRw9LbT4vNc8Y@git.example.org/repo.git")).find((x) => x.rule_id === "url.userinfo")!;
    expect(f.message).toContain("access token");
    expect(f.excerpt).toBe("Kq7Z…@");
  });

  test("a short bare user name (clone URLs) is not a finding", async () => {
    expect(await scan("https://alice@git.example.org/team/repo.git")).toEqual([]);
  });
});

describe("blocklist (wildcards, every host reading)", () => {
  const hits: [string, string][] = [
    ["https://pastebin.com/raw/abc", "*.pastebin.com"],
    ["https://www.pastebin.com/raw/abc", "*.pastebin.com"],
    ["https://a.b.PASTEBIN.com./x", "*.pastebin.com"],
    ["https://transfer.sh/upload", "*.transfer.sh"],
    ["https://example.com\\@pastebin.com/x", "*.pastebin.com"],
  ];
  test.each(hits)("%p → url.blocklist (%s)", async (url, pattern) => {
    const f = (await scan(url)).find((x) => x.rule_id === "url.blocklist")!;
    expect(f).toBeDefined();
    expect(f.exempt).toBe(`# remove "${pattern}" from fetch_proxy.monitoring.blocklist`);
    expect(f.severity).toBe("high");
  });

  test.each(["https://notpastebin.com/", "https://pastebin.com.example.org/", "https://example.com/pastebin.com"])("%p is not blocked", async (url) => {
    expect(ruleIds(await scan(url))).not.toContain("url.blocklist");
  });

  test("exact (non-wildcard) entries do not match subdomains", async () => {
    const policy = policyWith({ blocklist: ["exfil.example"] });
    expect(ruleIds(await scan("https://exfil.example/", policy))).toEqual(["url.blocklist"]);
    expect(await scan("https://sub.exfil.example/", policy)).toEqual([]);
  });
});

describe("strict-mode allowlist", () => {
  const strict = policyWith({ mode: "strict", allowlist: ["*.github.com", "api.example.com", "8.8.8.8"] });
  const allowed = ["https://github.com/x", "https://api.github.com/repos", "https://api.example.com/v1", "http://8.8.8.8/"];
  test.each(allowed)("%p is allowed", async (url) => {
    expect(await scan(url, strict)).toEqual([]);
  });

  const denied = ["https://example.com/", "https://www.api.example.com/", "https://github.com.evil.example/", "http://134744073/", "https://api.example.com\\@evil.example/"];
  test.each(denied)("%p → url.allowlist", async (url) => {
    const findings: Finding[] = await scan(url, strict);
    const f = findings.find((x) => x.rule_id === "url.allowlist");
    expect(f).toBeDefined();
    expect(f!.exempt).toMatch(/^api_allowlist:\n {2}- "/);
  });

  test("balanced and audit modes do not enforce the allowlist", async () => {
    for (const mode of ["balanced", "audit"] as const) {
      expect(await scan("https://example.com/", policyWith({ mode, allowlist: ["*.github.com"] }))).toEqual([]);
    }
  });
});

describe("clean URLs", () => {
  const clean = [
    "https://example.com/",
    "https://example.com/docs/getting-started?lang=en&page=2#install",
    "http://example.com:8080/api/v1/items/12345",
    "https://bücher.example/katalog",
    "https://user-content.example.com/a/b/c/d/e/f/g",
    "https://example.com/search?q=how+to+write+a+url+scanner",
    "https://example.com/commit/3f786850e387550fdab836ed7e6dc881de23001b",
    "https://example.com/items/550e8400-e29b-41d4-a716-446655440000",
  ];
  test.each(clean)("%p → no findings", async (url) => {
    expect(await scan(url)).toEqual([]);
  });
});
