/**
 * @module The words injection rules are made of (their keywords and the literal words of their
 * patterns), compiled into keyword automata at policy compile. The later passes use them to find
 * *where* a disguise could hide a rule's phrase, and rescan only there:
 * - vowel variants (pass 5): a word whose vowel-folded form is a rule word's but which is not
 *   that word (`instroctions`);
 * - leetspeak (pass 3): a folded leet word that contains a rule word;
 * - words cut apart (pass 4): a rule word across a removed hyphen (`i-nstruction`).
 */
import { compileKeywordAutomaton, type KeywordAutomaton } from "../../match/keyword-automaton.ts";
import { foldVowels } from "../../normalize/vowel-fold.ts";
import { tokenizePattern, type PatternToken } from "./pattern-tokens.ts";

/** Shortest word kept (shorter ones occur inside too many ordinary words). */
const MIN_WORD = 4;
/** Shortest word kept for vowel variants (short folded words collide with ordinary ones: made/mode). */
const MIN_FOLDED_WORD = 5;
/** Longest ordinary ending looked for after a word. */
const MAX_SUFFIX = 6;

/** Ordinary endings a disguised rule word may carry (`instroctions`, `ignared`). */
const SUFFIXES = new Set(["s", "es", "d", "ed", "ing", "ly", "er", "ers", "n", "ns"]);

export interface Vocabulary {
  readonly size: number;
  /** Where a word of `folded` (= foldVowels(text)) folds like a rule word but is not one. */
  vowelVariantHits(text: string, folded: string): [number, number][];
  /** True when a rule word in `word` spans one of the `cuts` (offsets where a separator was removed). */
  hasWordAcross(word: string, cuts: readonly number[]): boolean;
  /**
   * True when `folded` (a one-for-one transform of `original`) contains a rule word that the
   * transform changed (`1GN0R3` → `iGNoRe` holds `ignore`; `utf8Encode` → `utfbEncode` does not count).
   */
  containsFoldedWord(folded: string, original: string): boolean;
  /**
   * Offsets where a rule word starts glued to the word before it, marked only by a capital
   * (`USAIgnore`, `fileIgnore`): an upper-case letter followed by a lower-case one, right after a
   * letter or digit, when prose follows the word (a space, then a lower-case letter). At most
   * MAX_GLUED offsets.
   */
  gluedWordStarts(text: string): number[];
}

/** Most glued-word offsets reported per text (camelCase code has many capitals; few start rule words). */
const MAX_GLUED = 64;
/** Capital after a letter or digit, then a lower-case letter: a possible glued word start. */
const GLUED_START = /[A-Za-z0-9](?=[A-Z][a-z])/g;

/** Build the vocabulary from keywords and pattern sources (or their tokens). */
export function compileVocabulary(keywords: readonly string[], patterns: readonly (string | readonly PatternToken[])[]): Vocabulary {
  const words = new Set<string>();
  const add = (w: string): void => {
    const lower = w.toLowerCase();
    if (lower.length >= MIN_WORD && /^[a-z]+$/.test(lower)) words.add(lower);
  };
  for (const k of keywords) for (const part of k.split(/[^A-Za-z]+/)) add(part);
  for (const p of patterns) for (const w of patternWords(p)) add(w);
  const list = [...words];
  const plain = compileKeywordAutomaton(list);
  const maxWordLength = list.reduce((max, w) => Math.max(max, w.length), 0) + MAX_SUFFIX;
  const originals = new Map<string, Set<string>>();
  for (const w of list) {
    if (w.length < MIN_FOLDED_WORD) continue;
    const f = foldVowels(w);
    const set = originals.get(f) ?? new Set<string>();
    set.add(w);
    originals.set(f, set);
  }
  const foldedList = [...originals.keys()];
  const folded = compileKeywordAutomaton(foldedList);

  return {
    size: list.length,
    vowelVariantHits(text, foldedText) {
      const hits: [number, number][] = [];
      folded.scan(foldedText, (s, e, k) => {
        if (s > 0 && isLetter(text.charCodeAt(s - 1))) return;
        if (!isWordEnd(text, e)) return;
        if (!originals.get(foldedList[k]!)!.has(text.slice(s, e).toLowerCase())) hits.push([s, e]);
      });
      return hits;
    },
    hasWordAcross(word, cuts) {
      let found = false;
      plain.scan(word, (s, e) => {
        if (!found && cuts.some((c) => s < c && c < e)) found = true;
      });
      return found;
    },
    gluedWordStarts(text) {
      const out: number[] = [];
      GLUED_START.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = GLUED_START.exec(text)) !== null && out.length < MAX_GLUED) {
        const at = m.index + 1;
        const head = text.slice(at, at + maxWordLength + 2);
        let starts = false;
        plain.scan(head.toLowerCase(), (s, e) => {
          if (s !== 0 || !isWordEnd(head, e)) return;
          // Prose goes on after the word (`Ignore your…`); code identifiers do not (`MD5Password,`).
          let end = e;
          while (end < head.length && isLetter(head.charCodeAt(end))) end++;
          if (head.charCodeAt(end) === SPACE && isLower(head.charCodeAt(end + 1))) starts = true;
        });
        if (starts) out.push(at);
      }
      return out;
    },
    containsFoldedWord(folded, original) {
      let found = false;
      plain.scan(folded, (s, e) => {
        for (let i = s; i < e && !found; i++) if (folded.charCodeAt(i) !== original.charCodeAt(i)) found = true;
      });
      return found;
    },
  };
}

