/**
 * @module Finding builders for the URL scanner: one table of rule defaults (severity, ATT&CK ids)
 * and the config snippets that would exempt each finding.
 */
import type { Finding, Severity } from "../../types.ts";

export type UrlRuleId =
  | "url.invalid"
  | "url.length"
  | "url.scheme"
  | "url.crlf"
  | "url.path_traversal"
  | "url.blocklist"
  | "url.allowlist"
  | "url.ssrf"
  | "url.dns_failure"
  | "url.path_entropy"
  | "url.query_entropy"
  | "url.subdomain_entropy"
  | "url.userinfo"
  | "url.internal_error";

interface RuleDefaults {
  readonly severity: Severity;
  readonly mitre?: readonly string[];
}

/** T1048 exfiltration over alternative protocol, T1567 over web service, T1090 proxy (SSRF pivot),
 *  T1552.005 cloud instance metadata API, T1190 exploiting a public-facing application, T1071.004 DNS. */
const RULES: Readonly<Record<UrlRuleId, RuleDefaults>> = {
  "url.invalid": { severity: "high" },
  "url.length": { severity: "medium", mitre: ["T1048"] },
  "url.scheme": { severity: "high", mitre: ["T1090"] },
  "url.crlf": { severity: "high", mitre: ["T1190"] },
  "url.path_traversal": { severity: "high", mitre: ["T1190"] },
  "url.blocklist": { severity: "high", mitre: ["T1567"] },
  "url.allowlist": { severity: "medium", mitre: ["T1048"] },
  "url.ssrf": { severity: "high", mitre: ["T1090"] },
  "url.dns_failure": { severity: "medium" },
  "url.path_entropy": { severity: "medium", mitre: ["T1048"] },
  "url.query_entropy": { severity: "medium", mitre: ["T1048"] },
  "url.subdomain_entropy": { severity: "medium", mitre: ["T1048", "T1071.004"] },
  "url.userinfo": { severity: "medium", mitre: ["T1552"] },
  "url.internal_error": { severity: "high" },
};

export interface FindingFields {
  readonly message: string;
  readonly location: string;
  readonly excerpt?: string;
  readonly exempt?: string;
  readonly severity?: Severity;
  readonly mitre?: readonly string[];
}

/** Build a `scanner: "url"` finding with the rule's defaults. */
export function urlFinding(rule: UrlRuleId, fields: FindingFields): Finding {
  const defaults = RULES[rule];
  const mitre = fields.mitre ?? defaults.mitre;
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
    scanner: "url",
    rule_id: rule,
    severity: fields.severity ?? defaults.severity,
    action: "block",
    message: fields.message,
    location: fields.location,
  };
  if (fields.excerpt !== undefined) finding.excerpt = fields.excerpt;
  if (mitre) finding.mitre = mitre;
  if (fields.exempt !== undefined) finding.exempt = fields.exempt;
  return finding;
}

/** First 4 characters and an ellipsis: enough to recognise a value, never enough to use it. */
export function preview(value: string): string {
  const chars = [...value];
  return chars.length <= 4 ? "…" : `${chars.slice(0, 4).join("")}…`;
}

/** Shorten a non-secret excerpt (a host, a path) for display. */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `suppress` entry for `rule` limited to one site, e.g. `https://host/*`. */
export function suppressSnippet(rule: UrlRuleId, site: string | undefined): string {
  const lines = ["suppress:", `  - rule: ${rule}`];
  if (site) lines.push(`    path: ${JSON.stringify(site)}`);
  return lines.join("\n");
}

export function ipAllowlistSnippet(address: string): string {
  const bits = address.includes(":") ? 128 : 32;
  return `ssrf:\n  ip_allowlist:\n    - ${address}/${bits}`;
}

export function trustedDomainSnippet(host: string): string {
  return `trusted_domains:\n  - ${JSON.stringify(host)}`;
}

export function blocklistSnippet(pattern: string): string {
  return `# remove ${JSON.stringify(pattern)} from fetch_proxy.monitoring.blocklist`;
}

export function allowlistSnippet(host: string): string {
  return `api_allowlist:\n  - ${JSON.stringify(host)}`;
}

export function entropyExclusionSnippet(host: string): string {
  const labels = host.split(".");
  const base = labels.length > 2 ? labels.slice(-2).join(".") : host;
  return `fetch_proxy:\n  monitoring:\n    subdomain_entropy_exclusions:\n      - ${JSON.stringify(`*.${base}`)}`;
}
