/**
 * @module Quoted mentions: a security article that quotes an attack ("a common attack pattern is:
 * 'Ignore all previous instructions'") is about injection, not an injection. A match counts as a
 * mention only when all of these hold, so an attacker cannot wrap a live instruction in quotes to
 * hide it:
 * - the match starts inside one short quotation (`"…"`, `'…'`, `“…”`, `‘…’`, `«…»`, `` `…` ``);
 * - the words just before the quotation introduce an example (`like`, `such as`, `e.g.`,
 *   `pattern`, `phrase`, `example`, `known as`, a colon, …);
 * - the text before it talks about attacks (`prompt injection`, `jailbreak`, `attack`, …);
 * - neither the quotation nor the rest of the match asks for anything to be sent, fetched or run
 *   (no URL, e-mail address, path, shell syntax or send/upload/curl verb).
 * Only plain-text matches are judged this way: the scanner never treats text that was decoded,
 * un-leeted or had invisible characters removed as a quotation.
 */

/** Longest quotation (characters between the quote marks) treated as a quoted example. */
export const MAX_QUOTE_CHARS = 240;
/** How far before the quotation the introducing words are looked for. */
const CUE_CHARS = 60;
/** How far before the quotation the topic words are looked for. */
const TOPIC_CHARS = 400;

const CLOSING: Readonly<Record<string, string>> = { '"': '"', "'": "'", "\u201C": "\u201D", "\u2018": "\u2019", "\u00AB": "\u00BB", "`": "`", "\u201E": "\u201C" };
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const CUE = /(?:\b(?:like|such as|e\.g\.?|i\.e\.?|for example|for instance|example|examples|pattern|patterns|phrase|phrases|string|strings|prompt|prompts|payload|payloads|known as|called|quote|quotes|reads|says|text)\b|:)[^.!?]*$/i;
const TOPIC = /\b(?:prompt[- ]injections?|injections?|jailbreaks?|jailbreaking|attacks?|attackers?|adversarial|malicious|exploits?|red[- ]team(?:ing)?|defen[cs]es?)\b/i;
const ACTION = /:\/\/|www\.|@|~\/|\/etc\/|\$\(|\$\{|`|\||\b(?:curl|wget|send|sends|sent|upload|post|email|e-mail|exfiltrat\w*|forward|base64|execute|run|download)\b/i;

/** True when `text[start, end)` is a quoted example of an attack in text about attacks. */
export function isQuotedMention(text: string, start: number, end: number): boolean {
  const open = openingQuote(text, start);
  if (open === undefined) return false;
  // The first closing mark after the match start ends the quotation. Patterns that need a context
  // word after the trigger phrase may run past it; that overhang must ask for nothing either.
  const close = closingQuote(text, start, open.closer);
  if (close === undefined || close - open.at - 1 > MAX_QUOTE_CHARS) return false;
  if (ACTION.test(text.slice(open.at + 1, Math.max(close, end)))) return false;
  const before = text.slice(Math.max(0, open.at - CUE_CHARS), open.at);
  if (!CUE.test(before)) return false;
  return TOPIC.test(text.slice(Math.max(0, open.at - TOPIC_CHARS), open.at));
}

/** How far back quote marks are counted to tell an opening `"` from a closing one. */
const PARITY_CHARS = 2000;
const SYMMETRIC = new Set(['"', "'", "`"]);

/** An apostrophe between two letters (user's, don't) is not a quote mark. */
function isQuoteMark(text: string, i: number): boolean {
  if (text[i] !== "'") return true;
  return !(i > 0 && LETTER_OR_DIGIT.test(text[i - 1]!) && i + 1 < text.length && LETTER_OR_DIGIT.test(text[i + 1]!));
}

/**
 * The nearest opening quote mark before `start` with no closing mark of its kind in between. A
 * symmetric mark (`"`, `'`, `` ` ``) opens only when an odd number of them precede `start`.
 */
function openingQuote(text: string, start: number): { at: number; closer: string } | undefined {
  const limit = Math.max(0, start - MAX_QUOTE_CHARS);
  const closed = new Set<string>();
  for (let i = start - 1; i >= limit; i--) {
    const ch = text[i]!;
    const closer = CLOSING[ch];
    if (closer === undefined || closed.has(closer) || !isQuoteMark(text, i)) {
      if (!SYMMETRIC.has(ch) || isQuoteMark(text, i)) closed.add(ch);
      continue;
    }
    if (SYMMETRIC.has(ch) && countMarks(text, Math.max(0, start - PARITY_CHARS), start, ch) % 2 === 0) return undefined;
    return { at: i, closer };
  }
  return undefined;
}

function countMarks(text: string, from: number, to: number, mark: string): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text[i] === mark && isQuoteMark(text, i)) n++;
  return n;
}

/** The first closing mark at or after `from`, within the quotation limit. */
function closingQuote(text: string, from: number, closer: string): number | undefined {
  const limit = Math.min(text.length, from + MAX_QUOTE_CHARS);
  for (let i = from; i < limit; i++) {
    if (text[i] !== closer) continue;
    if (!isQuoteMark(text, i)) continue;
    return i;
  }
  return undefined;
}
