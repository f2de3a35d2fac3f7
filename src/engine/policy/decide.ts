/**
 * @module Findings → Verdict. Suppressions drop findings; `enforce: false` and `mode: audit` turn
 * every enforcing finding into a recorded warning; otherwise the strictest action wins.
 */
import type { Finding, RuleAction, Verdict } from "../types.ts";
import { matchDomain } from "../scanners/url/index.ts";
import { matchGlob } from "./glob.ts";
import type { EngineSettings, SuppressEntry } from "./settings.ts";

/** Most findings one verdict carries; the rest are summarised by the first ones. */
export const MAX_FINDINGS_PER_VERDICT = 50;

/** Higher is stricter. */
const STRICTNESS: Readonly<Record<RuleAction, number>> = { warn: 0, strip: 1, ask: 2, redirect: 3, block: 4 };

export interface DecideScope {
  readonly url?: string;
  readonly host?: string;
  readonly tool?: string;
}

/** Apply suppressions and enforcement to `findings`. */
export function decide(findings: readonly Finding[], settings: EngineSettings, scope: DecideScope = {}): Verdict {
  // Most subjects are clean: nothing to suppress, dedupe or rank.
  if (findings.length === 0) return { decision: "allow", action: "allow", findings: [], warned: false };
  const kept = dedupe(settings.suppress.length === 0 ? findings : findings.filter((f) => !isSuppressed(f, settings.suppress, scope))).slice(0, MAX_FINDINGS_PER_VERDICT);
  const enforcing = kept.filter((f) => f.action !== "warn");
  if (enforcing.length === 0 || !settings.enforce || settings.mode === "audit") {
    return { decision: "allow", action: "allow", findings: kept, warned: kept.length > 0 };
  }
  let action: RuleAction = "warn";
  for (const f of enforcing) if (STRICTNESS[f.action] > STRICTNESS[action]) action = f.action;
  return { decision: "deny", action, findings: kept, warned: false };
}

function isSuppressed(f: Finding, entries: readonly SuppressEntry[], scope: DecideScope): boolean {
  return entries.some((e) => {
    if (!matchGlob(e.rule, f.rule_id)) return false;
    if (e.tool !== undefined && (scope.tool === undefined || !matchGlob(e.tool, scope.tool))) return false;
    if (e.path !== undefined && !pathMatches(e.path, scope)) return false;
    return true;
  });
}

/** `path` is a URL glob when it has a scheme, else a host wildcard. */
function pathMatches(path: string, scope: DecideScope): boolean {
  if (path.includes("://")) return scope.url !== undefined && matchGlob(path, scope.url);
  const host = scope.host ?? hostOf(scope.url);
  return host !== undefined && matchDomain(host, path);
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** One finding per (rule, location, encoding). */
function dedupe(findings: readonly Finding[]): readonly Finding[] {
  if (findings.length < 2) return findings;
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule_id}\u0000${f.location ?? ""}\u0000${f.encoding ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
