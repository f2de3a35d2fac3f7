/**
 * @module Redaction for excerpts: a finding may show where a secret was and what it looked like,
 * never the secret itself.
 */

/** Longest excerpt a finding carries, in characters. */
export const MAX_EXCERPT_CHARS = 120;

/**
 * Mask a secret: keep a short recognisable prefix (at most 4 characters, and at most a quarter of
 * the value) and the length, e.g. `AKIA…[20 chars]`. Values under 12 characters keep no prefix.
 */
export function redactSecret(secret: string): string {
  const chars = [...secret];
  const keep = chars.length >= 12 ? Math.min(4, Math.floor(chars.length / 4)) : 0;
  return `${chars.slice(0, keep).join("")}…[${chars.length} chars]`;
}

/** Shorten non-secret matched text (e.g. an injection phrase) for display. */
export function truncateExcerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_EXCERPT_CHARS ? `${oneLine.slice(0, MAX_EXCERPT_CHARS - 1)}…` : oneLine;
}
