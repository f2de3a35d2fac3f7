/**
 * @module Normalization for prompt-injection and tool-description matching (injection passes 1
 * and 2): invisible characters out (or read as spaces), NFKC, Latin look-alike letters folded,
 * Unicode whitespace mapped and runs collapsed, while the result stays readable text (findings
 * quote excerpts from it). On a mapped text every output unit keeps the span of the input it
 * came from, which is what the `strip` action cuts.
 */
import { HAS_INVISIBLE, INVISIBLE } from "./invisible.ts";
import { appendMapped, nfkcMapped, replaceMapped, sameLength, spanOf, unmapped, type MappedText } from "./mapped-text.ts";

/** Anything outside printable ASCII, tab, CR and LF: the Unicode passes can be skipped without it. */
const NON_ASCII = /[^\t\n\r\u0020-\u007E]/;

/** Line-break-like characters that the invisible-character pass would otherwise delete. */
const LINE_BREAK_CONTROL = /[\u000B\u000C\u0085\u2028\u2029]/g;
const HAS_LINE_BREAK_CONTROL = /[\u000B\u000C\u0085\u2028\u2029]/;

/** Runs of printable tag characters (U+E0020–U+E007E): "ASCII smuggling" that models read but people cannot see. */
const TAG_RUN = /(?:\uDB40[\uDC20-\uDC7E]){7,}/g;

/** Combining marks stacked on an ASCII letter or digit (NFKC leaves these when no precomposed letter exists). */
const STACKED_MARKS = /(?<=[A-Za-z0-9])[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]+/g;
const HAS_COMBINING_MARK = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/;

/**
 * Backslash escapes for line breaks and tabs as they appear in JSON-encoded tool output
 * (`"…done.\n\nIgnore all…"`): without this the letter `n` glues onto the next word.
 */
const ESCAPED_LINE_BREAK = /\\r\\n|\\[nr]/g;
const ESCAPED_TAB = /\\t/g;

/** CR, CRLF and the Unicode line/paragraph separators all become LF. */
const OTHER_LINE_BREAK = /\r\n?|[\u2028\u2029]/g;
const HAS_UNICODE_LINE_BREAK = /[\u2028\u2029]/;
/** A horizontal run of two or more, or one whitespace character that is not a plain space or LF. */
const HORIZONTAL_RUN = /[^\S\n]{2,}|[^\S \n]/g;
/** Whitespace other than a space or LF (quick test: single-spaced text skips the horizontal pass). */
const OTHER_HORIZONTAL = /[^\S \n]/;
/** Once horizontal runs are single spaces: a run of spaces and LFs holding an LF (greedy, no backtracking). */
const LINE_BREAK_RUN = / \n[ \n]*|\n[ \n]+/g;

/** Look-alike letter → the Latin letter it imitates (only near-identical glyphs in common fonts). */
const CONFUSABLE_TO_LATIN: Readonly<Record<string, string>> = {
  // Cyrillic
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x",
  ѕ: "s", і: "i", ї: "i", ј: "j", һ: "h", ӏ: "l", ԁ: "d", ԛ: "q", ԝ: "w", ү: "y",
  А: "A", В: "B", Е: "E", Ё: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", У: "Y", Х: "X",
  Ѕ: "S", І: "I", Ї: "I", Ј: "J", Һ: "H", Ӏ: "I", Ԁ: "D", Ԛ: "Q", Ԝ: "W", Ү: "Y",
  // Greek
  α: "a", β: "b", γ: "y", ε: "e", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", ϲ: "c", ϳ: "j",
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T", Υ: "Y",
  Χ: "X", Ϲ: "C",
  // Armenian
  ս: "u", ո: "n", օ: "o", հ: "h", ց: "g", ք: "q", զ: "q",
  // Latin letters outside ASCII that imitate ASCII ones (IPA, dotless/dotted i, small capitals)
  ı: "i", İ: "I", ɑ: "a", ɡ: "g", ɩ: "i", ɪ: "i", ʏ: "y", ɢ: "g", ʜ: "h", ʟ: "l", ɴ: "n", ʀ: "r", ᴀ: "a",
  ᴄ: "c", ᴅ: "d", ᴇ: "e", ᴊ: "j", ᴋ: "k", ᴍ: "m", ᴏ: "o", ᴘ: "p", ᴛ: "t", ᴜ: "u", ᴠ: "v", ᴡ: "w", ᴢ: "z",
  ꜱ: "s",
};

const CONFUSABLE_CLASS = `[${Object.keys(CONFUSABLE_TO_LATIN).join("")}]`;
const HAS_CONFUSABLE = new RegExp(CONFUSABLE_CLASS, "u");
const EACH_CONFUSABLE = new RegExp(CONFUSABLE_CLASS, "gu");
const EACH_CONFUSABLE_IN_WORD = new RegExp(CONFUSABLE_CLASS, "gu");
/** One character of a word in a script the table covers; marks stay inside the word. */
const WORD_CHAR = /[\p{sc=Latin}\p{sc=Cyrillic}\p{sc=Greek}\p{sc=Armenian}\p{M}]/u;
/** A Cyrillic/Greek/Armenian letter that is not in the table: the word is genuine non-Latin text. */
const GENUINE_NON_LATIN = new RegExp(`(?!${CONFUSABLE_CLASS})[\\p{sc=Cyrillic}\\p{sc=Greek}\\p{sc=Armenian}]`, "u");
const LATIN_LETTER = /\p{sc=Latin}/u;
const CYRILLIC = /\p{sc=Cyrillic}/u;
const GREEK = /\p{sc=Greek}/u;
const ARMENIAN = /\p{sc=Armenian}/u;

