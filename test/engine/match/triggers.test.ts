/**
 * @module The built-in triggers are prefilters: wherever a rule they stand for can match, they must
 * fire. encoded_host is checked against the built-in URL rule on encoded host labels (whatever
 * prefilter that rule uses in its pack): on the rule's own examples and on generated hosts, the rule
 * behind encoded_host finds exactly what it finds behind the catch-all `://` keyword.
 */
import { describe, expect, test } from "bun:test";
import { compileRule, matchRule, type CompiledRule, type RuleDefinition } from "../../../src/engine/index.ts";
import { TRIGGER_FINDERS } from "../../../src/engine/match/triggers.ts";
import { BUILTIN_PACKS, loadEmbeddedPack } from "../../../src/rules/index.ts";

const spans = (name: keyof typeof TRIGGER_FINDERS, text: string) => {
  const out: [number, number][] = [];
  TRIGGER_FINDERS[name](text, (s, e) => out.push([s, e]));
  return out;
};

describe("encoded_host trigger", () => {
  test.each([
    ["https://6170695f746f6b656e3d7a71.collect.example.org/p", true],
    ["https://4d79536563.7265742d6b6579.a.example.net/", true],
    ["https://MFRGGZDFMZTWQ2LK.t.example.org/", true],
    ["https://q7k2m9x4.w8n3b6v1.r5t0y2u7.e4i9o1p3.sink.example.com/", true],
    ["https://user@DEADBEEFCAFE.example.com:8443/x", true],
    ["https://api.example.com:8443/v2/search?q=golang+testing&page=3&limit=50", false],
    ["https://example.com/docs", false],
    ["https://www.EXAMPLE.com/Index.html", false],
    ["https://registry.npmjs.org/@types%2fnode", false],
    ["https://example.com/0123456789abcdef0123/path.with.many.dots.in.it.x", false],
    ["no scheme here deadbeefcafebabe.example.com", false],
  ])("%s fires: %p", (url, fires) => {
    expect(spans("encoded_host", url).length > 0).toBe(fires);
  });

  test("each authority is a span from its `://`, in a longer text too", () => {
    const text = "see https://a.example/ and ftp://DEADBEEF12.example.org/x";
    expect(spans("encoded_host", text)).toEqual([[text.indexOf("://", 20), text.indexOf("/x")]]);
  });

  test("bounded: a huge authority is read only up to the limit", () => {
    const text = `https://${"g".repeat(2_000_000)}`;
    expect(spans("encoded_host", text)).toEqual([]);
  });
});

