/**
 * @module The URL policy: plain config values in, a frozen compiled form out (parsed CIDRs,
 * domain matchers). Compiled once per config load; bad entries fail the load with a TypeError.
 */
import ipaddr from "ipaddr.js";
import type { Cidr } from "./classify-address.ts";
import { compileDomainList, type DomainList } from "./domain-match.ts";

export interface UrlPolicyConfig {
  /** strict: `allowlist` (api_allowlist) is enforced. */
  readonly mode: "strict" | "balanced" | "audit";
  /** Longest URL accepted, checked before any other work (default 2048). */
  readonly maxUrlLength: number;
  /** Shannon-entropy limit for path segments and query keys/values of 20+ characters (default 4.5). */
  readonly entropyThreshold: number;
  /** Entropy limit for subdomain labels of 8+ characters (default 4.0). */
  readonly subdomainEntropyThreshold: number;
  /** Hosts (wildcards) whose subdomains and path segments skip the entropy checks. */
  readonly subdomainEntropyExclusions: readonly string[];
  readonly blocklist: readonly string[];
  /** api_allowlist; enforced only in strict mode. */
  readonly allowlist: readonly string[];
  /** Extra CIDRs treated as internal, on top of the built-in classification. */
  readonly internal: readonly string[];
  /** CIDRs exempt from the SSRF check (ssrf.ip_allowlist). */
  readonly ipAllowlist: readonly string[];
  /** Host names whose addresses are not SSRF-checked. */
  readonly trustedDomains: readonly string[];
  /** Allowed schemes, lowercase without `:` (doors map ws→http, wss→https first). */
  readonly allowedSchemes: readonly string[];
}

export interface CompiledUrlPolicy {
  readonly strict: boolean;
  readonly maxUrlLength: number;
  readonly entropyThreshold: number;
  readonly subdomainEntropyThreshold: number;
  readonly entropyExclusions: DomainList;
  readonly blocklist: DomainList;
  readonly allowlist: DomainList;
  readonly trustedDomains: DomainList;
  readonly internal: readonly Cidr[];
  readonly ipAllowlist: readonly Cidr[];
  readonly allowedSchemes: ReadonlySet<string>;
}

const SCHEME = /^[a-z][a-z0-9+.-]*$/;
const TRAILING_COLON = /:$/;

/** Compile the URL policy; throws TypeError naming the first bad CIDR, domain or value. */
export function compileUrlPolicy(cfg: UrlPolicyConfig): CompiledUrlPolicy {
  if (cfg === null || typeof cfg !== "object") throw new TypeError("url policy: expected an object");
  const schemes = new Set<string>();
  for (const s of cfg.allowedSchemes ?? ["http", "https"]) {
    const scheme = String(s).toLowerCase().replace(TRAILING_COLON, "");
    if (!SCHEME.test(scheme)) throw new TypeError(`allowed schemes: "${s}" is not a URL scheme`);
    schemes.add(scheme);
  }
  return Object.freeze({
    strict: cfg.mode === "strict",
    maxUrlLength: positive(cfg.maxUrlLength, "fetch_proxy.monitoring.max_url_length", 2048),
    entropyThreshold: positive(cfg.entropyThreshold, "fetch_proxy.monitoring.entropy_threshold", 4.5),
    subdomainEntropyThreshold: positive(cfg.subdomainEntropyThreshold, "fetch_proxy.monitoring.subdomain_entropy_threshold", 4.0),
    entropyExclusions: compileDomainList(cfg.subdomainEntropyExclusions ?? [], "fetch_proxy.monitoring.subdomain_entropy_exclusions"),
    blocklist: compileDomainList(cfg.blocklist ?? [], "fetch_proxy.monitoring.blocklist"),
    allowlist: compileDomainList(cfg.allowlist ?? [], "api_allowlist"),
    trustedDomains: compileDomainList(cfg.trustedDomains ?? [], "trusted_domains"),
    internal: Object.freeze(compileCidrs(cfg.internal ?? [], "internal", true)),
    ipAllowlist: Object.freeze(compileCidrs(cfg.ipAllowlist ?? [], "ssrf.ip_allowlist", false)),
    allowedSchemes: schemes,
  });
}

function positive(value: number, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new TypeError(`${field}: must be a positive number, got ${String(value)}`);
  return value;
}

/** Parse CIDRs (a bare address means /32 or /128); reject host bits and, for allowlists, /0. */
function compileCidrs(entries: readonly string[], field: string, allowZero: boolean): Cidr[] {
  const out: Cidr[] = [];
  for (const entry of entries) {
    const text = String(entry).trim();
    let cidr: [ipaddr.IPv4 | ipaddr.IPv6, number];
    try {
      cidr = text.includes("/") ? ipaddr.parseCIDR(text) : bareAddress(text);
    } catch {
      throw new TypeError(`${field}: "${entry}" is not a CIDR (expected e.g. 10.0.0.0/8 or fd00::/8)`);
    }
    const [addr, bits] = cidr;
    const spec = `${addr.toString()}/${bits}`;
    const network = addr.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(spec) : ipaddr.IPv6.networkAddressFromCIDR(spec);
    if (network.toString() !== addr.toString()) {
      throw new TypeError(`${field}: "${entry}" has host bits set; did you mean ${network.toString()}/${bits}?`);
    }
    if (bits === 0 && !allowZero) throw new TypeError(`${field}: "${entry}" would exempt every address`);
    out.push(Object.freeze([addr, bits] as const));
  }
  return out;
}

function bareAddress(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const addr = ipaddr.parse(text);
  return [addr, addr.kind() === "ipv4" ? 32 : 128];
}
