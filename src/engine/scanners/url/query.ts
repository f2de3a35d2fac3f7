/**
 * @module Query string splitting in wire order, with keys and values decoded, plus a location
 * label per parameter that never repeats a secret-looking key.
 */
import { shannonEntropy } from "../../match/entropy.ts";
import { percentDecodeFully } from "../../normalize/percent-decode.ts";

export interface QueryParam {
  readonly key: string;
  readonly value: string;
  /** `url.query.<key>`, or `url.query[<index>]` when the key itself could be a secret. */
  readonly location: string;
  readonly keyLocation: string;
}

/** Parameters looked at one by one; the concatenated forms still cover everything after this. */
export const MAX_QUERY_PARAMS = 256;

const PLUS = /\+/g;
const SAFE_KEY = /^[A-Za-z0-9_.\-[\]]{1,40}$/;

/** Split `search` (with or without the leading `?`) into decoded parameters. */
export function splitQuery(search: string): QueryParam[] {
  const query = search.startsWith("?") ? search.slice(1) : search;
  if (query.length === 0) return [];
  const params: QueryParam[] = [];
  let start = 0;
  while (start <= query.length && params.length < MAX_QUERY_PARAMS) {
    let end = query.indexOf("&", start);
    if (end < 0) end = query.length;
    const pair = query.slice(start, end);
    start = end + 1;
    if (pair.length === 0) continue;
    const eq = pair.indexOf("=");
    const key = decodeFormPart(eq >= 0 ? pair.slice(0, eq) : pair);
    const value = eq >= 0 ? decodeFormPart(pair.slice(eq + 1)) : "";
    const suffix = safeKeyLabel(key) ? `.${key}` : `[${params.length}]`;
    params.push({ key, value, location: `url.query${suffix}`, keyLocation: `url.query_key${suffix}` });
  }
  return params;
}

function decodeFormPart(text: string): string {
  return percentDecodeFully(text.includes("+") ? text.replace(PLUS, " ") : text);
}

/** A key is shown in locations only when it is short or plainly a word, never when it looks random. */
function safeKeyLabel(key: string): boolean {
  if (!SAFE_KEY.test(key)) return false;
  return key.length <= 16 || shannonEntropy(key) <= 3.6;
}
