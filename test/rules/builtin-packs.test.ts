import { describe, expect, test } from "bun:test";
import { Glob } from "bun";
import { join } from "node:path";
import { BUILTIN_PACKS, loadPackText, loadPacks } from "../../src/rules/index.ts";
import { formatIssue } from "../../src/config/index.ts";
import { parse as parseYaml } from "yaml";

const root = join(import.meta.dir, "../..");

describe("built-in rule packs", () => {
  const loaded = BUILTIN_PACKS.map((p) => ({ file: p.file, result: loadPackText(p.text, p.file, "builtin") }));

  test.each(loaded.map((l) => [l.file, l.result] as const))("%s loads and every example passes", (_file, result) => {
    expect(result.ok ? "ok" : result.issues.map(formatIssue).join("\n")).toBe("ok");
  });

  test.each(BUILTIN_PACKS.map((p) => [p.file, p] as const))("%s: Bun's YAML parser (startup path) agrees with the yaml library", (_f, p) => {
    expect(Bun.YAML.parse(p.text)).toEqual(parseYaml(p.text));
  });

  test("every YAML file in rules/ is embedded", () => {
    const files = [...new Glob("rules/*.{yaml,yml}").scanSync(root)].sort();
    expect(BUILTIN_PACKS.map((p) => p.file).sort()).toEqual(files);
  });

  const count = (kind: string) => loaded.flatMap((l) => (l.result.ok ? l.result.pack.rules : [])).filter((r) => r.kind === kind).length;
  test("rule counts meet issue 4's floor (65 DLP, 30 injection, 17 tool policy, 6 tool poisoning, 10 chains, URL rules)", () => {
    expect(count("dlp")).toBeGreaterThanOrEqual(65);
    expect(count("injection")).toBeGreaterThanOrEqual(30);
    expect(count("chain")).toBeGreaterThanOrEqual(10);
    expect(count("url")).toBeGreaterThanOrEqual(2);
    expect(count("tool_policy")).toBeGreaterThanOrEqual(17);
    expect(count("tool_description")).toBeGreaterThanOrEqual(6);
  });

  test("every built-in rule has keywords or a trigger (no whole-text rules) and a MITRE id", () => {
    const bad = loaded.flatMap((l) => (l.result.ok ? l.result.pack.rules : [])).filter((r) => r.program && r.keywords.length === 0 && r.trigger === undefined);
    expect(bad.map((r) => r.id)).toEqual([]);
    const noMitre = loaded.flatMap((l) => (l.result.ok ? l.result.pack.rules : [])).filter((r) => r.mitre.length === 0);
    expect(noMitre.map((r) => r.id)).toEqual([]);
  });

  test("the documented example plugin pack loads together with the built-ins", () => {
    const r = loadPacks({ dirs: [{ path: join(root, "plugins"), optional: false }], requireSigned: false, trustedKeys: [] });
    expect(r.ok ? r.packs.map((p) => p.name) : r.issues.map(formatIssue)).toContain("example-internal-tokens");
  });
});
