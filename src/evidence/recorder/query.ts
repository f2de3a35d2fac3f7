/**
 * @module `recorder show|query`: entries of a directory filtered by time, verdict, rule, session,
 * door and type. Reads only; integrity is `verify`'s job (show does not re-hash).
 */
import { matchGlob } from "../../engine/index.ts";
import { parseLine, type Entry, type EntryType } from "./entry.ts";
import { listEvidenceFiles, readLines } from "./read.ts";

export interface EntryFilter {
  /** Epoch milliseconds, inclusive. */
  readonly since?: number;
  readonly until?: number;
  readonly verdict?: "allow" | "deny";
  /** Rule id or `*` glob, matched against every finding of a decision. */
  readonly rule?: string;
  readonly session?: string;
  readonly door?: string;
  readonly type?: EntryType;
}

export interface FoundEntry {
  readonly file: string;
  readonly line: number;
  readonly entry: Entry;
}

export function matches(entry: Entry, f: EntryFilter): boolean {
  if (f.type !== undefined && entry.type !== f.type) return false;
  if (f.since !== undefined || f.until !== undefined) {
    const t = Date.parse(entry.ts);
    if (f.since !== undefined && !(t >= f.since)) return false;
    if (f.until !== undefined && !(t <= f.until)) return false;
  }
  const needsDecision = f.verdict !== undefined || f.rule !== undefined || f.session !== undefined || f.door !== undefined;
  if (!needsDecision) return true;
  if (entry.type !== "decision" || typeof entry.detail !== "object" || entry.detail === null) return false;
  const d = entry.detail as Record<string, unknown>;
  if (f.verdict !== undefined && d.decision !== f.verdict) return false;
  if (f.session !== undefined && d.session !== f.session) return false;
  if (f.door !== undefined && d.door !== f.door) return false;
  if (f.rule !== undefined) {
    const ids = [d.rule_id, ...(Array.isArray(d.findings) ? d.findings.map((x) => (x as Record<string, unknown>)?.rule_id) : [])].filter((x): x is string => typeof x === "string");
    if (!ids.some((id) => matchGlob(f.rule!, id))) return false;
  }
  return true;
}

/** Matching entries in chain order; stops after `limit`. Unparseable lines are skipped. */
export function* queryDir(dir: string, filter: EntryFilter, limit = Number.POSITIVE_INFINITY): Generator<FoundEntry> {
  let n = 0;
  for (const file of listEvidenceFiles(dir)) {
    for (const raw of readLines(file.path)) {
      if (!raw.complete || raw.tooLong) continue;
      const parsed = parseLine(raw.text);
      if (!parsed.ok || !matches(parsed.entry, filter)) continue;
      yield { file: file.name, line: raw.lineNo, entry: parsed.entry };
      if (++n >= limit) return;
    }
  }
}
