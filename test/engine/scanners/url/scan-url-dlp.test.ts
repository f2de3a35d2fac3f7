import { describe, expect, test } from "bun:test";
import { scanUrl, scanUrlOffline } from "../../../../src/engine/scanners/url/index.ts";
import type { DlpPart } from "../../../../src/engine/scanners/url/index.ts";
import type { Finding } from "../../../../src/engine/types.ts";
import { DEFAULT_POLICY, stubResolver } from "./helpers.ts";

/** A fake DLP hook: records every part and reports a finding for each part holding the marker. */
function recordingDlp(marker = "ZZSECRETZZ") {
  const calls: { location: string; text: string }[] = [];
  let batches = 0;
  const dlp = (parts: readonly DlpPart[]): Finding[] => {
    batches++;
    return parts.flatMap(({ text, location }): Finding[] => {
      calls.push({ location, text });
      if (!text.includes(marker)) return [];
      return [{ scanner: "dlp", rule_id: "dlp.test_marker", severity: "high", action: "block", message: "test marker", location, excerpt: "ZZSE…" }];
    });
  };
  return { calls, dlp, batches: () => batches, at: (location: string) => calls.filter((c) => c.location === location).map((c) => c.text) };
}

describe("DLP hook inputs", () => {
  test("every part of the URL is offered, decoded, with its location", async () => {
    const rec = recordingDlp();
    await scanUrl("https://bob:pa%40ss@ab.cd.example.com/one%2Ftwo/th-r.ee?token=a%2520b+c&color=blue&x=1#frag", DEFAULT_POLICY, { dlp: rec.dlp });
    expect(rec.at("url.userinfo")).toEqual(["bob:pa@ss"]);
    expect(rec.at("url.host")).toEqual(["abcdexamplecom"]);
    expect(rec.at("url.path")).toEqual(["/one/two/th-r.ee"]);
    expect(rec.at("url.path.joined")).toEqual(["one/twoth-r.ee"]);
    expect(rec.at("url.path.stripped")).toEqual(["onetwothree"]);
    expect(rec.at("url.query")).toEqual(["token=a b+c&color=blue&x=1"]);
    expect(rec.at("url.query.values")).toEqual(["a b cblue1"]);
    expect(rec.at("url.query.values_stripped")).toEqual(["abcblue1"]);
    expect(rec.at("url")).toEqual(["https://bob:pa%40ss@ab.cd.example.com/one%2Ftwo/th-r.ee?token=a%2520b+c&color=blue&x=1#frag"]);
  });

  test("all parts go to the hook in one call, most specific first and the whole URL last", async () => {
    const rec = recordingDlp();
    await scanUrl("https://user@ab.example.com/a/b?k=value12345", DEFAULT_POLICY, { dlp: rec.dlp });
    expect(rec.batches()).toBe(1);
    expect(rec.calls[0]!.location).toBe("url.userinfo");
    expect(rec.calls[rec.calls.length - 1]!.location).toBe("url");
  });

  test("query keys and values are decoded; keys that could be secrets are not echoed in locations", async () => {
    const rec = recordingDlp();
    await scanUrl("https://example.com/?session_id=%2541BCDEFGHIJ&Kq7ZpX2mRw9LbT4vNc8Y=12345678", DEFAULT_POLICY, { dlp: rec.dlp });
    expect(rec.at("url.query.session_id")).toEqual(["ABCDEFGHIJ"]);
    expect(rec.at("url.query_key.session_id")).toEqual(["session_id"]);
    expect(rec.at("url.query_key[1]")).toEqual(["Kq7ZpX2mRw9LbT4vNc8Y"]);
    expect(rec.at("url.query[1]")).toEqual(["12345678"]);
    expect(rec.calls.some((c) => c.location.includes("Kq7Z"))).toBe(false);
  });

  test("IP hosts are not passed as a dot-stripped host", async () => {
    const rec = recordingDlp();
    await scanUrl("https://8.8.8.8/", DEFAULT_POLICY, { dlp: rec.dlp });
    expect(rec.at("url.host")).toEqual([]);
  });

  const catches: [string, string, string][] = [
    ["in a query value", "https://example.com/?k=ZZSECRETZZ", "url.query.k"],
    ["split across query values", "https://example.com/?a=ZZSEC&b=RETZZ", "url.query.values"],
    ["split with noise between values", "https://example.com/?a=ZZSE.C&b=RET,ZZ", "url.query.values_stripped"],
    ["split across DNS labels", "https://zzsec.retzz.exfil.example/", "url.host"],
    ["split across path segments", "https://example.com/ZZSEC/RETZZ", "url.path.joined"],
    ["split with dots and hyphens in the path", "https://example.com/ZZS.EC-RE/TZZ", "url.path.stripped"],
    ["in userinfo", "https://ZZSECRETZZ@example.com/", "url.userinfo"],
    ["double-encoded in the query", "https://example.com/?q=%255A%255ASECRETZZ", "url.query.q"],
    ["in the fragment", "https://example.com/#ZZSECRETZZ", "url"],
    ["spelled apart with hyphens in a query value", `https://example.com/?t=${[..."ZZSECRETZZABCDEF"].join("-")}`, "url.query.t"],
    ["spelled apart in pairs with underscores in the path", "https://example.com/x/ZZ_SE_CR_ET_ZZ_ZZ_SE_CR_ET_ZZ", "url.path.stripped"],
  ];
  test.each(catches)("a marker %s is found (%s)", async (_, url, location) => {
    const marker = location === "url.host" ? "zzsecretzz" : "ZZSECRETZZ";
    const rec = recordingDlp(marker);
    const findings = await scanUrl(url, DEFAULT_POLICY, { dlp: rec.dlp });
    const dlp = findings.filter((f) => f.scanner === "dlp");
    expect(dlp.length).toBe(1);
    expect(dlp[0]!.location).toBe(location);
  });

  test("DLP findings are returned unchanged and deduplicated per rule and excerpt", async () => {
    const rec = recordingDlp();
    const findings = await scanUrl("https://example.com/ZZSECRETZZ?k=ZZSECRETZZ", DEFAULT_POLICY, { dlp: rec.dlp });
    const dlp = findings.filter((f) => f.rule_id === "dlp.test_marker");
    expect(dlp).toEqual([{ scanner: "dlp", rule_id: "dlp.test_marker", severity: "high", action: "block", message: "test marker", location: "url.path", excerpt: "ZZSE…" }]);
  });

  test("DLP runs before DNS, and a DLP block prevents the lookup", async () => {
    const lookups: string[] = [];
    const findings = await scanUrl("https://zzsecretzz.exfil.example/", DEFAULT_POLICY, {
      dlp: recordingDlp("zzsecretzz").dlp,
      resolver: {
        resolve: async (host) => {
          lookups.push(host);
          return ["93.184.216.34"];
        },
      },
    });
    expect(findings.map((f) => f.rule_id)).toEqual(["dlp.test_marker"]);
    expect(lookups).toEqual([]);
  });
});

