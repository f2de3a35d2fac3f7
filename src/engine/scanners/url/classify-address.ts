/**
 * @module Is an address internal? Anything that is not globally routable unicast is: loopback,
 * private, link-local (cloud metadata), CGNAT, unspecified, multicast, broadcast, reserved,
 * benchmarking, documentation, ULA, and IPv6 forms that embed an internal IPv4 address.
 */
import ipaddr from "ipaddr.js";

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;
export type Cidr = readonly [IpAddress, number];

export interface AddressClass {
  /** True when the address must not be reached from the proxy. */
  readonly internal: boolean;
  /** Human name of the class, e.g. `loopback`, `IPv4-mapped IPv6 loopback`. */
  readonly label: string;
  /** True for well-known cloud instance metadata endpoints. */
  readonly metadata: boolean;
}

const PUBLIC: AddressClass = { internal: false, label: "public", metadata: false };

/** Instance-metadata endpoints of the major clouds (AWS, ECS/EKS, Alibaba, Oracle, Tencent, AWS IPv6). */
const METADATA_ADDRESSES = new Set([
  "169.254.169.254",
  "169.254.170.2",
  "169.254.170.23",
  "169.254.0.23",
  "100.100.100.200",
  "192.0.0.192",
  "fd00:ec2::254",
  "fd00:ec2::23",
]);

const V4_LABELS: Readonly<Record<string, string>> = {
  unspecified: "unspecified (0.0.0.0/8)",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "link-local",
  loopback: "loopback",
  carrierGradeNat: "carrier-grade NAT (100.64.0.0/10)",
  private: "private (RFC 1918)",
};

/** Ranges ipaddr.js files under `reserved`, named more precisely. */
const V4_RESERVED: readonly (readonly [string, string])[] = [
  ["192.0.0.0/24", "IETF protocol assignments (192.0.0.0/24)"],
  ["192.0.2.0/24", "documentation (TEST-NET-1)"],
  ["198.51.100.0/24", "documentation (TEST-NET-2)"],
  ["203.0.113.0/24", "documentation (TEST-NET-3)"],
  ["198.18.0.0/15", "benchmarking (198.18.0.0/15)"],
  ["192.88.99.0/24", "6to4 relay anycast (192.88.99.0/24)"],
  ["240.0.0.0/4", "reserved (240.0.0.0/4)"],
];
const V4_RESERVED_PARSED = V4_RESERVED.map(([cidr, label]) => [ipaddr.IPv4.parseCIDR(cidr), label] as const);

/** Globally routable anycast services that ipaddr.js names separately; they are public. */
const PUBLIC_RANGES = new Set(["unicast", "as112", "amt", "as112v6"]);

const V6_LABELS: Readonly<Record<string, string>> = {
  unspecified: "unspecified (::)",
  loopback: "loopback (::1)",
  linkLocal: "link-local (fe80::/10)",
  uniqueLocal: "unique local (fc00::/7)",
  multicast: "multicast",
  deprecatedSiteLocal: "site-local (fec0::/10)",
  discard: "discard-only (100::/64)",
  benchmarking: "benchmarking (2001:2::/48)",
  reserved: "reserved or documentation",
  deprecatedOrchid: "ORCHID (non-routable)",
  orchid2: "ORCHIDv2 (non-routable)",
  droneRemoteIdProtocolEntityTags: "DRIP entity tags (non-routable)",
  segmentRouting: "segment routing SIDs (5f00::/16)",
};

/** Classify one address by its built-in class, then by the configured extra internal ranges. */
export function classifyAddress(addr: IpAddress, extraInternal: readonly Cidr[] = []): AddressClass {
  const builtin = addr.kind() === "ipv4" ? classifyV4(addr as ipaddr.IPv4) : classifyV6(addr as ipaddr.IPv6);
  if (builtin.internal) return builtin;
  for (const candidate of withEmbedded(addr)) {
    const hit = extraInternal.find((cidr) => inCidr(candidate, cidr));
    if (hit) return { internal: true, label: `configured internal range ${cidrText(hit)}`, metadata: false };
  }
  return builtin;
}

