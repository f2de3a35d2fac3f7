/**
 * @module The passthrough list: hosts whose TLS is spliced, never intercepted (certificate-pinning
 * clients, mTLS). Same wildcard semantics as every other domain list: case-insensitive, trailing
 * dot ignored, `*.example.com` matches the apex and any depth below it, IP literals only exactly.
 */
import { canonicalHost } from "./leaf.ts";

/** Most patterns accepted (config validation rejects longer lists). */
export const MAX_PASSTHROUGH_PATTERNS = 10_000;

export interface HostMatcher {
  /** The pattern (as written) that matches `host`, or undefined. */
  match(host: string): string | undefined;
  readonly size: number;
}

/** Why a pattern is not a domain, `*.domain` wildcard or IP literal; undefined when it is valid. */
export function patternProblem(pattern: string): string | undefined {
  const wildcard = pattern.trim().startsWith("*.");
  const body = canonicalHost(wildcard ? pattern.trim().slice(2) : pattern);
  if (!body) return `"${pattern}" is not a domain name, "*.domain" wildcard or IP address`;
  if (wildcard && body.includes(":")) return `"${pattern}" puts a wildcard on an IP address`;
  if (wildcard && /^[\d.]+$/.test(body)) return `"${pattern}" puts a wildcard on an IP address`;
  return undefined;
}

/** Compile patterns. @throws TypeError naming the first invalid pattern. */
export function compileHostMatcher(patterns: readonly string[]): HostMatcher {
  if (patterns.length > MAX_PASSTHROUGH_PATTERNS) throw new TypeError(`at most ${MAX_PASSTHROUGH_PATTERNS} passthrough patterns`);
  const exact = new Map<string, string>();
  const suffix = new Map<string, string>();
  for (const raw of patterns) {
    const problem = patternProblem(raw);
    if (problem) throw new TypeError(problem);
    const wildcard = raw.trim().startsWith("*.");
    const body = canonicalHost(wildcard ? raw.trim().slice(2) : raw)!;
    if (!exact.has(body)) exact.set(body, raw);
    if (wildcard && !suffix.has(body)) suffix.set(body, raw);
  }
  return Object.freeze({
    size: patterns.length,
    match(host: string): string | undefined {
      const h = canonicalHost(host);
      if (!h) return undefined;
      const hit = exact.get(h);
      if (hit !== undefined || h.includes(":") || suffix.size === 0) return hit;
      // Walk parent domains: a.b.example.com → b.example.com → example.com → com (bounded by label count).
      for (let dot = h.indexOf("."); dot >= 0; dot = h.indexOf(".", dot + 1)) {
        const parent = suffix.get(h.slice(dot + 1));
        if (parent !== undefined) return parent;
      }
      return undefined;
    },
  });
}