/** Tokens after which a word can start: nothing before them can extend it. */
function isEdgeBefore(t: PatternToken | undefined): boolean {
  return t === undefined || t.kind === "group_open" || t.kind === "flags" || isEdge(t);
}

/** Tokens at which a word ends: nothing after them can extend it. */
function isEdgeAfter(t: PatternToken | undefined): boolean {
  return t === undefined || isEdge(t);
}

function isEdge(t: PatternToken): boolean {
  if (t.kind === "group_close" || t.kind === "alternation" || t.kind === "anchor") return true;
  if (t.kind === "escape") return /^\\[bsWnrt]$/.test(t.text) || /^\\[^A-Za-z0-9]$/.test(t.text);
  if (t.kind === "class") return !/[A-Za-z0-9]/.test(t.text.replace(/\\[sWnrt]/g, ""));
  return t.kind === "literal" && !/^[A-Za-z0-9]$/.test(t.text);
}

/**
 * Complete literal words of a pattern: runs of literal letters with a word edge on both sides
 * (`ignore` in `\b(?:ignore|forget)\s`, not `modul` in `modul(?:e|es)`). A trailing optional
 * letter (`instructions?`) ends the word before it.
 */
function patternWords(source: string | readonly PatternToken[]): string[] {
  const out: string[] = [];
  const tokens = typeof source === "string" ? tokenizePattern(source) : source;
  let i = 0;
  while (i < tokens.length) {
    // A quantified separator before the word (`\s+word`) is an edge too: look past the quantifier.
    const before = tokens[i - 1]?.kind === "quantifier" ? tokens[i - 2] : tokens[i - 1];
    if (!isLetterToken(tokens[i]) || !isEdgeBefore(before)) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && isLetterToken(tokens[j]) && tokens[j + 1]?.kind !== "quantifier") j++;
    const word = tokens.slice(i, j).map((t) => t.text).join("");
    const optionalLetter = isLetterToken(tokens[j]) && /^[?*]$/.test(tokens[j + 1]?.text ?? "");
    const after = optionalLetter ? tokens[j + 2] : tokens[j];
    if (word.length > 0 && isEdgeAfter(after)) out.push(word);
    i = Math.max(j, i + 1);
  }
  return out;
}

function isLetterToken(t: PatternToken | undefined): boolean {
  return t?.kind === "literal" && /^[A-Za-z]$/.test(t.text);
}

/** True when the word ending at `e` ends there, or goes on only with an ordinary ending (`-s`, `-ed`). */
function isWordEnd(text: string, e: number): boolean {
  let right = e;
  while (right < text.length && right - e <= MAX_SUFFIX && isLetter(text.charCodeAt(right))) right++;
  return right === e || SUFFIXES.has(text.slice(e, right).toLowerCase());
}

const SPACE = 32;

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
