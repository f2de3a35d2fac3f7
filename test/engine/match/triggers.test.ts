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
