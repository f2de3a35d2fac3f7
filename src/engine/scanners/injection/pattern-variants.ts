/**
 * @module Rewrites an injection pattern into the variants the later passes match with, once, at
 * compile time:
 * - optional separators (pass 4): every separator (`\s`, a space, a class of whitespace and
 *   punctuation) may be absent, so `ignoreallpreviousinstructions` matches `ignore\s+all…`; a
 *   `\b` next to such a separator is dropped (it cannot hold between glued words);
 * - vowel folded (pass 5): every vowel literal becomes `a`, like the folded text.
 * Escapes, flags, group names and negated classes are never rewritten.
 */
import { classItems, tokenizePattern, type PatternToken } from "./pattern-tokens.ts";

/** The optional-separator variant, or undefined when the pattern has no separator to relax. */
export function optionalSeparatorVariant(source: string | readonly PatternToken[]): string | undefined {
  const tokens = typeof source === "string" ? tokenizePattern(source) : source;
  const out: (PatternToken & { separator?: boolean })[] = [];
  let changed = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isSeparator(token)) {
      out.push(token);
      continue;
    }
    const next = tokens[i + 1];
    const quantifier = next?.kind === "quantifier" ? next.text : "";
    if (quantifier !== "") i++;
    const relaxed = relaxQuantifier(quantifier);
    if (relaxed !== quantifier) changed = true;
    out.push({ kind: "literal", text: token.text + relaxed, separator: true });
  }
  if (!changed) return undefined;
  const kept = out.filter((token, k) => !(isWordBoundary(token) && touchesSeparator(out, k)));
  return kept.map((t) => t.text).join("");
}

/** The vowel-folded variant, or undefined when the pattern has no vowel literal. */
export function vowelFoldedVariant(source: string | readonly PatternToken[]): string | undefined {
  let changed = false;
  const text = (typeof source === "string" ? tokenizePattern(source) : source)
    .map((token) => {
      const folded = token.kind === "literal" ? foldChar(token.text) : token.kind === "class" ? foldClass(token.text) : token.text;
      if (folded !== token.text) changed = true;
      return folded;
    })
    .join("");
  return changed ? text : undefined;
}

/** `\s`, `\W`, a space, or a class of whitespace plus punctuation (`[\s\-_.,;:]`). */
function isSeparator(token: PatternToken): boolean {
  if (token.kind === "escape") return token.text === "\\s" || token.text === "\\W";
  if (token.kind === "literal") return token.text === " ";
  if (token.kind !== "class") return false;
  let known = separatorClasses.get(token.text);
  if (known === undefined) {
    known = isSeparatorClass(token.text);
    if (separatorClasses.size < MAX_CACHED_CLASSES) separatorClasses.set(token.text, known);
  }
  return known;
}

/** Class texts already classified (patterns repeat the same separator class hundreds of times). */
const separatorClasses = new Map<string, boolean>();
const MAX_CACHED_CLASSES = 4096;

function isSeparatorClass(text: string): boolean {
  const { negated, items } = classItems(text);
  if (negated) return false;
  const whitespace = items.some((item) => item === "\\s" || item === " ");
  return whitespace && items.every((item) => item === "\\s" || item === " " || isPunctuation(item));
}

/** One punctuation character, escaped or not (no letters, digits, ranges or class escapes). */
function isPunctuation(item: string): boolean {
  const ch = item.length === 2 && item[0] === "\\" ? item[1]! : item;
  return ch.length === 1 && /[!-/:-@[-`{-~]/.test(ch);
}

/** Make a separator's quantifier allow zero repetitions: `+` → `*`, `{2,5}` → `{0,5}`, none → `?`. */
function relaxQuantifier(quantifier: string): string {
  if (quantifier === "") return "?";
  const lazy = quantifier.length > 1 && quantifier.endsWith("?") ? "?" : "";
  const base = lazy ? quantifier.slice(0, -1) : quantifier;
  if (base === "+") return `*${lazy}`;
  const repeat = /^\{(\d+)(,(\d*))?\}$/.exec(base);
  if (repeat) {
    if (repeat[2] === undefined) return `{0,${repeat[1]}}${lazy}`;
    return `{0,${repeat[3] ?? ""}}${lazy}`;
  }
  return quantifier;
}

function isWordBoundary(token: PatternToken): boolean {
  return token.kind === "escape" && token.text === "\\b";
}

/**
 * True when the nearest real token before or after position k (skipping group brackets and the
 * quantifiers of closed groups) is a relaxed separator.
 */
function touchesSeparator(tokens: readonly (PatternToken & { separator?: boolean })[], k: number): boolean {
  for (let j = k - 1; j >= 0; j--) {
    const t = tokens[j]!;
    if (t.separator) return true;
    if (t.kind === "group_open" || t.kind === "group_close" || (t.kind === "quantifier" && tokens[j - 1]?.kind === "group_close")) continue;
    break;
  }
  for (let j = k + 1; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.separator) return true;
    if (t.kind === "group_open" || t.kind === "group_close") continue;
    break;
  }
  return false;
}

const LOWER_VOWEL = /[eiou]/;
const UPPER_VOWEL = /[EIOU]/;

function foldChar(ch: string): string {
  if (LOWER_VOWEL.test(ch) && ch.length === 1) return "a";
  if (UPPER_VOWEL.test(ch) && ch.length === 1) return "A";
  return ch;
}

/**
 * Fold a class: vowel members become `a`/`A`; a range that covers a vowel keeps its members and
 * gains `a`/`A`. Negated classes stay as they are (the folded text's `a` may stand for any vowel).
 */
function foldClass(text: string): string {
  const { negated, items } = classItems(text);
  if (negated) return text;
  let lower = false;
  let upper = false;
  const folded = items.map((item) => {
    if (item.length === 1) return foldChar(item);
    const range = /^(.)-(.)$/u.exec(item);
    if (range) {
      const [from, to] = [range[1]!, range[2]!];
      for (const v of "aeiou") if (from <= v && v <= to) lower = true;
      for (const v of "AEIOU") if (from <= v && v <= to) upper = true;
    }
    return item;
  });
  const extra = `${lower ? "a" : ""}${upper ? "A" : ""}`;
  const body = folded.join("") + extra;
  return body === text.slice(1, -1) ? text : `[${body}]`;
}
