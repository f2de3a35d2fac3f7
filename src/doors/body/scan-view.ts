/**
 * @module What a response text is scanned *as*: the text a reader of it ends up with. JSON string
 * escapes (`\u0049gnore`, `previous\ninstructions`) and HTML character references (`&#73;gnore`) are
 * decoded first, because an agent that parses the JSON or renders the HTML reads the decoded text;
 * scanning the escaped form would let a trivially escaped injection through and would break phrases
 * on the `\n` escapes LLM output is full of. Works on any fragment (a window of a stream need not be
 * valid JSON); costs nothing when no `\` or `&` is present.
 */
import { decodeEntities } from "../../engine/normalize/index.ts";

const JSON_ESCAPE = /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g;
const SIMPLE: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

export function scanView(text: string): string {
  let out = text;
  if (out.includes("\\")) out = out.replace(JSON_ESCAPE, (_m, hex: string | undefined, ch: string | undefined) => (hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : SIMPLE[ch!]!));
  if (out.includes("&")) out = decodeEntities(out);
  return out;
}
