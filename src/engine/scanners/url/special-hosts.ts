/**
 * @module Host names that reach internal services without any DNS lookup we could check:
 * loopback names, cloud metadata names, local-only suffixes, single-label names, public names
 * known to resolve to loopback, and names that embed an internal address (nip.io style).
 */
import ipaddr from "ipaddr.js";
import { classifyAddress, type Cidr } from "./classify-address.ts";

export interface HostNameClass {
  readonly label: string;
  readonly metadata: boolean;
}

const LOOPBACK_NAME: HostNameClass = { label: "loopback name", metadata: false };
const METADATA_NAME: HostNameClass = { label: "cloud metadata name", metadata: true };

/** Exact names: /etc/hosts loopback aliases and cloud instance-metadata names. */
const EXACT: ReadonlyMap<string, HostNameClass> = new Map([
  ["localhost", LOOPBACK_NAME],
  ["localhost.localdomain", LOOPBACK_NAME],
  ["ip6-localhost", LOOPBACK_NAME],
  ["ip6-loopback", LOOPBACK_NAME],
  ["metadata.google.internal", METADATA_NAME],
  ["metadata.goog", METADATA_NAME],
  ["metadata", METADATA_NAME],
  ["instance-data", METADATA_NAME],
  ["instance-data.ec2.internal", METADATA_NAME],
  ["rancher-metadata", METADATA_NAME],
  ["metadata.tencentyun.com", METADATA_NAME],
  // Equinix Metal (formerly Packet) serves instance metadata from these public names.
  ["metadata.packet.net", METADATA_NAME],
  ["metadata.platformequinix.com", METADATA_NAME],
]);

/** Suffixes that never leave the local network (RFC 6761, RFC 6762, RFC 8375, ICANN .internal). */
const LOCAL_SUFFIXES: readonly (readonly [string, string])[] = [
  [".localhost", "loopback name (.localhost)"],
  [".local", "mDNS local-network name (.local)"],
  [".internal", "private-use name (.internal)"],
  [".home.arpa", "home-network name (.home.arpa)"],
  [".localdomain", "local domain name (.localdomain)"],
];

/** Public names (and all their subdomains) published to resolve to 127.0.0.1 / ::1 for local development. */
const LOOPBACK_ALIASES: readonly string[] = ["localtest.me", "lvh.me", "vcap.me", "localh.st", "lacolhost.com"];

const NAME_TOKEN_SPLIT = /[.-]/;
const OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
/** Tokens examined for an embedded address; longer names are checked on their first tokens only. */
const MAX_TOKENS = 64;

/** Classify a (canonical, non-IP) host name, or undefined when nothing about the name is internal. */
export function classifyHostName(host: string, extraInternal: readonly Cidr[]): HostNameClass | undefined {
  const exact = EXACT.get(host);
  if (exact) return exact;
  for (const [suffix, label] of LOCAL_SUFFIXES) {
    if (host.endsWith(suffix) || host === suffix.slice(1)) return { label, metadata: false };
  }
  if (!host.includes(".")) return { label: "single-label host name (resolved only on the local network)", metadata: false };
  for (const alias of LOOPBACK_ALIASES) {
    if (isNameOrSubdomain(host, alias)) return { label: `public name that resolves to loopback (${alias})`, metadata: false };
  }
  return hasFourDigits(host) ? embeddedInternalAddress(host, extraInternal) : undefined;
}

/** `host` is `name` or ends with `.name` (no allocation). */
function isNameOrSubdomain(host: string, name: string): boolean {
  if (!host.endsWith(name)) return false;
  return host.length === name.length || host.charCodeAt(host.length - name.length - 1) === 0x2e;
}

/** An embedded dotted quad needs at least four digits: names with fewer skip the token walk. */
function hasFourDigits(host: string): boolean {
  let digits = 0;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39 && ++digits >= 4) return true;
  }
  return false;
}

/**
 * Wildcard-DNS services (nip.io, sslip.io, rebinding helpers) resolve `a.b.c.d.service` or
 * `a-b-c-d.service` to a.b.c.d. Four consecutive decimal tokens that form an internal address mark
 * the name as internal before any lookup; public embedded addresses are left to DNS.
 */
function embeddedInternalAddress(host: string, extraInternal: readonly Cidr[]): HostNameClass | undefined {
  const tokens = host.split(NAME_TOKEN_SPLIT, MAX_TOKENS);
  for (let i = 0; i + 4 <= tokens.length; i++) {
    const quad = tokens.slice(i, i + 4);
    if (!quad.every((t) => OCTET.test(t) && Number(t) <= 255)) continue;
    const addr = new ipaddr.IPv4(quad.map(Number));
    const cls = classifyAddress(addr, extraInternal);
    if (cls.internal) {
      return { label: `name embedding ${addr.toString()} (${cls.label}), which wildcard DNS resolves to that address`, metadata: cls.metadata };
    }
  }
  return undefined;
}
