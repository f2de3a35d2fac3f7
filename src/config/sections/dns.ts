/**
 * @module Config section `dns` (ours): fixed answers for named hosts, consulted before system DNS.
 * Every answer still goes through the SSRF check, so a mapping to an internal address is denied
 * like any other; `system: false` makes unmapped names fail, and a failed lookup denies. Neither
 * key can make a destination reachable that the policy would refuse.
 */
import { isIP } from "node:net";
import * as v from "valibot";

/** Names in the table; a hosts file is not a place for bulk data. */
export const MAX_STATIC_HOSTS = 1024;

const Address = v.pipe(v.string(), v.check((s) => isIP(s) !== 0, "must be an IPv4 or IPv6 address"));

export const DnsSection = v.strictObject({
  static_hosts: v.optional(
    v.pipe(
      v.record(v.pipe(v.string(), v.regex(/^[A-Za-z0-9.-]+$/, "must be a host name")), v.pipe(v.array(Address), v.minLength(1), v.maxLength(16))),
      v.check((r) => Object.keys(r).length <= MAX_STATIC_HOSTS, `at most ${MAX_STATIC_HOSTS} names`),
    ),
    {},
  ),
  /** false: only static_hosts answer; any other name fails to resolve (and is denied). */
  system: v.optional(v.boolean(), true),
});

export type DnsConfig = v.InferOutput<typeof DnsSection>;
export const DNS_DEFAULT: DnsConfig = v.parse(DnsSection, {});