describe("dotted_token trigger", () => {
  test.each([
    ["MTIzNDU2Nzg5MDEyMzQ1Njc4.aaPY6V.SXTA49LrHbylIBp7VHmYMqyToCKFhe7ZQiYsdz", true],
    ['{"t":"OTg3NjU0MzIxMDk4NzY1NDMy.wY0YfG.1NgsHV3YeuNtH_JwJwAAq6tEL0x"}', true],
    ["Nzk5MjgxNDk0NDc2NDU1OTg3.YABS5g.2lmzECVlZv3vv6miVnUaKPQi2wI", true],
    ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PSR5OO0J2BZQ", false],
    ["xMTIzNDU2Nzg5MDEyMzQ1Njc4.aaPY6V.SXTA49LrHbylIBp7VHmYMqyToCKFhe7ZQiYsdz", false],
    ["MTIzNDU2Nzg5MDEy.aaPY6V.SXTA49LrHbylIBp7VHmYMqyToCKFhe7ZQiYsdz", false],
    ["MTIzNDU2Nzg5MDEyMzQ1Njc4.aaPY6VxxxY.SXTA49LrHbylIBp7VHmYMqyToCKFhe7ZQiYsdz", false],
    ["Most tokens.are short.words here", false],
  ])("%s fires: %p", (text, fires) => {
    expect(spans("dotted_token", text).length > 0).toBe(fires);
  });

  test("finds what the equivalent regex finds (first span), on generated near-miss texts", () => {
    const regex = /(?<![\w-])[MNO][\w-]{19,31}\.[\w-]{4,8}\.[\w-]{20,}/g;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.MNO. x";
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let fired = 0;
    for (let i = 0; i < 5000; i++) {
      let text = "";
      for (let k = 0, n = 20 + (i % 90); k < n; k++) text += alphabet[Math.floor(next() * (k % 7 === 0 ? alphabet.length : 66))];
      if (i % 3 === 0) text = `${text.slice(0, 5)}${"MTIzNDU2Nzg5MDEyMzQ1Njc4".slice(0, 18 + (i % 12))}.${"abcdefghij".slice(0, 3 + (i % 7))}.${text.slice(5)}`;
      regex.lastIndex = 0;
      const expected = regex.exec(text)?.index;
      const found = spans("dotted_token", text)[0]?.[0];
      expect([text, found]).toEqual([text, expected]);
      if (found !== undefined) fired++;
    }
    // Both outcomes are exercised: dozens of texts fire, thousands do not.
    expect(fired).toBeGreaterThan(50);
  });

  test("fires wherever the bare Discord token rule matches (its own examples and generated tokens)", () => {
    const pack = BUILTIN_PACKS.map((p) => loadEmbeddedPack(p)).flatMap((r) => (r.ok ? [r.pack] : [])).flatMap((p) => p.rules).find((r) => r.id === "dlp.discord_token_bare");
    expect(pack).toBeDefined();
    const { trigger: _t, ...rest } = pack!.source;
    const everywhere = compileRule({ ...rest } as RuleDefinition, "test");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const pick = (n: number, seed: number) => Array.from({ length: n }, (_, i) => alphabet[(seed * 31 + i * 17 + ((seed * i) % 13)) % 64]).join("");
    const texts = [...(pack!.source as { examples?: { match?: string[] } }).examples!.match!];
    for (let seed = 1; seed <= 200; seed++) {
      const id = String(10n ** 16n + BigInt(seed) * 7919n * 1000003n);
      texts.push(`x ${Buffer.from(id).toString("base64url")}.${pick(4 + (seed % 5), seed)}.${pick(20 + (seed % 41), seed + 7)} y`);
    }
    for (const text of texts) {
      if (matchRule(everywhere, text).length > 0) expect([text, spans("dotted_token", text).length > 0]).toEqual([text, true]);
    }
    expect(texts.filter((t) => matchRule(everywhere, t).length > 0).length).toBeGreaterThan(100);
  });
});

const urlPack = BUILTIN_PACKS.map((p) => loadEmbeddedPack(p)).flatMap((r) => (r.ok ? [r.pack] : [])).find((p) => p.rules.some((r) => r.id === "url.encoded_host_labels"));
const labelsRule = urlPack?.rules.find((r) => r.id === "url.encoded_host_labels");

describe.if(labelsRule !== undefined)("encoded_host stands in for `://` on the encoded-host-labels rule", () => {
  const source = labelsRule!.source;
  const withPrefilter = (over: Partial<RuleDefinition>): CompiledRule => {
    const { keywords: _k, trigger: _t, ...rest } = source;
    return compileRule({ ...rest, ...over } as RuleDefinition, "test");
  };
  const byKeyword = withPrefilter({ keywords: ["://"] });
  const byTrigger = withPrefilter({ trigger: "encoded_host" });
  const same = (url: string) => expect([url, matchRule(byTrigger, url).map((m) => m.text)]).toEqual([url, matchRule(byKeyword, url).map((m) => m.text)]);

  test("on the rule's own examples", () => {
    const pack = BUILTIN_PACKS.find((p) => p.text.includes("url.encoded_host_labels"))!;
    const examples = [...pack.text.matchAll(/^\s+- "(https?:\/\/[^"]+)"$/gm)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThan(5);
    for (const url of examples) same(url);
  });

  test("on generated hosts (labels of every shape and length around the limits)", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabets = ["0123456789abcdef", "0123456789ABCDEF", "234567ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz0123456789-", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "2345672345"];
    const label = () => {
      const a = alphabets[rand(alphabets.length)]!;
      return Array.from({ length: 1 + rand(20) }, () => a[rand(a.length)]).join("");
    };
    for (let i = 0; i < 3000; i++) {
      const labels = Array.from({ length: 1 + rand(8) }, label);
      const user = rand(4) === 0 ? `${label()}@` : "";
      const port = rand(4) === 0 ? `:${rand(65536)}` : "";
      same(`https://${user}${labels.join(".")}.example.com${port}/${label()}`);
    }
  });
});
