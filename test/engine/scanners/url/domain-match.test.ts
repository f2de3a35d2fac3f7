import { describe, expect, test } from "bun:test";
import { compileUrlPolicy, matchDomain } from "../../../../src/engine/scanners/url/index.ts";
import { compileDomainList } from "../../../../src/engine/scanners/url/domain-match.ts";
import { BASE_CONFIG } from "./helpers.ts";

describe("matchDomain", () => {
  const cases: [string, string, boolean][] = [
    ["pastebin.com", "*.pastebin.com", true],
    ["www.pastebin.com", "*.pastebin.com", true],
    ["a.b.c.pastebin.com", "*.pastebin.com", true],
    ["PasteBin.COM", "*.pastebin.com", true],
    ["pastebin.com.", "*.pastebin.com", true],
    ["notpastebin.com", "*.pastebin.com", false],
    ["pastebin.com.evil.net", "*.pastebin.com", false],
    ["pastebin.co", "*.pastebin.com", false],
    ["github.com", "github.com", true],
    ["api.github.com", "github.com", false],
    ["GITHUB.com.", "github.com", true],
    ["127.0.0.1", "127.0.0.1", true],
    ["2130706433", "127.0.0.1", true],
    ["127.0.0.1", "*.0.0.1", false],
    ["[::1]", "::1", true],
    ["bücher.example", "xn--bcher-kva.example", true],
    ["xn--bcher-kva.example", "*.bücher.example", true],
    ["", "*.example.com", false],
  ];
  test.each(cases)("%p vs %p → %p", (host, pattern, expected) => {
    expect(matchDomain(host, pattern)).toBe(expected);
  });
});

describe("compileDomainList", () => {
  const list = compileDomainList(["*.example.com", "exact.test", "10.0.0.1"], "test");
  const cases: [string, string | undefined][] = [
    ["example.com", "*.example.com"],
    ["deep.sub.example.com", "*.example.com"],
    ["exact.test", "exact.test"],
    ["sub.exact.test", undefined],
    ["10.0.0.1", "10.0.0.1"],
    ["167772161", "10.0.0.1"],
    ["example.org", undefined],
  ];
  test.each(cases)("%p → %p", (host, expected) => {
    expect(list.match(host)).toBe(expected);
  });

  test.each(["*", "*.", "exa mple.com", "a..b", "*.10.0.0.1", "foo/bar", "-bad-.com"])("rejects %p", (pattern) => {
    expect(() => compileDomainList([pattern], "fetch_proxy.monitoring.blocklist")).toThrow(TypeError);
  });

  test("the error names the field and the entry", () => {
    expect(() => compileDomainList(["ok.com", "bad domain"], "trusted_domains")).toThrow(/trusted_domains: "bad domain"/);
  });
});

describe("compileUrlPolicy", () => {
  const bad: [Partial<typeof BASE_CONFIG>, RegExp][] = [
    [{ internal: ["10.0.0.0/33"] }, /internal: "10.0.0.0\/33"/],
    [{ internal: ["not-a-cidr"] }, /internal: "not-a-cidr" is not a CIDR/],
    [{ ipAllowlist: ["10.0.0.5/8"] }, /host bits set; did you mean 10.0.0.0\/8/],
    [{ ipAllowlist: ["0.0.0.0/0"] }, /would exempt every address/],
    [{ ipAllowlist: ["::/0"] }, /would exempt every address/],
    [{ blocklist: ["*.ok.com", "no spaces.com"] }, /blocklist: "no spaces.com"/],
    [{ allowlist: ["*"] }, /api_allowlist: "\*"/],
    [{ trustedDomains: ["a..b"] }, /trusted_domains/],
    [{ subdomainEntropyExclusions: ["*.*.x"] }, /subdomain_entropy_exclusions/],
    [{ maxUrlLength: 0 }, /max_url_length/],
    [{ entropyThreshold: Number.NaN }, /entropy_threshold/],
    [{ allowedSchemes: ["ht tp"] }, /allowed schemes/],
  ];
  test.each(bad)("rejects %p", (override, message) => {
    expect(() => compileUrlPolicy({ ...BASE_CONFIG, ...override })).toThrow(TypeError);
    expect(() => compileUrlPolicy({ ...BASE_CONFIG, ...override })).toThrow(message);
  });

  test("accepts bare addresses and normalizes scheme case", () => {
    const p = compileUrlPolicy({ ...BASE_CONFIG, ipAllowlist: ["10.0.0.5", "fd00::1"], allowedSchemes: ["HTTPS:"] });
    expect(p.ipAllowlist.map(([a, bits]) => `${a.toString()}/${bits}`)).toEqual(["10.0.0.5/32", "fd00::1/128"]);
    expect([...p.allowedSchemes]).toEqual(["https"]);
    expect(Object.isFrozen(p)).toBe(true);
  });
});
