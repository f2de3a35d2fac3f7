/**
 * @module SSRF: internal destinations, whether written as an IP literal (any spelling), implied by
 * the host name itself, or returned by DNS. Every resolved address must be public; a failed or
 * empty lookup denies (fail closed).
 */
import type { Finding, Resolver } from "../../types.ts";
import { classifyAddress, inAnyCidr, type AddressClass, type IpAddress } from "./classify-address.ts";
import { clip, ipAllowlistSnippet, trustedDomainSnippet, urlFinding } from "./findings.ts";
import { parseIpAddress } from "./ip-literal.ts";
import type { CompiledUrlPolicy } from "./policy.ts";
import { classifyHostName } from "./special-hosts.ts";

/** Resolved addresses examined per lookup; a longer answer is itself suspicious and is cut here. */
const MAX_ADDRESSES = 64;
const METADATA_MITRE = ["T1552.005", "T1090"] as const;

export interface HostReading {
  readonly host: string;
  /** How this reading of the URL came about, e.g. "as an RFC 3986 client reads the authority"; "" for the fetch reading. */
  readonly how: string;
}

/** SSRF findings for hosts known without DNS: IP literals and internal-by-name hosts. */
export function literalSsrf(hosts: readonly HostReading[], policy: CompiledUrlPolicy): Finding[] {
  const findings: Finding[] = [];
  for (const { host, how } of hosts) {
    if (host === "") continue;
    const note = how ? ` (${how})` : "";
    const ip = asIp(host);
    if (ip) {
      const cls = classifyAddress(ip, policy.internal);
      if (cls.internal && !inAnyCidr(ip, policy.ipAllowlist)) {
        findings.push(addressFinding(ip, cls, `Destination ${ip.toString()}${note} is ${cls.label}`, host));
      }
      continue;
    }
    if (policy.trustedDomains.match(host) !== undefined) continue;
    const named = classifyHostName(host, policy.internal);
    if (!named) continue;
    findings.push(
      urlFinding("url.ssrf", {
        message: `Destination ${clip(host, 60)}${note} is a ${named.label}: internal services are not reachable through the proxy`,
        location: "url.host",
        excerpt: clip(host),
        exempt: trustedDomainSnippet(host),
        ...(named.metadata ? { severity: "critical" as const, mitre: METADATA_MITRE } : {}),
      }),
    );
  }
  return findings;
}

/** Resolve `host` and check every address; resolver failure or an empty answer denies. */
export async function resolvedSsrf(host: string, policy: CompiledUrlPolicy, resolver: Resolver, signal: AbortSignal | undefined): Promise<Finding[]> {
  let answer: readonly string[];
  try {
    answer = await withAbort(resolver.resolve(host, signal), signal);
  } catch (err) {
    const why = signal?.aborted ? "the lookup was canceled" : `the lookup failed (${clip(errorText(err), 60)})`;
    return [dnsFailure(host, why)];
  }
  if (!Array.isArray(answer) || answer.length === 0) return [dnsFailure(host, "the lookup returned no addresses")];
  const findings: Finding[] = [];
  for (const text of answer.slice(0, MAX_ADDRESSES)) {
    const ip = typeof text === "string" ? asIp(text) : undefined;
    if (!ip) return [dnsFailure(host, "the lookup returned something that is not an IP address")];
    const cls = classifyAddress(ip, policy.internal);
    if (cls.internal && !inAnyCidr(ip, policy.ipAllowlist)) {
      findings.push(addressFinding(ip, cls, `Destination ${clip(host, 60)} resolves to ${ip.toString()}, which is ${cls.label}`, host));
    }
  }
  return findings;
}

function addressFinding(ip: IpAddress, cls: AddressClass, what: string, host: string): Finding {
  const address = ip.toString();
  return urlFinding("url.ssrf", {
    message: `${what}: internal addresses are not reachable through the proxy`,
    location: "url.host",
    excerpt: clip(host === address ? address : `${host} → ${address}`),
    exempt: ipAllowlistSnippet(address),
    ...(cls.metadata ? { severity: "critical" as const, mitre: METADATA_MITRE } : {}),
  });
}

function dnsFailure(host: string, why: string): Finding {
  return urlFinding("url.dns_failure", {
    message: `Cannot check where ${clip(host, 60)} points: ${why}; denied (fail closed)`,
    location: "url.host",
    excerpt: clip(host),
    exempt: trustedDomainSnippet(host),
  });
}

function asIp(host: string): IpAddress | undefined {
  return parseIpAddress(host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** Settle with `promise`, or reject as soon as `signal` aborts. */
function withAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new Error("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
