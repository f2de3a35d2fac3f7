/**
 * @module The six injection passes. Each runs only when the passes before it found nothing, each
 * runs the keyword prefilter on its own text, and a pass whose trigger characters are absent is
 * skipped, so clean plain text pays for pass 1 and a few trigger tests:
 * 1. primary: invisible characters removed, NFKC, look-alikes folded, whitespace collapsed;
 * 2. invisible-as-space: the same with invisible characters read as spaces (`ignore\u200Ball`);
 * 3. leetspeak: `1GN0R3 4LL` → `iGNoRe aLL`, rescanned only around the changed words; then a rule
 *    word glued to the word before it (`USAIgnore`) is cut loose (the letter before it becomes a
 *    space) and rescanned around the cut;
 * 4. collapsed: patterns with optional separators (`ignoreallpreviousinstructions`; run together
 *    with pass 1, see below), and words taken apart joined again (`i g n o r e`, `i-nstruction`);
 * 5. vowel-fold: vowels folded to `a` in text and patterns (`instroctions`);
 * 6. decoded: base64/hex runs that decode to readable text, rescanned with passes 1–6 up to
 *    MAX_DECODE_DEPTH levels.
 * Typographic apostrophes (’ ‘ ʼ) read as `'` in every pass, one for one. Matches in plain text (passes 1, 4 and 5 at the top level) that are quoted examples in text about
 * attacks are dropped (see quoted-mention.ts); the later passes still run when that leaves nothing.
 */
import type { RuleMatch } from "../../match/rule-set.ts";
import { findEncodedPayloads, mayHoldPayload, type PayloadEncoding } from "../../normalize/decode-payloads.ts";
import { normalizeForInjectionMapped } from "../../normalize/for-injection.ts";
import { HAS_INVISIBLE } from "../../normalize/invisible.ts";
import { foldLeetspeak } from "../../normalize/leetspeak.ts";
import { spanOf, unmapped, type MappedText } from "../../normalize/mapped-text.ts";
import { joinTakenApartWords, mayHoldTakenApartWords } from "../../normalize/joined-words.ts";
import { foldVowels } from "../../normalize/vowel-fold.ts";
import type { InjectionRuleSets, PassRuleSet } from "./variant-sets.ts";
import { isQuotedMention } from "./quoted-mention.ts";
import { windowsAround } from "./windows.ts";

/** Nesting of encodings unwrapped (base64 of hex of base64 is three). */
export const MAX_DECODE_DEPTH = 3;

export type PassName = "primary" | "invisible-as-space" | "leetspeak" | "unglued" | "collapsed" | "vowel-fold";

export interface PassMatch {
  /** The match, attributed to the original rule; offsets are in the pass's own text. */
  readonly match: RuleMatch;
  readonly pass: PassName;
  /** Encodings unwrapped to reach the text that matched, outermost first. */
  readonly encodings: readonly PayloadEncoding[];
  /** Span in the original input; only when the input carried a map (see MappedText). */
  readonly span?: { readonly start: number; readonly end: number };
}

/** Tag characters, line-break controls and other invisibles: what makes pass 2 differ from pass 1. */
const HAS_TAG_OR_CONTROL = /[\u000B\u000C\u0085]|\uDB40/;

/**
 * Run the passes over `input` and return the first pass's matches (empty when all are clean).
 * `judgeMentions: false` keeps quoted mentions as matches (a superset of the default's matches).
 */