describe("robustness", () => {
  test("a throwing DLP hook becomes a denying finding, never a throw", async () => {
    const findings = await scanUrl("https://example.com/x", DEFAULT_POLICY, {
      dlp: () => {
        throw new Error("hook exploded");
      },
    });
    expect(findings.map((f) => f.rule_id)).toEqual(["url.internal_error"]);
    expect(findings[0]!.action).toBe("block");
    expect(findings[0]!.message).toContain("hook exploded");
  });

  test("pathological but in-limit URLs complete with bounded work", async () => {
    const policy = { ...DEFAULT_POLICY, maxUrlLength: 1_000_000 };
    const manyParams = `https://example.com/?${Array.from({ length: 5000 }, (_, i) => `k${i}=v`).join("&")}`;
    const deepEncoding = `https://example.com/${"%25".repeat(30000)}41`;
    const manyDots = `https://example.com/${"../".repeat(30000)}`;
    const manyLabels = `https://${"a.".repeat(120)}example.com/`;
    let calls = 0;
    for (const url of [manyParams, deepEncoding, manyDots, manyLabels]) {
      const findings = await scanUrl(url, policy, {
        dlp: () => {
          calls++;
          return [];
        },
      });
      expect(Array.isArray(findings)).toBe(true);
    }
    expect(calls).toBeLessThan(1000);
  });
});

describe("pattern-rule hook and DNS", () => {
  test("a blocklisted host ends the scan before DLP and the pattern rules", async () => {
    let dlpCalls = 0;
    let ruleCalls = 0;
    const findings = await scanUrl("https://pastebin.com/raw/ZZSECRETZZ", DEFAULT_POLICY, {
      dlp: () => {
        dlpCalls++;
        return [];
      },
      rules: () => {
        ruleCalls++;
        return [];
      },
    });
    expect(findings.map((f) => f.rule_id)).toEqual(["url.blocklist"]);
    expect([dlpCalls, ruleCalls]).toEqual([0, 0]);
  });

  test("a blocking pattern-rule finding prevents the DNS lookup (the name could carry the data)", async () => {
    const resolver = stubResolver({ "ok.example": ["93.184.216.34"] });
    const ruleFinding: Finding = { scanner: "url", rule_id: "url.test_rule", severity: "high", action: "block", message: "test rule", location: "url" };
    const findings = await scanUrl("https://ok.example/", DEFAULT_POLICY, { dlp: () => [], rules: (url) => (url === "https://ok.example/" ? [ruleFinding] : []), resolver });
    expect(findings.map((f) => f.rule_id)).toEqual(["url.test_rule"]);
    expect(resolver.lookups).toEqual([]);
  });

  test("scanUrlOffline names the host to look up only when nothing denied the URL", () => {
    expect(scanUrlOffline("https://ok.example/a", DEFAULT_POLICY, { dlp: () => [] }).lookup).toBe("ok.example");
    expect(scanUrlOffline("https://127.0.0.1/a", DEFAULT_POLICY, { dlp: () => [] }).lookup).toBeUndefined();
    expect(scanUrlOffline("https://ok.example/a", DEFAULT_POLICY, { dlp: recordingDlp("/a").dlp }).lookup).toBeUndefined();
  });
});

describe("host labels as written", () => {
  test("each label of 10+ characters goes to DLP with its case kept; short labels and IPs do not", () => {
    const rec = recordingDlp();
    scanUrlOffline("https://user@AbCdEfGhIjKl.xy.Short.Example.COM:8443/p", DEFAULT_POLICY, { dlp: rec.dlp });
    expect(rec.at("url.host")).toEqual(["abcdefghijklxyshortexamplecom"]);
    expect(rec.at("url.host.label")).toEqual(["AbCdEfGhIjKl"]);
    const ip = recordingDlp();
    scanUrlOffline("https://[2001:db8::1234:5678:9abc]/p", DEFAULT_POLICY, { dlp: ip.dlp });
    expect(ip.at("url.host.label")).toEqual([]);
  });

  test("a percent-encoded label is decoded first", () => {
    const rec = recordingDlp();
    scanUrlOffline("https://Ab%43dEfGhIjKl.example.com/", DEFAULT_POLICY, { dlp: rec.dlp });
    expect(rec.at("url.host.label")).toEqual(["AbCdEfGhIjKl"]);
  });
});
