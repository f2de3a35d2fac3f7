/**
 * @module One rule pack: YAML text → schema check → compiled rules → examples run. Every problem
 * becomes a LoadIssue with `file:line:col`; a pack with any problem is rejected whole.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { locate, parseYamlWith, type LoadIssue } from "../config/index.ts";
import { checkRuleExamples, compileRule, type CompiledRule } from "../engine/index.ts";
import { ENGINE_VERSION } from "../version.ts";
import * as v from "valibot";
import type { EmbeddedPack } from "./builtin.ts";
import { PackSchema, type PackSpec } from "./schema.ts";
import { satisfiesRange } from "./version-range.ts";

/** Where a pack came from: embedded in the binary, or a file on disk. */
export type PackOrigin = "builtin" | "file";

export interface LoadedPack {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly file: string;
  readonly origin: PackOrigin;
  /** SHA-256 of the pack's exact bytes, hex. */
  readonly sha256: string;
  readonly spec: PackSpec;
  readonly rules: readonly CompiledRule[];
  /** Name of the trusted key that signed it, when a valid signature was checked. */
  readonly signedBy?: string;
  /** Where each rule's id sits in the file, for cross-pack error messages. */
  readonly ruleLines: Readonly<Record<string, { line: number; col: number }>>;
}

export type PackResult = { ok: true; pack: LoadedPack } | { ok: false; issues: LoadIssue[] };

/** Parse, validate, compile and self-test one pack. Never throws on bad input. */
export function loadPackText(bytes: Uint8Array | string, file: string, origin: PackOrigin): PackResult {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return { ok: false, issues: [{ file, line: 1, col: 1, path: "", message: "pack is not valid UTF-8" }] };
  }
  const parsed = parseYamlWith(PackSchema, text, file);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const spec = parsed.value;
  const at = (keys: (string | number)[], message: string): LoadIssue => ({
    file,
    ...locate(parsed.doc, parsed.lines, keys),
    path: keys.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("").replace(/^\./, ""),
    message,
  });
  const issues: LoadIssue[] = [];
  if (spec.requires !== undefined) {
    const check = satisfiesRange(ENGINE_VERSION, spec.requires);
    if (check !== true) issues.push(at(["requires"], check === false ? `pack requires engine ${spec.requires}, this is ${ENGINE_VERSION}` : check));
  }
  const seen = new Map<string, number>();
  const rules: CompiledRule[] = [];
  spec.rules.forEach((ruleSpec, i) => {
    const prior = seen.get(ruleSpec.id);
    if (prior !== undefined) {
      issues.push(at(["rules", i, "id"], `duplicate rule id "${ruleSpec.id}" (first defined at rules[${prior}])`));
      return;
    }
    seen.set(ruleSpec.id, i);
    let rule: CompiledRule;
    try {
      rule = compileRule(ruleSpec, spec.name);
    } catch (err) {
      const field = /: (pattern|tool_pattern|arg_key):/.exec((err as Error).message)?.[1] ?? "pattern";
      issues.push(at(["rules", i, field], (err as Error).message));
      return;
    }
    for (const problem of checkRuleExamples(rule, ruleSpec.examples)) {
      const which = /examples\.(match|no_match)\[(\d+)\]/.exec(problem);
      issues.push(at(which ? ["rules", i, "examples", which[1]!, Number(which[2])] : ["rules", i, "examples"], problem));
    }
    rules.push(rule);
  });
  if (issues.length > 0) return { ok: false, issues };
  const ruleLines = Object.fromEntries(spec.rules.map((r, i) => [r.id, locate(parsed.doc, parsed.lines, ["rules", i, "id"])]));
  return { ok: true, pack: packOf(spec, rules, { file, origin, ruleLines, hash: () => bytesToHex(sha256(data)) }) };
}

/** The LoadedPack record; the hash is computed on first read (`version`, evidence), not at startup. */
function packOf(spec: PackSpec, rules: CompiledRule[], from: { file: string; origin: PackOrigin; ruleLines: LoadedPack["ruleLines"]; hash: () => string }): LoadedPack {
  let hash: string | undefined;
  return {
    name: spec.name,
    version: spec.version,
    description: spec.description ?? "",
    file: from.file,
    origin: from.origin,
    get sha256() {
      return (hash ??= from.hash());
    },
    spec,
    rules,
    ruleLines: from.ruleLines,
  };
}

/**
 * Load an embedded pack quickly, for startup: Bun's native YAML parser (the `yaml` library's
 * positions are only needed for error messages, and build.ts has already proven these packs),
 * patterns compiled on first use, examples not re-run (build.ts, `rules test` and the unit suite
 * run them through `loadPackText`). Anything wrong is still reported, never thrown.
 */
export function loadEmbeddedPack(embedded: EmbeddedPack): PackResult {
  const at = (message: string): PackResult => ({ ok: false, issues: [{ file: embedded.file, line: 1, col: 1, path: "", message }] });
  let data: unknown;
  try {
    data = Bun.YAML.parse(embedded.text);
  } catch (err) {
    return at(`embedded pack is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = v.safeParse(PackSchema, data);
  if (!parsed.success) return at(`embedded pack does not match the schema: ${parsed.issues[0]?.message ?? "invalid"}; run \`pipelock rules test\``);
  const spec = parsed.output;
  const rules: CompiledRule[] = [];
  for (const ruleSpec of spec.rules) {
    try {
      rules.push(compileRule(ruleSpec, spec.name, { lazy: true }));
    } catch (err) {
      return at((err as Error).message);
    }
  }
  const hash = () => new Bun.CryptoHasher("sha256").update(embedded.text).digest("hex"); // native: ~20 ms less at startup
  return { ok: true, pack: packOf(spec, rules, { file: embedded.file, origin: "builtin", ruleLines: {}, hash }) };
}