export function runPasses(sets: InjectionRuleSets, input: MappedText, depth = 0, judgeMentions = true): PassMatch[] {
  const mapped = input.start !== undefined;
  const judge = judgeMentions && depth === 0;
  const primary = foldApostrophes(normalizeForInjectionMapped(input));
  const radius = sets.maxLength;
  const at = (text: MappedText, pass: PassName, offset = 0) => (m: RuleMatch): PassMatch => ({
    match: { ...m, start: m.start + offset, end: m.end + offset },
    pass,
    encodings: [],
    ...(mapped ? { span: spanOf(text, offset + m.start, offset + m.end) } : {}),
  });
  const inWindows = (set: PassRuleSet, text: string, windows: readonly (readonly [number, number])[], source: MappedText, pass: PassName, mentionsIn?: string): PassMatch[] => {
    for (const [from, to] of windows) {
      let found = set.findMatches(text.slice(from, to));
      if (mentionsIn !== undefined && judge) found = found.filter((m) => !isQuotedMention(mentionsIn, m.start + from, m.end + from));
      if (found.length > 0) return found.map(at(source, pass, from));
    }
    return [];
  };

  // 1 + 4. The optional-separator variants match everything the rules match, and glued words
  // too, so one run over the text serves pass 1 and the glued half of pass 4; a match the rule
  // itself confirms nearby is reported as pass 1.
  let sawKeyword = false;
  const notMentions = (text: string, found: readonly RuleMatch[]): RuleMatch[] => (!judge ? [...found] : found.filter((m) => !isQuotedMention(text, m.start, m.end)));
  const first = notMentions(primary.text, sets.collapsed.findMatches(primary.text, () => {
    sawKeyword = true;
  }));
  if (first.length > 0) return first.map((m) => at(primary, passOf(sets, primary.text, m))(m));

  // 2. invisible characters as word breaks
  if (HAS_INVISIBLE.test(input.text) || HAS_TAG_OR_CONTROL.test(input.text)) {
    const spaced = normalizeForInjectionMapped(input, "space");
    if (spaced.text !== primary.text) {
      const found = sets.collapsed.findMatches(spaced.text);
      if (found.length > 0) return found.map(at(spaced, "invisible-as-space"));
    }
  }

  // 3. leetspeak, rescanned only around folded words in which the folding made a rule word
  const leet = foldLeetspeak(primary.text);
  if (leet !== undefined) {
    const suspects = leet.changed.filter(([s, e]) => sets.vocabulary.containsFoldedWord(leet.text.slice(s, e), primary.text.slice(s, e)));
    const found = inWindows(sets.collapsed, leet.text, windowsAround(leet.text, suspects, radius), primary, "leetspeak");
    if (found.length > 0) return found;
  }

  // 3b. a rule word glued to the word before it with only a capital letter to mark the start
  // (`USAIgnore your previous instructions`): the letter before it becomes a space, one for one
  const glued = sets.vocabulary.gluedWordStarts(primary.text);
  if (glued.length > 0) {
    const chars = primary.text.split("");
    for (const at of glued) chars[at - 1] = " ";
    const unglued = chars.join("");
    const found = inWindows(sets.collapsed, unglued, windowsAround(unglued, glued.map((g) => [g, g + 1] as const), radius), primary, "unglued");
    if (found.length > 0) return found;
  }

  // 4. words taken apart (spelled letter by letter, or cut by a hyphen inside a rule word),
  // joined and rescanned around the joins
  if (mayHoldTakenApartWords(primary.text)) {
    const joined = joinTakenApartWords(primary, (word, cuts) => sets.vocabulary.hasWordAcross(word, cuts));
    if (joined.joined.length > 0) {
      const found = inWindows(sets.collapsed, joined.text.text, windowsAround(joined.text.text, joined.joined, radius), joined.text, "collapsed", joined.text.text);
      if (found.length > 0) return found;
    }
  }

  // 5. vowels folded in text and patterns (one for one, so pass-1 offsets hold); only around vowel variants of rule words
  if (sawKeyword) {
    const folded = foldVowels(primary.text);
    const windows = windowsAround(folded, sets.vocabulary.vowelVariantHits(primary.text, folded), radius);
    const found = inWindows(sets.folded, folded, windows, primary, "vowel-fold", primary.text);
    // Units map one for one: quote the readable pass-1 text, not the folded one.
    if (found.length > 0) return found.map((m) => ({ ...m, match: { ...m.match, text: primary.text.slice(m.match.start, m.match.end) } }));
  }

  // 6. encoded payloads, rescanned with every pass
  if (depth < MAX_DECODE_DEPTH && mayHoldPayload(primary.text)) {
    for (const payload of findEncodedPayloads(primary.text)) {
      const inner = runPasses(sets, unmapped(payload.text), depth + 1, judgeMentions);
      if (inner.length === 0) continue;
      const span = mapped ? spanOf(primary, payload.start, payload.end) : undefined;
      return inner.map((m) => ({ ...m, encodings: [payload.encoding, ...m.encodings], ...(span ? { span } : {}) }));
    }
  }
  return [];
}

/** Pass 1 when the rule's own pattern matches around the variant's match, else pass 4. */
function passOf(sets: InjectionRuleSets, text: string, m: RuleMatch): PassName {
  const from = Math.max(0, m.start - sets.maxLength);
  const window = text.slice(from, Math.min(text.length, m.end + sets.maxLength));
  const own = sets.primary.findMatches(window);
  return own.some((o) => o.rule === m.rule && o.start + from < m.end && m.start < o.end + from) ? "primary" : "collapsed";
}

/** Typographic apostrophes that patterns write as `'`. */
const APOSTROPHES = /[\u2018\u2019\u02BC\uFF07]/g;

/** The text with typographic apostrophes as `'` (one for one, so the map still holds). */
function foldApostrophes(m: MappedText): MappedText {
  APOSTROPHES.lastIndex = 0;
  if (!APOSTROPHES.test(m.text)) return m;
  return { ...m, text: m.text.replace(APOSTROPHES, "'") };
}
