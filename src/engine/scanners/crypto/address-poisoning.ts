/**
 * @module Address poisoning: an attacker plants an address whose first and last characters match one
 * the user trusts, hoping it gets copied. An outgoing address that is not allowlisted but shares the
 * first `prefixLength` and last `suffixLength` characters of an allowlisted one's compare key (same
 * chain, same length, different middle) is a look-alike. Exact allowlisted addresses pass.
 */
import { parseAddress, type ParsedAddress } from "./addresses.ts";
import type { AddressProtectionSettings, Chain } from "./settings.ts";

export interface Lookalike {
  readonly kind: "lookalike";
  /** The allowlisted address it imitates. */
  readonly of: ParsedAddress;
  /** Share of equal positions, 0–1. */
  readonly score: number;
  /** Length of the common prefix / suffix of the compare keys. */
  readonly prefix: number;
  readonly suffix: number;
}

export type AddressVerdict = { readonly kind: "allowlisted" } | Lookalike | { readonly kind: "unknown" };

export interface AddressAllowlist {
  /** Allowlisted entries that could not be parsed (config validation should have caught them). */
  readonly rejected: readonly string[];
  readonly size: number;
  judge(address: ParsedAddress): AddressVerdict;
}

/** Compile the allowlist of enabled chains. */
export function compileAllowlist(settings: AddressProtectionSettings): AddressAllowlist {
  const byChain = new Map<Chain, ParsedAddress[]>();
  const exact = new Set<string>();
  const rejected: string[] = [];
  for (const raw of settings.allowedAddresses) {
    const parsed = parseAddress(raw.trim());
    if (parsed === undefined) {
      rejected.push(raw);
      continue;
    }
    if (!settings.chains[parsed.chain]) continue;
    exact.add(`${parsed.chain}:${parsed.key}`);
    const list = byChain.get(parsed.chain) ?? [];
    list.push(parsed);
    byChain.set(parsed.chain, list);
  }
  const pre = settings.prefixLength;
  const suf = settings.suffixLength;
  return {
    rejected,
    size: exact.size,
    judge(address) {
      if (exact.has(`${address.chain}:${address.key}`)) return { kind: "allowlisted" };
      let best: Lookalike | undefined;
      for (const trusted of byChain.get(address.chain) ?? []) {
        const verdict = compare(address.key, trusted, pre, suf);
        if (verdict !== undefined && (best === undefined || verdict.score > best.score)) best = verdict;
      }
      return best ?? { kind: "unknown" };
    },
  };
}

function compare(key: string, trusted: ParsedAddress, pre: number, suf: number): Lookalike | undefined {
  const other = trusted.key;
  if (key.length !== other.length || pre + suf >= key.length) return undefined;
  const prefix = commonPrefix(key, other);
  const suffix = commonSuffix(key, other);
  if (prefix < pre || suffix < suf) return undefined;
  return { kind: "lookalike", of: trusted, score: similarity(key, other), prefix, suffix };
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/** Share of positions holding the same character (0–1, two decimals). */
export function similarity(a: string, b: string): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return Math.round((same / a.length) * 100) / 100;
}
