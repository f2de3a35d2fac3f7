/**
 * @module The strings of a URL that DLP must see, each with its location: decoded parts, and the
 * joins that reassemble a secret split across labels, path segments or query values.
 */
import type { QueryParam } from "./query.ts";
import { spelledApartJoins } from "../dlp/index.ts";

export interface DlpPart {
  readonly text: string;
  readonly location: string;
}

export interface DlpInput {
  /** The serialized URL (WHATWG href, fragment included). */
  readonly href: string;
  readonly userinfo: string;
  /** Canonical host name ("" for none; IP literals are not passed). */
  readonly hostName: string;
  /**
   * The host as the input wrote it ("" for none or an IP literal): the canonical name is lower
   * case, which breaks a base64 label; each long label is scanned as written too.
   */
  readonly writtenHost?: string;
  /** Fully percent-decoded path. */
  readonly path: string;
  /** Decoded, non-empty path segments. */
  readonly segments: readonly string[];
  /** Fully percent-decoded query without `?`. */
  readonly query: string;
  readonly params: readonly QueryParam[];
}

/** Characters a writer can sprinkle between pieces of a secret without a decoder noticing (reference set). */
const QUERY_NOISE = /[./ \t\r\n+,;|]/g;
/** Path separators removed between segments: slash, dot, hyphen, and the query noise set. */
const PATH_NOISE = /[./\- \t\r\n+,;|]/g;
const DOTS = /\./g;
/** Host labels shorter than this are not scanned on their own (the joined host still is). */
export const MIN_HOST_LABEL = 10;
/** Most labels of one host scanned on their own (DNS allows 127). */
const MAX_HOST_LABELS = 127;
/** Single keys/values shorter than this hold no credential on their own; the joins below still see them. */
const MIN_PARAM_PART = 8;
/** Noise-stripped copies of single values shorter than this cannot hold a credential worth a second pass. */
const MIN_STRIPPED_VALUE = 12;

/** Every candidate string, most specific first (the first DLP hit per rule is the one reported). */
export function dlpParts(input: DlpInput): DlpPart[] {
  const parts: DlpPart[] = [];
  const add = (text: string, location: string) => {
    if (text.length > 0) parts.push({ text, location });
  };
  add(input.userinfo, "url.userinfo");
  if (input.hostName.includes(".")) add(input.hostName.replace(DOTS, ""), "url.host");
  if (input.writtenHost) {
    const labels = input.writtenHost.split(".", MAX_HOST_LABELS);
    for (const label of labels) if (label.length >= MIN_HOST_LABEL) add(label, "url.host.label");
  }
  if (input.path !== "/") add(input.path, "url.path");
  if (input.segments.length > 1) {
    const joined = input.segments.join("");
    add(joined, "url.path.joined");
    const stripped = joined.replace(PATH_NOISE, "");
    if (stripped !== joined) add(stripped, "url.path.stripped");
  } else if (input.segments.length === 1) {
    const only = input.segments[0]!;
    const stripped = only.replace(PATH_NOISE, "");
    if (stripped !== only) add(stripped, "url.path.stripped");
  }
  // `_` is no query noise (keys carry it), so a value spelled apart with it (or with `-`) is
  // rejoined on its own: `A-K-I-A-…`, `AK_IA_…`.
  for (const joined of spelledApartJoins(input.path)) add(joined, "url.path.stripped");
  for (const p of input.params) {
    if (p.key.length >= MIN_PARAM_PART) add(p.key, p.keyLocation);
    if (p.value.length >= MIN_PARAM_PART) add(p.value, p.location);
    const stripped = p.value.replace(QUERY_NOISE, "");
    if (stripped !== p.value && stripped.length >= MIN_STRIPPED_VALUE) add(stripped, p.location);
    for (const joined of spelledApartJoins(p.value)) add(joined, p.location);
  }
  add(input.query, "url.query");
  if (input.params.length >= 2) {
    const values = input.params.map((p) => p.value).join("");
    add(values, "url.query.values");
    const stripped = values.replace(QUERY_NOISE, "");
    if (stripped !== values) add(stripped, "url.query.values_stripped");
  }
  add(input.href, "url");
  return parts;
}
