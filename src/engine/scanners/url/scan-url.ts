/**
 * @module scanUrl: every URL layer in a fixed order — length, parse, allow/block lists (a listed host
 * ends the scan there), scheme, CR/LF, traversal, host shape, userinfo, literal SSRF, DLP, entropy,
 * pattern rules — and DNS-backed SSRF last, only when nothing has denied the URL yet (a lookup of a
 * secret-bearing name would itself leak it).
 */
import type { Finding, Resolver } from "../../types.ts";
import { dlpParts, type DlpPart } from "./dlp-parts.ts";
import { entropyFindings } from "./entropy-checks.ts";
import { allowlistSnippet, blocklistSnippet, clip, preview, suppressSnippet, urlFinding } from "./findings.ts";
import { hostNameProblem, parseUrl, type ParsedUrl } from "./parse-url.ts";
import { percentDecodeFully } from "../../normalize/percent-decode.ts";
import type { CompiledUrlPolicy } from "./policy.ts";
import { splitQuery, type QueryParam } from "./query.ts";
import { findCrlf, findPathTraversal } from "./raw-checks.ts";
import { literalSsrf, resolvedSsrf, type HostReading } from "./ssrf.ts";

export interface UrlScanDeps {
  /** Absent = offline: only IP literals and internal-by-name hosts are SSRF-checked. */
  readonly resolver?: Resolver;
  readonly signal?: AbortSignal;
  /**
   * DLP hook supplied by the engine: scans the strings taken from the URL (each with its location,
   * most specific first) in one call, so that its per-call work is paid once per URL.
   */
  readonly dlp: (parts: readonly DlpPart[]) => Finding[];
  /** Pattern rules over the whole URL (rule packs' `url` kind), run unless the lists denied it first. */
  readonly rules?: (url: string) => Finding[];
}

const RFC_READING = "as an RFC 3986 client reads the authority";

/** Scan one URL; never throws — an internal error becomes a denying finding. */
export async function scanUrl(url: string, policy: CompiledUrlPolicy, deps: UrlScanDeps): Promise<Finding[]> {
  return withDnsCheck(scanUrlOffline(url, policy, deps), policy, deps);
}

/** An offline scan's findings (copied) plus the DNS-backed SSRF check when it is due. */
export async function withDnsCheck(offline: OfflineUrlScan, policy: CompiledUrlPolicy, deps: Pick<UrlScanDeps, "resolver" | "signal">): Promise<Finding[]> {
  const findings = [...offline.findings];
  if (offline.lookup === undefined || !deps.resolver) return findings;
  try {
    findings.push(...(await resolvedSsrf(offline.lookup, policy, deps.resolver, deps.signal)));
  } catch (err) {
    findings.push(internalError(err));
  }
  return findings;
}

export interface OfflineUrlScan {
  readonly findings: Finding[];
  /** The host to resolve for the DNS-backed SSRF check, when one is due (nothing denied the URL yet). */
  readonly lookup?: string;
}

/** Every layer but DNS, synchronously; never throws. */
export function scanUrlOffline(url: string, policy: CompiledUrlPolicy, deps: UrlScanDeps): OfflineUrlScan {
  const findings: Finding[] = [];
  try {
    if (typeof url !== "string" || url.length === 0) return { findings: [invalid("the URL is empty or not a string")] };
    if (url.length > policy.maxUrlLength) {
      const finding = urlFinding("url.length", {
        message: `The URL is ${url.length} characters long, over the ${policy.maxUrlLength} limit: long URLs are a channel for bulk data`,
        location: "url",
        exempt: "fetch_proxy:\n  monitoring:\n    max_url_length: " + String(Math.max(url.length, policy.maxUrlLength * 2)),
      });
      return { findings: [finding] };
    }
    const result = parseUrl(url);
    if (!result.ok) return { findings: [invalid(result.reason)] };
    const parsed = result.parsed;
    // Fast path: a blocklisted (or, in strict mode, unlisted) host is denied whatever else the URL
    // holds, so the remaining layers are skipped (the reference exits here too).
    const listed = listFindings(parsed, policy);
    if (listed.length > 0) return { findings: listed };
    const site = parsed.host ? `${parsed.url.protocol}//${parsed.url.host}/*` : undefined;
    findings.push(...structuralFindings(url, parsed, policy, site));
    findings.push(...literalSsrf(hostReadings(parsed), policy));
    const { segments, params } = decodedParts(parsed);
    findings.push(...dlpFindings(parsed, segments, params, deps));
    findings.push(...entropyFindings({ host: parsed.host, isIp: parsed.ip !== undefined, segments, params, site }, policy));
    if (deps.rules) findings.push(...deps.rules(url));
    return shouldResolve(parsed, policy, findings) ? { findings, lookup: parsed.host } : { findings };
  } catch (err) {
    findings.push(internalError(err));
    return { findings };
  }
}

