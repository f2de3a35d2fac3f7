/**
 * @module Request headers as text for DLP. `sensitive` mode takes the credential-bearing headers,
 * `all` takes everything but structural ones (reference lists). Each header becomes a `name: value`
 * line; a joined piece of the values alone makes a secret split across two headers contiguous, and
 * in `all` mode `name`+`value` without a separator catches one split across a header's name and value.
 */
import { MAX_HEADER_COUNT } from "./limits.ts";
import type { PieceSink } from "./pieces.ts";

export type HeaderMode = "sensitive" | "all";
export type HeaderList = readonly (readonly [string, string])[];

/** Reference `sensitive_headers` default (the config section has the same list; a test keeps them equal). */
export const DEFAULT_SENSITIVE_HEADERS: readonly string[] = ["Authorization", "Cookie", "X-Api-Key", "X-Token", "Proxy-Authorization", "X-Goog-Api-Key"];
/** Reference `ignore_headers` default (`all` mode): hop-by-hop and structural headers. */
export const DEFAULT_IGNORE_HEADERS: readonly string[] = [
  "Connection", "Keep-Alive", "Proxy-Authenticate", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
  "Host", "Content-Length", "Content-Type", "Accept", "Accept-Encoding", "User-Agent",
];

export interface HeaderSelection {
  readonly mode: HeaderMode;
  readonly sensitive?: readonly string[];
  readonly ignore?: readonly string[];
}

/** Node's flat rawHeaders ([name, value, name, value, …]) → pairs, bounded. */
export function headerPairs(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length && pairs.length < MAX_HEADER_COUNT; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

/** Values of one header (case-insensitive), in order. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const HIGH_LATIN1 = /[\u0080-\u00ff]/;
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

/**
 * A header value as its receiver reads it. Header bytes reach pipelock one character per byte, so a
 * value sent as UTF-8 (`A\u200bK\u200bI…`, zero-width spaces splitting a key) arrives as `Aâ\x80\x8bK…`,
 * which no rule or normalization recognizes; when the bytes are valid UTF-8 the decoded text is
 * what gets scanned.
 */
export function readableHeaderValue(value: string): string {
  if (!HIGH_LATIN1.test(value) || BEYOND_LATIN1.test(value)) return value;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return value;
  }
}

/** Lower-cased name sets of the lists in use (lists are per config build, so few). */
const lowerSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function lowerSetOf(list: readonly string[]): ReadonlySet<string> {
  let set = lowerSets.get(list);
  if (set === undefined) {
    set = new Set(list.map((h) => h.toLowerCase()));
    lowerSets.set(list, set);
  }
  return set;
}

export function addHeaderPieces(sink: PieceSink, headers: HeaderList, selection: HeaderSelection): void {
  const listed = lowerSetOf(selection.mode === "sensitive" ? (selection.sensitive ?? DEFAULT_SENSITIVE_HEADERS) : (selection.ignore ?? DEFAULT_IGNORE_HEADERS));
  const chosen = headers.slice(0, MAX_HEADER_COUNT).filter(([name]) => (selection.mode === "sensitive") === listed.has(name.toLowerCase()));
  const values = chosen.map(([, v]) => readableHeaderValue(v));
  chosen.forEach(([name], k) => sink.add(`header.${name.toLowerCase()}`, `${name}: ${values[k]}`));
  if (chosen.length > 1) sink.add("headers.values", values.join("\n"));
  if (selection.mode === "all") {
    chosen.forEach(([name], k) => sink.add(`header.${name.toLowerCase()}.concat`, `${name}${values[k]}`));
  }
}

/**
 * The values of the headers on neither list (not credential-bearing by name, not structural), one
 * per line: in `sensitive` mode these are still checked for credentials that show by their form
 * (provider keys and tokens, a bearer token, known secrets; not card-like numbers), so a key in
 * `X-Custom` does not pass unseen. Names are left out: `Idempotency-Key: <uuid>` is no key
 * assignment, and a generic rule matching it would cost a full RE2 submatch on every request.
 */
export function otherHeaderLines(headers: HeaderList, lists: { readonly sensitive?: readonly string[]; readonly ignore?: readonly string[] } = {}): string[] {
  const sensitive = lowerSetOf(lists.sensitive ?? DEFAULT_SENSITIVE_HEADERS);
  const ignore = lowerSetOf(lists.ignore ?? DEFAULT_IGNORE_HEADERS);
  const out: string[] = [];
  for (const [name, value] of headers.slice(0, MAX_HEADER_COUNT)) {
    const lower = name.toLowerCase();
    if (!sensitive.has(lower) && !ignore.has(lower)) out.push(readableHeaderValue(value));
  }
  return out;
}
