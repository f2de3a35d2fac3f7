/**
 * @module High-entropy data where a URL should carry words: path segments and query keys/values
 * (20+ characters), and subdomain labels (8+ characters) — the shapes of encoded exfiltration.
 */
import type { Finding } from "../../types.ts";
import { shannonEntropy } from "../../match/entropy.ts";
import type { CompiledUrlPolicy } from "./policy.ts";
import type { QueryParam } from "./query.ts";
import { entropyExclusionSnippet, preview, suppressSnippet, urlFinding } from "./findings.ts";

/** Shortest path segment or query key/value the entropy check considers (reference value). */
export const MIN_ENTROPY_VALUE_LENGTH = 20;
/** Shortest subdomain label the subdomain check considers (reference value). */
export const MIN_ENTROPY_LABEL_LENGTH = 8;
/** At most this many query entropy findings per URL; one is enough to deny. */
const MAX_QUERY_FINDINGS = 4;

/**
 * Entropy is measured per run of encoding characters, not across a whole value. Every common
 * binary-to-text encoding (hex, base32, base64, base64url) uses only letters, digits and `+/=_-`,
 * so an encoded blob is always one such run (space included: a `+` in a query decodes to it).
 * Punctuation like `.`, `~`, `:`, `"`, `{` adds character variety from structure, not randomness;
 * measuring across it flagged file names carrying a content hash (`name.ico-<hex>.png`) and
 * URL-encoded JSON in redirect parameters. Splitting there loses nothing the 20-character minimum
 * did not already concede (a sender can always cut a blob into shorter pieces).
 */
const NON_ENCODING_CHARS = /[^A-Za-z0-9+/=_\- ]+/;

export interface EntropyInput {
  readonly host: string;
  readonly isIp: boolean;
  /** Decoded path segments. */
  readonly segments: readonly string[];
  readonly params: readonly QueryParam[];
  /** `scheme://host/*`, for suppress snippets. */
  readonly site: string | undefined;
}

export function entropyFindings(input: EntropyInput, policy: CompiledUrlPolicy): Finding[] {
  const findings: Finding[] = [];
  const excluded = input.host !== "" && policy.entropyExclusions.match(input.host) !== undefined;
  if (!excluded) {
    let segment: string | undefined;
    for (const s of input.segments) {
      segment = highEntropyRun(s, policy.entropyThreshold);
      if (segment !== undefined) break;
    }
    if (segment !== undefined) {
      findings.push(
        urlFinding("url.path_entropy", {
          message: `A path segment carries a ${segment.length}-character run with entropy ${bits(segment)} bits/char (limit ${policy.entropyThreshold}): it looks like encoded data, not a name`,
          location: "url.path",
          excerpt: preview(segment),
          exempt: input.host && !input.isIp ? entropyExclusionSnippet(input.host) : suppressSnippet("url.path_entropy", input.site),
        }),
      );
    }
  }
  let queryFindings = 0;
  for (const p of input.params) {
    if (queryFindings >= MAX_QUERY_FINDINGS) break;
    const valueRun = highEntropyRun(p.value, policy.entropyThreshold);
    const keyRun = valueRun === undefined ? highEntropyRun(p.key, policy.entropyThreshold) : undefined;
    const text = valueRun ?? keyRun;
    if (text === undefined) continue;
    const which = valueRun !== undefined ? "value" : "key";
    queryFindings++;
    findings.push(
      urlFinding("url.query_entropy", {
        message: `A query ${which} carries a ${text.length}-character run with entropy ${bits(text)} bits/char (limit ${policy.entropyThreshold}): it looks like encoded data`,
        location: which === "value" ? p.location : p.keyLocation,
        excerpt: preview(text),
        exempt: suppressSnippet("url.query_entropy", input.site),
      }),
    );
  }
  const sub = subdomainFinding(input, policy, excluded);
  if (sub) findings.push(sub);
  return findings;
}

function subdomainFinding(input: EntropyInput, policy: CompiledUrlPolicy, excluded: boolean): Finding | undefined {
  if (input.isIp || excluded || input.host === "") return undefined;
  const labels = input.host.split(".");
  if (labels.length < 3) return undefined;
  const label = labels
    .slice(0, -2)
    .find((l) => l.length >= MIN_ENTROPY_LABEL_LENGTH && shannonEntropy(l) > policy.subdomainEntropyThreshold);
  if (label === undefined) return undefined;
  return urlFinding("url.subdomain_entropy", {
    message: `A subdomain label has entropy ${bits(label)} bits/char (limit ${policy.subdomainEntropyThreshold}): data may be leaving through DNS`,
    location: "url.host",
    excerpt: preview(label),
    exempt: entropyExclusionSnippet(input.host),
  });
}

/** The first run of encoding characters in `text` that is long enough and random enough, if any. */
function highEntropyRun(text: string, threshold: number): string | undefined {
  if (text.length < MIN_ENTROPY_VALUE_LENGTH) return undefined;
  return text.split(NON_ENCODING_CHARS).find((run) => run.length >= MIN_ENTROPY_VALUE_LENGTH && shannonEntropy(run) > threshold);
}

function bits(text: string): string {
  return shannonEntropy(text).toFixed(2);
}