function internalError(err: unknown): Finding {
  return urlFinding("url.internal_error", {
    message: `The URL scanner failed (${clip(err instanceof Error ? err.message : String(err), 80)}); denied (fail closed)`,
    location: "url",
  });
}

function invalid(reason: string, excerpt?: string): Finding {
  return urlFinding("url.invalid", {
    message: `Invalid URL: ${reason}`,
    location: "url",
    ...(excerpt !== undefined ? { excerpt } : {}),
  });
}

/** Scheme, CR/LF, traversal, host shape and parser disagreement, userinfo. */
function structuralFindings(raw: string, parsed: ParsedUrl, policy: CompiledUrlPolicy, site: string | undefined): Finding[] {
  const out: Finding[] = [];
  if (parsed.repaired) out.push(invalid(`${parsed.repaired} (fetch clients reject it)`, clip(parsed.host)));
  if (!policy.allowedSchemes.has(parsed.scheme)) {
    out.push(
      urlFinding("url.scheme", {
        message: `Scheme "${clip(parsed.scheme, 20)}" is not allowed (allowed: ${[...policy.allowedSchemes].join(", ")})`,
        location: "url.scheme",
        excerpt: clip(parsed.scheme, 20),
        exempt: suppressSnippet("url.scheme", site),
      }),
    );
  }
  const crlf = findCrlf(raw);
  if (crlf) {
    out.push(urlFinding("url.crlf", { message: `The URL carries ${crlf}: a header-injection attempt`, location: "url", exempt: suppressSnippet("url.crlf", site) }));
  }
  const traversal = findPathTraversal(raw);
  if (traversal !== undefined) {
    out.push(
      urlFinding("url.path_traversal", {
        message: "The path climbs out of its directory with a `..` segment (possibly encoded)",
        location: "url.path",
        excerpt: clip(traversal, 40),
        exempt: suppressSnippet("url.path_traversal", site),
      }),
    );
  }
  if (parsed.host !== "" && !parsed.ip) {
    const problem = hostNameProblem(parsed.host);
    if (problem) out.push(invalid(problem, clip(parsed.host)));
  }
  if (parsed.rawHost !== undefined) {
    out.push(invalid(`parsers disagree on the host (fetch reads "${clip(parsed.host, 40)}", an RFC 3986 client reads "${clip(parsed.rawHost, 40)}")`));
  }
  const userinfo = userinfoFinding(parsed, site);
  if (userinfo) out.push(userinfo);
  return out;
}

/** Shortest bare user name treated as a possible token (no password, no dot). */
const TOKEN_LIKE_USERNAME = 16;

/**
 * Userinfo worth a finding: a password (a credential in the URL), a user name shaped like a host
 * (`https://trusted.example@evil.example/`, a disguise) or long enough to be a token. A short bare
 * user name (`https://me@git.example/`, as in many clone URLs) is left alone.
 */