/** How invisible characters are treated: removed (pass 1) or read as word breaks (pass 2). */
export type InvisibleHandling = "remove" | "space";

/**
 * Normalize text for injection rules. Plain ASCII only pays for the whitespace pass (and the
 * escape pass when it holds a backslash); each Unicode pass runs only when its trigger characters
 * are present.
 */
export function normalizeForInjection(text: string): string {
  return normalizeForInjectionMapped(unmapped(text)).text;
}

/**
 * The same normalization on a {@link MappedText}: with a map, every unit of the result knows the
 * span of the input it came from. `invisible: "space"` is the word-boundary-recovery variant
 * (`ignore\u200Ball` reads `ignore all`).
 */
export function normalizeForInjectionMapped(input: MappedText, invisible: InvisibleHandling = "remove"): MappedText {
  let out = input;
  if (NON_ASCII.test(out.text)) {
    const tagRuns = out.text.includes("\uDB40") ? findTagRuns(out) : [];
    if (HAS_LINE_BREAK_CONTROL.test(out.text)) out = replaceMapped(out, LINE_BREAK_CONTROL, () => "\n");
    if (HAS_INVISIBLE.test(out.text)) out = replaceMapped(out, INVISIBLE, invisible === "space" ? () => " " : () => "");
    out = nfkcMapped(out);
    if (HAS_COMBINING_MARK.test(out.text)) out = replaceMapped(out, STACKED_MARKS, () => "");
    out = sameLength(out, foldConfusables(out.text));
    for (const run of tagRuns) out = appendMapped(out, `\n${run.decoded}`, run.start, run.end);
  }
  if (out.text.includes("\\")) {
    out = replaceMapped(out, ESCAPED_LINE_BREAK, () => "\n");
    out = replaceMapped(out, ESCAPED_TAB, () => " ");
  }
  return collapseWhitespaceMapped(out);
}

/**
 * Replace look-alike letters with Latin ones inside words that are Latin text in disguise: the word
 * holds a Latin letter (`ignоre` with a Cyrillic о) or mixes look-alikes from several scripts. Words
 * of genuine Cyrillic, Greek or Armenian (`игнорируй`, `все`) are left as they are.
 */
export function foldConfusables(text: string): string {
  if (!HAS_CONFUSABLE.test(text)) return text;
  // Visit only the words around look-alike letters, so long Latin text with one stray Greek
  // letter costs a scan, not a callback per word. Every table letter and word letter is BMP.
  let out = "";
  let done = 0;
  EACH_CONFUSABLE.lastIndex = 0;
  for (let hit = EACH_CONFUSABLE.exec(text); hit !== null; hit = EACH_CONFUSABLE.exec(text)) {
    let start = hit.index;
    while (start > done && WORD_CHAR.test(text[start - 1]!)) start--;
    let end = hit.index + 1;
    while (end < text.length && WORD_CHAR.test(text[end]!)) end++;
    out += text.slice(done, start) + foldWord(text.slice(start, end));
    done = end;
    EACH_CONFUSABLE.lastIndex = end;
  }
  return out + text.slice(done);
}

/** Fold one word when it is Latin text in disguise (see foldConfusables). */
function foldWord(word: string): string {
  if (GENUINE_NON_LATIN.test(word)) return word;
  if (!LATIN_LETTER.test(word)) {
    const scripts = Number(CYRILLIC.test(word)) + Number(GREEK.test(word)) + Number(ARMENIAN.test(word));
    if (scripts < 2) return word;
  }
  return word.replace(EACH_CONFUSABLE_IN_WORD, (ch) => CONFUSABLE_TO_LATIN[ch] ?? ch);
}

/** Map exotic whitespace to a space and collapse runs: a run holding a line break becomes one LF, any other run one space. */
export function collapseWhitespace(text: string): string {
  return collapseWhitespaceMapped(unmapped(text)).text;
}

function collapseWhitespaceMapped(input: MappedText): MappedText {
  let out = input;
  if (out.text.includes("\r") || HAS_UNICODE_LINE_BREAK.test(out.text)) out = replaceMapped(out, OTHER_LINE_BREAK, () => "\n");
  if (out.text.includes("  ") || OTHER_HORIZONTAL.test(out.text)) out = replaceMapped(out, HORIZONTAL_RUN, () => " ");
  return out.text.includes("\n") ? replaceMapped(out, LINE_BREAK_RUN, () => "\n") : out;
}

/** The runs of tag characters, each decoded to ASCII, with its span in the input's original. */
function findTagRuns(m: MappedText): { decoded: string; start: number; end: number }[] {
  const runs: { decoded: string; start: number; end: number }[] = [];
  TAG_RUN.lastIndex = 0;
  for (let hit = TAG_RUN.exec(m.text); hit !== null; hit = TAG_RUN.exec(m.text)) {
    let decoded = "";
    for (let i = 1; i < hit[0].length; i += 2) decoded += String.fromCharCode(hit[0].charCodeAt(i) - 0xdc00);
    const span = spanOf(m, hit.index, hit.index + hit[0].length);
    runs.push({ decoded, start: span.start, end: span.end });
  }
  return runs;
}
