/**
 * @module Last line of defence for "never show a secret": excerpts and messages of non-DLP findings
 * (a tool-policy excerpt of `curl -H "Authorization: Bearer …"`, a blocklist message naming a
 * secret-bearing host) are run through the DLP rules, and the known secrets (canaries, environment
 * values), and every secret in them is masked.
 */
import type { RuleSet } from "../match/rule-set.ts";
import type { Finding } from "../types.ts";
import { redactSecret } from "./redact.ts";
import { BoundedMemo } from "../memo/index.ts";

type KnownSecrets = { mask(text: string): string };

/** Short finding texts found to hold no secret, per DLP rule set and known-secrets list. */
const MAX_CLEAN_TEXTS = 1024;
const MAX_CLEAN_TEXT_CHARS = 256;
const cleanTexts = new WeakMap<RuleSet, { known: KnownSecrets | undefined; texts: BoundedMemo<string, true> }>();

function cleanTextsFor(dlp: RuleSet, known: KnownSecrets | undefined): BoundedMemo<string, true> {
  let entry = cleanTexts.get(dlp);
  if (entry === undefined || entry.known !== known) {
    entry = { known, texts: new BoundedMemo<string, true>(MAX_CLEAN_TEXTS) };
    cleanTexts.set(dlp, entry);
  }
  return entry.texts;
}

/**
 * Copies of `findings` with any DLP match inside an excerpt or message masked. Messages repeat a
 * lot (the same blocklisted host, the same rule): a short text found to hold no secret is remembered
 * for its rule set, so it is not scanned again; a text that held one is scanned every time.
 */
export function redactFindingTexts(findings: readonly Finding[], dlp: RuleSet, known?: KnownSecrets): Finding[] {
  let clean: BoundedMemo<string, true> | undefined;
  const mask = (text: string) => {
    const short = text.length <= MAX_CLEAN_TEXT_CHARS;
    if (short && (clean ??= cleanTextsFor(dlp, known)).has(text)) return text;
    const found = maskSecrets(text, dlp);
    const masked = known ? known.mask(found) : found;
    if (short && masked === text) clean!.set(text, true);
    return masked;
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
