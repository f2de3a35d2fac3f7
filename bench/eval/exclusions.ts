/**
 * @module Corpus cases the eval leaves out of its rates, kept in test/eval-exclusions.json: an
 * upstream label that is wrong or out of scope for a DLP proxy (an identifier, a placeholder the
 * upstream marks positive, a real-format credential that is a negative only for one upstream rule).
 * Each entry names the case, its corpus file and a reason a reviewer can check; the eval reports the
 * excluded cases separately. The format is checked here; whether every id exists needs the corpora.
 */
import { readFileSync } from "node:fs";

export interface Exclusion {
  /** Corpus case id, e.g. `sec-0123456789`. */
  readonly id: string;
  /** Corpus file the case is in, e.g. `secrets.jsonl`. */
  readonly file: string;
  /** Why the case does not count; shown next to the id in the report. */
  readonly reason: string;
  /** Only for a file scanned more than one way (`benign.jsonl`): the view it applies to. */
  readonly view?: string;
}

/** Shortest reason accepted: a reason is a sentence, not a tag. */
export const MIN_REASON_CHARS = 20;
/** Most entries accepted: exclusions are the exception. */
export const MAX_EXCLUSIONS = 1000;

const ID = /^[a-z]{2,12}(?:-[a-z0-9]{1,40}){1,8}$/;
const FILE = /^[a-z0-9][a-z0-9._-]*\.jsonl$/;
const VIEWS = new Set(["dlp", "injection", "url", "tool_call", "tool_description", "egress"]);
const KEYS = new Set(["id", "file", "reason", "view"]);

/**
 * Parse and check the exclusions file text: a JSON array of `{ id, file, reason, view? }`.
 * @throws Error naming the first bad entry (index and field) or a duplicate.
 */
export function parseExclusions(text: string): Exclusion[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`eval exclusions: not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) throw new Error("eval exclusions: expected a JSON array of { id, file, reason }");
  if (data.length > MAX_EXCLUSIONS) throw new Error(`eval exclusions: ${data.length} entries, more than ${MAX_EXCLUSIONS}`);
  const seen = new Set<string>();
  return data.map((entry, i) => {
    const where = `eval exclusions[${i}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new Error(`${where}: expected an object`);
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) if (!KEYS.has(key)) throw new Error(`${where}: unknown key "${key}"`);
    const { id, file, reason, view } = e;
    if (typeof id !== "string" || !ID.test(id)) throw new Error(`${where}: id must look like "sec-0123456789" (lower-case, dash-separated)`);
    if (typeof file !== "string" || !FILE.test(file)) throw new Error(`${where} (${id}): file must be a corpus file name ending in .jsonl`);
    if (typeof reason !== "string" || reason.trim().length < MIN_REASON_CHARS) {
      throw new Error(`${where} (${id}): reason must be a sentence of at least ${MIN_REASON_CHARS} characters`);
    }
    if (view !== undefined && (typeof view !== "string" || !VIEWS.has(view))) throw new Error(`${where} (${id}): unknown view`);
    const key = `${file}\u0000${view ?? ""}\u0000${id}`;
    if (seen.has(key)) throw new Error(`${where}: ${id} in ${file} is listed twice`);
    seen.add(key);
    return view === undefined ? { id, file, reason: reason.trim() } : { id, file, reason: reason.trim(), view };
  });
}

/** Read and check an exclusions file; a missing file means no exclusions. */
export function loadExclusions(path: string): Exclusion[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  return parseExclusions(text);
}

/** The reason a case is excluded for this corpus file and view, or undefined. */
export type ExclusionLookup = (file: string, view: string, id: string) => string | undefined;

export function exclusionLookup(list: readonly Exclusion[]): ExclusionLookup {
  const byKey = new Map<string, string>();
  for (const e of list) byKey.set(`${e.file}\u0000${e.view ?? "*"}\u0000${e.id}`, e.reason);
  return (file, view, id) => byKey.get(`${file}\u0000${view}\u0000${id}`) ?? byKey.get(`${file}\u0000*\u0000${id}`);
}