/** True when the address (or the IPv4 address it embeds) lies in one of `cidrs`. */
export function inAnyCidr(addr: IpAddress, cidrs: readonly Cidr[]): boolean {
  return withEmbedded(addr).some((candidate) => cidrs.some((cidr) => inCidr(candidate, cidr)));
}

export function cidrText(cidr: Cidr): string {
  return `${cidr[0].toString()}/${cidr[1]}`;
}

function inCidr(addr: IpAddress, cidr: Cidr): boolean {
  if (addr.kind() !== cidr[0].kind()) return false;
  return addr.match(cidr as [IpAddress, number]);
}

function classifyV4(addr: ipaddr.IPv4): AddressClass {
  const range = addr.range();
  if (PUBLIC_RANGES.has(range)) return PUBLIC;
  const metadata = METADATA_ADDRESSES.has(addr.toString());
  let label = V4_LABELS[range];
  if (label === undefined) label = V4_RESERVED_PARSED.find(([cidr]) => addr.match(cidr))?.[1] ?? `reserved (${range})`;
  return { internal: true, label: metadata ? `cloud metadata (${label})` : label, metadata };
}

function classifyV6(addr: ipaddr.IPv6): AddressClass {
  const embedded = embeddedIpv4(addr);
  if (embedded) {
    const inner = classifyV4(embedded.v4);
    if (inner.internal) return { internal: true, label: `${embedded.form} ${inner.label}`, metadata: inner.metadata };
    if (embedded.localOnly) return { internal: true, label: `${embedded.form} (local-use prefix)`, metadata: false };
    return PUBLIC;
  }
  const range = addr.range();
  const metadata = METADATA_ADDRESSES.has(addr.toString());
  if (PUBLIC_RANGES.has(range)) {
    // Global unicast is 2000::/3; anything else ipaddr.js calls "unicast" is unallocated.
    const first = addr.parts[0]!;
    if (first >= 0x2000 && first <= 0x3fff) return PUBLIC;
    return { internal: true, label: "reserved (outside global unicast 2000::/3)", metadata: false };
  }
  const label = V6_LABELS[range] ?? `reserved (${range})`;
  return { internal: true, label: metadata ? `cloud metadata (${label})` : label, metadata };
}

interface Embedded {
  readonly v4: ipaddr.IPv4;
  readonly form: string;
  /** The prefix itself is not globally routable (NAT64 local-use). */
  readonly localOnly: boolean;
}

/** The IPv4 address an IPv6 transition form carries, if any. */
export function embeddedIpv4(addr: ipaddr.IPv6): Embedded | undefined {
  const p = addr.parts;
  const low = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && p[5] === 0xffff) return { v4: low(p[6]!, p[7]!), form: "IPv4-mapped IPv6", localOnly: false };
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return { v4: low(p[6]!, p[7]!), form: "IPv4-translated IPv6", localOnly: false };
  if (zeros(0, 6) && (p[6] !== 0 || p[7]! > 1)) return { v4: low(p[6]!, p[7]!), form: "IPv4-compatible IPv6", localOnly: false };
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return { v4: low(p[6]!, p[7]!), form: "NAT64 IPv6", localOnly: false };
  // 64:ff9b:1::/48 (RFC 8215, local use): read the /96 position, which local NAT64 setups use.
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 1) return { v4: low(p[6]!, p[7]!), form: "NAT64 IPv6", localOnly: true };
  if (p[0] === 0x2002) return { v4: low(p[1]!, p[2]!), form: "6to4 IPv6", localOnly: false };
  if (p[0] === 0x2001 && p[1] === 0) {
    // Teredo: the client address is stored inverted in the last 32 bits.
    return { v4: low(~p[6]! & 0xffff, ~p[7]! & 0xffff), form: "Teredo IPv6", localOnly: false };
  }
  return undefined;
}

function withEmbedded(addr: IpAddress): IpAddress[] {
  if (addr.kind() === "ipv4") return [addr];
  const embedded = embeddedIpv4(addr as ipaddr.IPv6);
  return embedded ? [addr, embedded.v4] : [addr];
}
