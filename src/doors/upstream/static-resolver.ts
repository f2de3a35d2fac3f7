/**
 * @module `dns.static_hosts`: fixed answers for named hosts (like /etc/hosts, but only for pipelock),
 * in front of the system resolver. The answers are checked by the SSRF layer like any DNS answer, so
 * a mapping can never make an internal address reachable; `dns.system: false` turns every unmapped
 * name into a resolver failure, which denies (used by air-gapped setups and the end-to-end tests).
 */
import { isIP } from "node:net";
import type { Resolver } from "../../engine/index.ts";

export interface StaticHostsOptions {
  /** host (lowercase, no trailing dot) → IP literals. */
  readonly hosts: Readonly<Record<string, readonly string[]>>;
  /** Resolver for unmapped names; undefined = unmapped names fail (deny). */
  readonly fallback: Resolver | undefined;
}

/** A resolver answering mapped names from the table and everything else from `fallback`. */
export function staticHostsResolver(options: StaticHostsOptions): Resolver {
  const table = new Map<string, readonly string[]>();
  for (const [name, addresses] of Object.entries(options.hosts)) {
    const bad = addresses.find((a) => isIP(a) === 0);
    if (bad !== undefined) throw new TypeError(`dns.static_hosts.${name}: "${bad}" is not an IP address`);
    if (addresses.length === 0) throw new TypeError(`dns.static_hosts.${name}: needs at least one address`);
    table.set(normalize(name), Object.freeze([...addresses]));
  }
  const fallback = options.fallback;
  return {
    async resolve(host: string, signal?: AbortSignal): Promise<readonly string[]> {
      const mapped = table.get(normalize(host));
      if (mapped) return mapped;
      if (!fallback) throw new Error(`${host} is not in dns.static_hosts and system DNS is off (dns.system: false)`);
      return fallback.resolve(host, signal);
    },
  };
}

function normalize(host: string): string {
  return host.toLowerCase().replace(/\.$/, "");
}
