/**
 * @module One HTML start or end tag, read the way browsers read it (HTML tokenizer states, simplified):
 * from `<` to the first `>` outside a quoted attribute value. A tag with no end runs to the end of the
 * document (browsers drop it; the caller surfaces that text as hidden). Linear: each character of the
 * document is looked at once, whatever the input.
 */
import { decodeEntities } from "../../engine/normalize/index.ts";

export interface Tag {
  /** Lower-cased tag name. */
  readonly name: string;
  readonly end: boolean;
  readonly selfClosing: boolean;
  /** Lower-cased attribute names → entity-decoded values (first occurrence wins). */
  readonly attrs: ReadonlyMap<string, string>;
  /** Index just after the closing `>` (the document length when the tag never closes). */
  readonly next: number;
  /** True when the document ended inside the tag. */
  readonly unterminated: boolean;
}

/** Most attributes kept per tag (the rest are read and dropped). */
const MAX_ATTRS = 64;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Read the tag starting at `lt` (`html[lt] === "<"`); undefined when `<` does not start a tag. */
export function readTag(html: string, lt: number): Tag | undefined {
  const end = html.charCodeAt(lt + 1) === 0x2f;
  let i = lt + (end ? 2 : 1);
  if (!isAlpha(html.charCodeAt(i))) return undefined;
  const n = html.length;
  const nameStart = i;
  while (i < n && !isSpace(html.charCodeAt(i)) && html[i] !== "/" && html[i] !== ">") i++;
  const name = html.slice(nameStart, i).toLowerCase();
  const attrs = new Map<string, string>();
  let selfClosing = false;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === 0x3e) return { name, end, selfClosing, attrs, next: i + 1, unterminated: false };
    if (c === 0x2f) {
      selfClosing = html.charCodeAt(i + 1) === 0x3e;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    const aStart = i;
    i++; // An attribute name may start with "=" per the tokenizer; take at least one character.
    while (i < n && !isSpace(html.charCodeAt(i)) && html[i] !== "/" && html[i] !== ">" && html[i] !== "=") i++;
    const aName = html.slice(aStart, i).toLowerCase();
    while (i < n && isSpace(html.charCodeAt(i))) i++;
    let value = "";
    if (html[i] === "=") {
      i++;
      while (i < n && isSpace(html.charCodeAt(i))) i++;
      const q = html[i];
      if (q === '"' || q === "'") {
        const close = html.indexOf(q, i + 1);
        const stop = close < 0 ? n : close;
        value = html.slice(i + 1, stop);
        i = close < 0 ? n : close + 1;
      } else {
        const vStart = i;
        while (i < n && !isSpace(html.charCodeAt(i)) && html[i] !== ">") i++;
        value = html.slice(vStart, i);
      }
    }
    if (attrs.size < MAX_ATTRS && !attrs.has(aName)) attrs.set(aName, decodeEntities(value));
  }
  return { name, end, selfClosing, attrs, next: n, unterminated: true };
}
