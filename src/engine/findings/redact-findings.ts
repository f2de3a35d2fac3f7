/**
 * @module Last line of defence for "never show a secret": excerpts and messages of non-DLP findings
 * (a tool-policy excerpt of `curl -H "Authorization: Bearer …"`, a blocklist message naming a
 * secret-bearing host) are run through the DLP rules, and the known secrets (canaries, environment
 * values), and every secret in them is masked.
 */
import type { RuleSet } from "../match/rule-set.ts";
import type { Finding } from "../types.ts";
import { redactSecret } from "./redact.ts";

/** Copies of `findings` with any DLP match inside an excerpt or message masked. */
export function redactFindingTexts(findings: readonly Finding[], dlp: RuleSet, known?: { mask(text: string): string }): Finding[] {
  const mask = (text: string) => {
    const masked = maskSecrets(text, dlp);
    return known ? known.mask(masked) : masked;
  };
  return findings.map((f) => {
    if (f.scanner === "dlp") return f; // already redacted at the source
    const excerpt = f.excerpt === undefined ? undefined : mask(f.excerpt);
    const message = mask(f.message);
    if (excerpt === f.excerpt && message === f.message) return f;
    return { ...f, message, ...(excerpt !== undefined ? { excerpt } : {}) };
  });
}

function maskSecrets(text: string, dlp: RuleSet): string {
  if (text.length === 0) return text;
  const matches = dlp.findMatches(text).sort((a, b) => b.start - a.start);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const m of matches) {
    if (m.end > lastStart) continue; // overlapping: the later (already masked) span wins
    out = `${out.slice(0, m.start)}${redactSecret(m.text)}${out.slice(m.end)}`;
    lastStart = m.start;
  }
  return out;
}