function userinfoFinding(parsed: ParsedUrl, site: string | undefined): Finding | undefined {
  const { username, password } = parsed.url;
  if (username === "" && password === "") return undefined;
  const user = percentDecodeFully(username);
  let message: string;
  if (password !== "") message = "The URL embeds credentials (user:password@host); send them in a header the proxy can check instead";
  else if (user.includes(".")) message = "The URL has a host-like user name before `@`, a trick used to disguise the real host";
  else if (user.length >= TOKEN_LIKE_USERNAME) message = "The URL has a long user name before `@` that may be an access token";
  else return undefined;
  return urlFinding("url.userinfo", {
    message,
    location: "url.userinfo",
    excerpt: `${preview(user)}${password !== "" ? ":[password]" : ""}@`,
    exempt: suppressSnippet("url.userinfo", site),
  });
}

/** The host fetch connects to, plus the RFC 3986 reading when it differs and is a real host at all. */
function hostReadings(parsed: ParsedUrl): HostReading[] {
  const readings: HostReading[] = [{ host: parsed.host, how: "" }];
  const raw = parsed.rawHost;
  if (raw !== undefined && raw !== "" && !raw.includes("\\")) readings.push({ host: raw, how: RFC_READING });
  return readings;
}

/** Strict-mode allowlist and the blocklist, applied to every reading of the host. */
function listFindings(parsed: ParsedUrl, policy: CompiledUrlPolicy): Finding[] {
  const out: Finding[] = [];
  for (const { host, how } of hostReadings(parsed)) {
    if (host === "") continue;
    const note = how ? ` (${how})` : "";
    if (policy.strict && policy.allowlist.match(host) === undefined) {
      out.push(
        urlFinding("url.allowlist", {
          message: `Host ${clip(host, 60)}${note} is not on api_allowlist (strict mode allows only listed hosts)`,
          location: "url.host",
          excerpt: clip(host),
          exempt: allowlistSnippet(host),
        }),
      );
    }
    const blocked = policy.blocklist.match(host);
    if (blocked !== undefined) {
      out.push(
        urlFinding("url.blocklist", {
          message: `Host ${clip(host, 60)}${note} is on the blocklist (${JSON.stringify(blocked)})`,
          location: "url.host",
          excerpt: clip(host),
          exempt: blocklistSnippet(blocked),
        }),
      );
    }
  }
  return out;
}

interface DecodedParts {
  readonly segments: string[];
  readonly params: QueryParam[];
}

function decodedParts(parsed: ParsedUrl): DecodedParts {
  const segments = parsed.url.pathname
    .split("/")
    .filter((s) => s.length > 0)
    .map(percentDecodeFully);
  return { segments, params: splitQuery(parsed.url.search) };
}

/** Run the DLP hook over all parts; one finding per rule and excerpt (the most specific location wins). */
function dlpFindings(parsed: ParsedUrl, segments: readonly string[], params: readonly QueryParam[], deps: UrlScanDeps): Finding[] {
  const u = parsed.url;
  const userinfo = u.password !== "" ? `${percentDecodeFully(u.username)}:${percentDecodeFully(u.password)}` : percentDecodeFully(u.username);
  const parts = dlpParts({
    href: u.href,
    userinfo,
    hostName: parsed.ip ? "" : parsed.host,
    writtenHost: parsed.ip ? "" : percentDecodeFully(parsed.writtenHost),
    path: percentDecodeFully(u.pathname),
    segments,
    query: percentDecodeFully(u.search.slice(1)),
    params,
  });
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of deps.dlp(parts)) {
    const key = `${f.rule_id}\u0000${f.excerpt ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function shouldResolve(parsed: ParsedUrl, policy: CompiledUrlPolicy, findings: readonly Finding[]): boolean {
  if (parsed.host === "" || parsed.ip) return false;
  if (!policy.allowedSchemes.has(parsed.scheme)) return false;
  if (policy.trustedDomains.match(parsed.host) !== undefined) return false;
  return !findings.some((f) => f.action === "block");
}
