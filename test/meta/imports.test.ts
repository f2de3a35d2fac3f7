/**
 * House rules as a check (aesthetics §3.1): the engine is pure; hono only in doors; yaml and valibot
 * only in config and rules; noble's ed25519 only in rules (and evidence, later).
 */
import { describe, expect, test } from "bun:test";
import { Glob } from "bun";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = join(import.meta.dir, "../..");
const sources = [...new Glob("src/**/*.ts").scanSync(root)];
/** Runtime imports only: `import type` is erased and does not count. */
const importsOf = (file: string) =>
  [...readFileSync(join(root, file), "utf8").matchAll(/^\s*import\s+(?!type\b)[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);

describe("import boundaries", () => {
  test("src/engine imports no I/O, framework or config-format modules", () => {
    const banned = /^(node:(fs|net|http|https|tls|dns|child_process|os|path)|fs|net|hono|yaml|valibot|bun)(\/|$)/;
    const offenders = sources.filter((f) => f.startsWith("src/engine/")).flatMap((f) => importsOf(f).filter((m) => banned.test(m)).map((m) => `${f}: ${m}`));
    expect(offenders).toEqual([]);
  });

  test("src/engine uses no Bun.* or process.* APIs", () => {
    const offenders = sources.filter((f) => f.startsWith("src/engine/") && /\b(Bun|process)\.\w+/.test(readFileSync(join(root, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  test("hono appears only in src/doors", () => {
    const offenders = sources.filter((f) => !f.startsWith("src/doors/") && importsOf(f).some((m) => m.startsWith("hono")));
    expect(offenders).toEqual([]);
  });

  test("yaml and valibot appear only in src/config and src/rules", () => {
    const offenders = sources.filter((f) => !/^src\/(config|rules)\//.test(f) && importsOf(f).some((m) => m === "yaml" || m === "valibot"));
    expect(offenders).toEqual([]);
  });

  test("@noble/ed25519 appears only in src/rules and src/evidence", () => {
    const offenders = sources.filter((f) => !/^src\/(rules|evidence)\//.test(f) && importsOf(f).some((m) => m.startsWith("@noble/ed25519")));
    expect(offenders).toEqual([]);
  });

  test("modules outside a folder import it through its index.ts", () => {
    // Folders with a public surface: src/<top> and, for the doors, src/doors/<door>.
    const moduleOf = (file: string) => {
      const parts = file.split("/");
      return parts[1] === "doors" ? parts.slice(0, 3).join("/") : parts.slice(0, 2).join("/");
    };
    const offenders: string[] = [];
    for (const f of sources) {
      for (const m of importsOf(f)) {
        if (!m.startsWith(".")) continue;
        const target = relative(root, resolve(root, dirname(f), m));
        // src/commands holds one file per command, dispatched by src/cli.ts: no index by design.
        if (!target.startsWith("src/") || target.split("/").length < 3 || target.startsWith("src/commands/")) continue;
        if (moduleOf(target) !== moduleOf(f) && !target.endsWith("/index.ts") && !target.endsWith(".yaml")) offenders.push(`${f}: ${m}`);
      }
    }
    expect(offenders).toEqual([]);
  });

});
