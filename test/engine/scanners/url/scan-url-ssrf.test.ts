import { describe, expect, test } from "bun:test";
import { scanUrl } from "../../../../src/engine/scanners/url/index.ts";
import type { Resolver } from "../../../../src/engine/types.ts";
import { DEFAULT_POLICY, noDlp, policyWith, ruleIds, scan, stubResolver } from "./helpers.ts";

/** [url, substring the ssrf message must contain] — all offline, no resolver. */
const INTERNAL_LITERALS: [string, string][] = [
  ["http://127.0.0.1/admin", "is loopback"],
  ["http://2130706433:8080/", "127.0.0.1 is loopback"],
  ["http://017700000001/", "127.0.0.1 is loopback"],
  ["http://0x7f000001/", "127.0.0.1 is loopback"],
  ["http://0x7f.1/", "127.0.0.1 is loopback"],
  ["http://0x7f.0.0.1/", "127.0.0.1 is loopback"],
  ["http://0177.0.0.1/status", "127.0.0.1 is loopback"],
  ["http://0177.0x0.0.01/", "127.0.0.1 is loopback"],
  ["http://127.1/", "127.0.0.1 is loopback"],
  ["http://127.0.1/", "127.0.0.1 is loopback"],
  ["http://127.0.0.1./", "127.0.0.1 is loopback"],
  ["http://%31%32%37.0.0.1/", "127.0.0.1 is loopback"],
  ["http://１２７.０.０.１/", "127.0.0.1 is loopback"],
  ["http://127。0。0。1/", "127.0.0.1 is loopback"],
  ["http://0:3000/", "unspecified"],
  ["http://0.0.0.0:8080/", "unspecified"],
  ["http://10.1/", "10.0.0.1 is private (RFC 1918)"],
  ["http://192.168.257/", "192.168.1.1 is private (RFC 1918)"],
  ["http://3232235777/router", "192.168.1.1 is private (RFC 1918)"],
  ["http://172.20.1.1:8443/", "private (RFC 1918)"],
  ["http://169.254.169.254/v1/instance-info", "cloud metadata (link-local)"],
  ["http://0xa9fea9fe/", "cloud metadata (link-local)"],
  ["http://0251.0376.0251.0376/", "cloud metadata (link-local)"],
  ["http://169.254.10.10/", "is link-local"],
  ["http://100.64.0.1/", "carrier-grade NAT"],
  ["http://198.18.0.1/", "benchmarking"],
  ["http://192.0.0.170/", "IETF protocol assignments"],
  ["http://192.0.2.1/", "documentation"],
  ["http://240.0.0.1/", "reserved (240.0.0.0/4)"],
  ["http://255.255.255.255/", "broadcast"],
  ["http://4294967295/", "broadcast"],
  ["http://224.0.0.1/", "multicast"],
  ["http://[::1]/", "loopback (::1)"],
  ["http://[0:0:0:0:0:0:0:1]:8080/", "loopback (::1)"],
  ["http://[::]/", "unspecified (::)"],
  ["http://[::ffff:127.0.0.1]/", "IPv4-mapped IPv6 loopback"],
  ["http://[::ffff:7f00:1]/", "IPv4-mapped IPv6 loopback"],
  ["http://[0:0:0:0:0:ffff:169.254.169.254]/", "IPv4-mapped IPv6 cloud metadata (link-local)"],
  ["http://[::127.0.0.1]/", "IPv4-compatible IPv6 loopback"],
  ["http://[64:ff9b::a9fe:a9fe]/", "NAT64 IPv6 cloud metadata"],
  ["http://[64:ff9b::10.0.0.1]/", "NAT64 IPv6 private"],
  ["http://[64:ff9b:1::a00:1]/", "NAT64 IPv6 private"],
  ["http://[2002:a9fe:a9fe::1]/", "6to4 IPv6 cloud metadata"],
  ["http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "Teredo IPv6 loopback"],
  ["http://[fe80::1%25eth0]/", "link-local (fe80::/10)"],
  ["http://[fe80::1%eth0]/", "link-local (fe80::/10)"],
  ["http://[fd00:ec2::254]/latest/", "cloud metadata"],
  ["http://[fc00::5]/", "unique local"],
  ["http://[ff02::1]/", "multicast"],
  // userinfo and fragment tricks: the host fetch connects to is what counts.
  ["http://example.com@127.0.0.1/", "127.0.0.1 is loopback"],
  ["http://user:pass@example.com@10.0.0.1/", "10.0.0.1 is private"],
  ["http://127.0.0.1#@example.com", "127.0.0.1 is loopback"],
  ["http://127.0.0.1:80\\@example.com/", "127.0.0.1 is loopback"],
  ["http://example.com\\@127.0.0.1/", "as an RFC 3986 client reads the authority"],
  ["http://127.0.0.1:80#\\@example.com/", "127.0.0.1 is loopback"],
  ["https://127.0.0.1:443/", "loopback"],
];

/** Host names internal by name alone, caught offline. */
const INTERNAL_NAMES: [string, string][] = [
  ["http://localhost/", "loopback name"],
  ["http://localhost./", "loopback name"],
  ["HTTP://LOCALHOST/", "loopback name"],
  ["http://localhost:3000/api", "loopback name"],
  ["http://api.localhost/", "loopback name (.localhost)"],
  ["http://ip6-localhost/", "loopback name"],
  ["http://metadata.google.internal/v1/x", "cloud metadata name"],
  ["http://metadata/v1/x", "cloud metadata name"],
  ["http://instance-data/latest/", "cloud metadata name"],
  ["http://printer/", "single-label host name"],
  ["http://router.local/", "mDNS"],
  ["http://db.corp.internal/", "private-use name (.internal)"],
  ["http://nas.home.arpa/", "home-network name"],
  ["http://app.localtest.me/", "resolves to loopback"],
  ["http://svc.10.0.0.1.wildcard.example/", "embedding 10.0.0.1"],
  ["http://ip-10-0-0-7.wildcard.example/", "embedding 10.0.0.7"],
  ["http://x-169-254-169-254-y.rebind.example/", "embedding 169.254.169.254"],
];

const PUBLIC: string[] = [
  "http://8.8.8.8/",
  "http://134744072/",
  "https://example.com/",
  "https://docs.example.org/guide?x=1",
  "http://172.32.0.1/",
  "http://[2606:4700:4700::1111]/",
  "http://[::ffff:8.8.8.8]/",
  "http://[64:ff9b::808:808]/",
  "http://1.2.3.4.wildcard.example/",
  "http://v1-2-3.example.com/",
  "http://build-2024-01-02-03.example.com/",
];

describe("scanUrl SSRF, offline", () => {
  test.each(INTERNAL_LITERALS)("%p → ssrf (%s)", async (url, expected) => {
    const findings = await scan(url);
    const ssrf = findings.filter((f) => f.rule_id === "url.ssrf");
    expect(ssrf.length).toBeGreaterThan(0);
    expect(ssrf.map((f) => f.message).join("\n")).toContain(expected);
    for (const f of ssrf) {
      expect(f.action).toBe("block");
      expect(f.location).toBe("url.host");
      expect(f.exempt).toMatch(/^ssrf:\n {2}ip_allowlist:\n {4}- \S+\/(32|128)$/);
    }
  });

  test.each(INTERNAL_NAMES)("%p → ssrf by name (%s)", async (url, expected) => {
    const findings = await scan(url);
    const ssrf = findings.filter((f) => f.rule_id === "url.ssrf");
    expect(ssrf.length).toBe(1);
    expect(ssrf[0]!.message).toContain(expected);
    expect(ssrf[0]!.exempt).toMatch(/^trusted_domains:\n {2}- "/);
  });

  test.each(PUBLIC)("%p has no ssrf finding", async (url) => {
    const findings = await scan(url);
    expect(findings.filter((f) => f.rule_id === "url.ssrf")).toEqual([]);
  });

  test("cloud metadata is critical and tagged T1552.005", async () => {
    const [f] = (await scan("http://169.254.169.254/v1/instance-info")).filter((x) => x.rule_id === "url.ssrf");
    expect(f!.severity).toBe("critical");
    expect(f!.mitre).toContain("T1552.005");
    const [plain] = (await scan("http://10.0.0.1/")).filter((x) => x.rule_id === "url.ssrf");
    expect(plain!.severity).toBe("high");
    expect(plain!.mitre).toEqual(["T1090"]);
  });

  test("exempt snippet names the exact address", async () => {
    const [f] = await scan("http://10.0.0.5/");
    expect(f!.exempt).toBe("ssrf:\n  ip_allowlist:\n    - 10.0.0.5/32");
    const [g] = await scan("http://[fd00::5]/");
    expect(g!.exempt).toBe("ssrf:\n  ip_allowlist:\n    - fd00::5/128");
  });

  test("a zone id is both invalid for fetch and classified", async () => {
    expect(ruleIds(await scan("http://[fe80::1%25eth0]/"))).toEqual(["url.invalid", "url.ssrf"]);
  });

  test("parser disagreement is reported with both readings checked", async () => {
    const findings = await scan("http://127.1.1.1:80\\@127.2.2.2:80/");
    expect(ruleIds(findings)).toEqual(["url.invalid", "url.ssrf"]);
    expect(findings.filter((f) => f.rule_id === "url.ssrf").length).toBe(2);
  });

  test("ip_allowlist exempts a literal, including its IPv4-mapped form", async () => {
    const policy = policyWith({ ipAllowlist: ["10.0.0.5/32"] });
    expect(await scan("http://10.0.0.5/", policy)).toEqual([]);
    expect(await scan("http://[::ffff:10.0.0.5]/", policy)).toEqual([]);
    expect(ruleIds(await scan("http://10.0.0.6/", policy))).toEqual(["url.ssrf"]);
  });

  test("configured internal ranges are internal", async () => {
    const policy = policyWith({ internal: ["203.0.112.0/24"] });
    const findings = await scan("http://203.0.112.50/", policy);
    expect(findings[0]?.message).toContain("configured internal range 203.0.112.0/24");
  });

  test("trusted_domains exempts internal-by-name hosts but never IP literals", async () => {
    const policy = policyWith({ trustedDomains: ["printer", "127.0.0.1"] });
    expect(await scan("http://printer/", policy)).toEqual([]);
    expect(ruleIds(await scan("http://127.0.0.1:9000/", policy))).toEqual(["url.ssrf"]);
  });
});

describe("scanUrl SSRF with a resolver (stubbed)", () => {
  test("public answers pass", async () => {
    const r = stubResolver({ "api.example.com": ["93.184.216.34", "2606:2800:220:1::1"] });
    expect(await scan("https://api.example.com/v1", DEFAULT_POLICY, r)).toEqual([]);
    expect(r.lookups).toEqual(["api.example.com"]);
  });

  test("rebinding-style answer (one public, one private) denies", async () => {
    const r = stubResolver({ "rebind.example.com": ["93.184.216.34", "10.0.0.7"] });
    const findings = await scan("http://rebind.example.com/", DEFAULT_POLICY, r);
    expect(ruleIds(findings)).toEqual(["url.ssrf"]);
    expect(findings[0]!.message).toContain("resolves to 10.0.0.7, which is private (RFC 1918)");
    expect(findings[0]!.exempt).toBe("ssrf:\n  ip_allowlist:\n    - 10.0.0.7/32");
  });

  const internalAnswers: [string, string][] = [
    ["127.0.0.1", "loopback"],
    ["169.254.169.254", "cloud metadata (link-local)"],
    ["::1", "loopback (::1)"],
    ["::ffff:127.0.0.1", "IPv4-mapped IPv6 loopback"],
    ["fe80::1%eth0", "link-local"],
    ["0.0.0.0", "unspecified"],
  ];
  test.each(internalAnswers)("answer %p denies (%s)", async (address, label) => {
    const r = stubResolver({ "svc.example.com": [address] });
    const findings = await scan("https://svc.example.com/", DEFAULT_POLICY, r);
    expect(ruleIds(findings)).toEqual(["url.ssrf"]);
    expect(findings[0]!.message).toContain(label);
  });

  test("every address is checked and each internal one reported", async () => {
    const r = stubResolver({ "multi.example.com": ["8.8.8.8", "10.0.0.1", "1.1.1.1", "192.168.0.9"] });
    const findings = await scan("https://multi.example.com/", DEFAULT_POLICY, r);
    expect(findings.map((f) => f.excerpt)).toEqual(["multi.example.com → 10.0.0.1", "multi.example.com → 192.168.0.9"]);
  });

  const failures: [string, Resolver, string][] = [
    ["throws", stubResolver({}), "the lookup failed (ENOTFOUND"],
    ["empty answer", stubResolver({ "x.example.com": [] }), "no addresses"],
    ["non-address answer", stubResolver({ "x.example.com": ["not-an-ip"] }), "not an IP address"],
    ["non-array answer", { resolve: async () => "8.8.8.8" as unknown as readonly string[] }, "no addresses"],
    ["rejects with a non-Error", { resolve: () => Promise.reject("boom") }, "the lookup failed (boom)"],
  ];
  test.each(failures)("resolver %s → dns_failure (fail closed)", async (_, resolver, why) => {
    const findings = await scan("https://x.example.com/", DEFAULT_POLICY, resolver);
    expect(ruleIds(findings)).toEqual(["url.dns_failure"]);
    expect(findings[0]!.message).toContain(why);
    expect(findings[0]!.action).toBe("block");
    expect(findings[0]!.exempt).toBe('trusted_domains:\n  - "x.example.com"');
  });

  test("trusted domains are not resolved and not checked", async () => {
    const r = stubResolver({ "internal-api.example.com": ["10.1.2.3"] });
    const policy = policyWith({ trustedDomains: ["*.example.com"] });
    expect(await scan("https://internal-api.example.com/", policy, r)).toEqual([]);
    expect(r.lookups).toEqual([]);
  });

  test("ip_allowlist exempts resolved addresses", async () => {
    const r = stubResolver({ "nas.example.com": ["10.0.0.5"] });
    expect(await scan("https://nas.example.com/", policyWith({ ipAllowlist: ["10.0.0.0/24"] }), r)).toEqual([]);
  });

  test("IP literals and already-denied URLs are never resolved", async () => {
    const r = stubResolver({});
    await scan("http://8.8.8.8/", DEFAULT_POLICY, r);
    await scan("https://pastebin.com/raw/x", DEFAULT_POLICY, r);
    await scan("gopher://example.com/", DEFAULT_POLICY, r);
    await scan("http://localhost/", DEFAULT_POLICY, r);
    await scan("https://k7q2x9m4p8w3z6r1t5v0bnhjcy.exfil.example.com/", DEFAULT_POLICY, r);
    expect(r.lookups).toEqual([]);
  });

  test("the resolver gets the canonical host (lowercase, no trailing dot)", async () => {
    const r = stubResolver({ "www.example.com": ["93.184.216.34"] });
    expect(await scan("https://WWW.Example.COM./", DEFAULT_POLICY, r)).toEqual([]);
    expect(r.lookups).toEqual(["www.example.com"]);
  });

  test("an already-aborted signal denies without waiting", async () => {
    const controller = new AbortController();
    controller.abort();
    const never: Resolver = { resolve: () => new Promise(() => {}) };
    const findings = await scanUrl("https://slow.example.com/", DEFAULT_POLICY, { dlp: noDlp, resolver: never, signal: controller.signal });
    expect(ruleIds(findings)).toEqual(["url.dns_failure"]);
    expect(findings[0]!.message).toContain("canceled");
  });

  test("an abort during the lookup denies even if the resolver ignores the signal", async () => {
    const controller = new AbortController();
    const never: Resolver = { resolve: () => new Promise(() => {}) };
    const pending = scanUrl("https://slow.example.com/", DEFAULT_POLICY, { dlp: noDlp, resolver: never, signal: controller.signal });
    controller.abort();
    const findings = await pending;
    expect(findings.map((f) => f.rule_id)).toEqual(["url.dns_failure"]);
  });

  test("the signal is passed to the resolver", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const r: Resolver = {
      resolve: async (_host, signal) => {
        seen = signal;
        return ["93.184.216.34"];
      },
    };
    await scanUrl("https://example.com/", DEFAULT_POLICY, { dlp: noDlp, resolver: r, signal: controller.signal });
    expect(seen).toBe(controller.signal);
  });
});
