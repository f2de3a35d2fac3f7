/**
 * @module The normalization DLP matches on. On top of the shared pass (invisible and control
 * characters out, NFKC) it removes exotic whitespace *before* NFKC (which would turn NBSP or U+3000
 * into an ASCII space that splits a key), folds every look-alike letter to ASCII and drops combining
 * marks. ASCII text without control characters is returned as is, at the cost of one regex test.
 * Tab, CR, LF and the ASCII space are kept: rules are written against them.
 */
import { stripInvisible } from "../../normalize/invisible.ts";
import { foldDlpConfusables } from "./confusables.ts";

/** Anything outside printable ASCII, tab, CR and LF. */
const NEEDS_WORK = /[^\t\n\r\u0020-\u007E]/;
/** NBSP, Ogham space, U+2000–U+200A, line/paragraph separators, narrow NBSP, math space, ideographic space. */
const EXOTIC_SPACE = /[\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g;
const HAS_EXOTIC_SPACE = new RegExp(EXOTIC_SPACE.source);
const COMBINING_MARK = /\p{Mn}/gu;
/** A combining mark, or a Latin letter NFKC composed from one (`A` + U+0306 → `Ă`). */
const HAS_MARK_OR_ACCENTED_LATIN = /[\u00C0-\u024F\u1E00-\u1EFF]|\p{Mn}/u;

/** Normalize `text` for DLP matching. */
export function normalizeForDlp(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  let out = stripInvisible(text);
  if (HAS_EXOTIC_SPACE.test(out)) out = out.replace(EXOTIC_SPACE, "");
  out = foldDlpConfusables(out.normalize("NFKC"));
  if (HAS_MARK_OR_ACCENTED_LATIN.test(out)) out = out.normalize("NFD").replace(COMBINING_MARK, "").normalize("NFC");
  return out;
}
