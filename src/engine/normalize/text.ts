/**
 * @module The shared first normalization every text scanner sees: invisible characters removed,
 * then NFKC (fullwidth letters, ligatures and compatibility forms become plain ones).
 */
import { stripInvisible } from "./invisible.ts";

/** Any character outside printable ASCII and common whitespace means NFKC may change something. */
const NON_ASCII = /[^\t\n\r\u0020-\u007E]/;

/** Normalize text for matching; cheap on plain ASCII (both passes are skipped). */
export function normalizeText(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return stripInvisible(text).normalize("NFKC");
}
