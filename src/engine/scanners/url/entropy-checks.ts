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
    const segment = input.segments.find((s) => isHighEntropy(s, policy.entropyThreshold));
    if (segment !== undefined) {
      findings.push(
        urlFinding("url.path_entropy", {
          message: `A path segment has entropy ${bits(segment)} bits/char (limit ${policy.entropyThreshold}): it looks like encoded data, not a name`,
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
    const which = isHighEntropy(p.value, policy.entropyThreshold) ? "value" : isHighEntropy(p.key, policy.entropyThreshold) ? "key" : undefined;
    if (!which) continue;
    const text = which === "value" ? p.value : p.key;
    queryFindings++;
    findings.push(
      urlFinding("url.query_entropy", {
        message: `A query ${which} has entropy ${bits(text)} bits/char (limit ${policy.entropyThreshold}): it looks like encoded data`,
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

function isHighEntropy(text: string, threshold: number): boolean {
  return text.length >= MIN_ENTROPY_VALUE_LENGTH && shannonEntropy(text) > threshold;
}

function bits(text: string): string {
  return shannonEntropy(text).toFixed(2);
}
