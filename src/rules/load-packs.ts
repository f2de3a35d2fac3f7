/**
 * @module All packs for a policy: the embedded built-ins, then every `*.yaml`/`*.yml` in the plugin
 * and configured directories. Signatures are checked against trusted keys; duplicate rule ids across
 * packs are an error. Any issue rejects the whole set: nothing starts half-configured.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { LoadIssue } from "../config/index.ts";
import { BUILTIN_PACKS } from "./builtin.ts";
import { loadEmbeddedPack, loadPackText, type LoadedPack } from "./load-pack.ts";
import { verifyBytes } from "./signatures.ts";

export interface TrustedKey {
  readonly name: string;
  readonly public_key: string;
}

export interface PackSources {
  /** Directories to read packs from (absolute or cwd-relative). Missing optional dirs are skipped. */
  readonly dirs: readonly { path: string; optional: boolean }[];
  readonly requireSigned: boolean;
  readonly trustedKeys: readonly TrustedKey[];
  /** Skip the embedded packs (`rules lint`/`rules test` of a single file). */
  readonly skipBuiltin?: boolean;
}

export type PacksResult = { ok: true; packs: LoadedPack[] } | { ok: false; issues: LoadIssue[] };

/** Largest pack file read from disk. */
export const MAX_PACK_BYTES = 4 * 1024 * 1024;

/** Load and check every pack. Never throws on bad input. */
export function loadPacks(sources: PackSources): PacksResult {
  const issues: LoadIssue[] = [];
  const packs: LoadedPack[] = [];
  if (!sources.skipBuiltin) {
    for (const embedded of BUILTIN_PACKS) {
      const r = loadEmbeddedPack(embedded);
      if (r.ok) packs.push(r.pack);
      else issues.push(...r.issues);
    }
  }
  for (const dir of sources.dirs) {
    for (const file of listPackFiles(dir.path, dir.optional, issues)) {
      const r = loadPackFile(file, sources);
      if (r.ok) packs.push(r.pack);
      else issues.push(...r.issues);
    }
  }
  issues.push(...duplicateIdIssues(packs));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, packs };
}

/** Load one pack file from disk, checking its detached signature when present or required. */
export function loadPackFile(file: string, sources: Pick<PackSources, "requireSigned" | "trustedKeys">): { ok: true; pack: LoadedPack } | { ok: false; issues: LoadIssue[] } {
  const at = (message: string): { ok: false; issues: LoadIssue[] } => ({ ok: false, issues: [{ file, line: 1, col: 1, path: "", message }] });
  let bytes: Uint8Array;
  try {
    if (statSync(file).size > MAX_PACK_BYTES) return at(`pack is larger than ${MAX_PACK_BYTES} bytes`);
    bytes = readFileSync(file);
  } catch (err) {
    return at(`cannot read pack: ${(err as Error).message}`);
  }
  const sigFile = `${file}.sig`;
  let signedBy: string | undefined;
  if (existsSync(sigFile)) {
    const signature = readFileSync(sigFile, "utf8");
    signedBy = sources.trustedKeys.find((k) => verifyBytes(bytes, signature, k.public_key))?.name;
    if (signedBy === undefined) {
      return at(sources.trustedKeys.length === 0 ? `has a signature (${sigFile}) but no trusted keys are configured (rules.trusted_keys)` : `signature ${sigFile} does not verify with any trusted key: the pack was modified or signed by an unknown key`);
    }
  } else if (sources.requireSigned) {
    return at(`pack is unsigned and rules.require_signed is true (expected ${sigFile})`);
  }
  const r = loadPackText(bytes, file, "file");
  if (!r.ok) return r;
  return { ok: true, pack: signedBy ? { ...r.pack, signedBy } : r.pack };
}

function listPackFiles(dir: string, optional: boolean, issues: LoadIssue[]): string[] {
  try {
    if (!statSync(dir).isDirectory()) {
      issues.push({ file: dir, line: 1, col: 1, path: "", message: "rule pack directory is not a directory" });
      return [];
    }
    return readdirSync(dir)
      .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith("."))
      .sort()
      .map((name) => join(dir, name));
  } catch (err) {
    if (!optional) issues.push({ file: dir, line: 1, col: 1, path: "", message: `cannot read rule pack directory: ${(err as Error).message}` });
    return [];
  }
}

function duplicateIdIssues(packs: readonly LoadedPack[]): LoadIssue[] {
  const owner = new Map<string, string>();
  const issues: LoadIssue[] = [];
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const first = owner.get(rule.id);
      const pos = pack.ruleLines[rule.id] ?? { line: 1, col: 1 };
      if (first !== undefined) issues.push({ file: pack.file, ...pos, path: "", message: `duplicate rule id "${rule.id}" (already defined in ${first})` });
      else owner.set(rule.id, pack.file);
    }
  }
  return issues;
}
