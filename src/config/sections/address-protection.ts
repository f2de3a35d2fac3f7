/**
 * @module Config section `address_protection` (reference key names): flag outgoing blockchain
 * addresses that imitate an allowlisted one. Off by default and inert while `allowed_addresses` is
 * empty. Every allowlisted entry must be a recognisable ETH/BTC/BNB/SOL address with a valid
 * checksum, so a typo in the list is a load error rather than a silently trusted wrong address.
 */
import * as v from "valibot";
import { CHAINS, parseAddress, type AddressProtectionSettings } from "../../engine/scanners/crypto/index.ts";

const MAX_AFFIX_CHARS = 16;
const affix = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_AFFIX_CHARS));

const AllowedAddress = v.pipe(
  v.string(),
  v.check((s) => parseAddress(s.trim()) !== undefined, "not a recognised ETH (0x…), BTC (1…/3…/bc1…), BNB (bnb1…) or SOL address"),
  v.check((s) => parseAddress(s.trim())?.valid !== false, "address checksum is invalid (typo?)"),
);

const Chains = v.strictObject({
  eth: v.optional(v.boolean(), true),
  btc: v.optional(v.boolean(), true),
  /** Off by default: 32-byte base58 strings are common outside Solana. */
  sol: v.optional(v.boolean(), false),
  bnb: v.optional(v.boolean(), true),
});

const Similarity = v.strictObject({
  prefix_length: v.optional(affix, 4),
  suffix_length: v.optional(affix, 4),
});

export const AddressProtectionSchema = v.strictObject({
  enabled: v.optional(v.boolean(), false),
  /** Action for a look-alike of an allowlisted address. */
  action: v.optional(v.picklist(["block", "warn", "ask"]), "block"),
  /** Action for a valid address that is not allowlisted and not a look-alike. */
  unknown_action: v.optional(v.picklist(["allow", "warn", "ask", "block"]), "allow"),
  allowed_addresses: v.optional(v.array(AllowedAddress), []),
  chains: v.optional(Chains, {}),
  similarity: v.optional(Similarity, {}),
});

export type AddressProtectionConfig = v.InferOutput<typeof AddressProtectionSchema>;

/** The section's defaults, as parsed from an empty mapping. */
export const DEFAULT_ADDRESS_PROTECTION: AddressProtectionConfig = v.parse(AddressProtectionSchema, {});

/** Config → engine settings. */
export function toAddressProtectionSettings(config: AddressProtectionConfig): AddressProtectionSettings {
  const chains = Object.fromEntries(CHAINS.map((c) => [c, config.chains[c]])) as Record<(typeof CHAINS)[number], boolean>;
  return {
    enabled: config.enabled,
    action: config.action,
    unknownAction: config.unknown_action,
    allowedAddresses: config.allowed_addresses.map((a) => a.trim()),
    chains,
    prefixLength: config.similarity.prefix_length,
    suffixLength: config.similarity.suffix_length,
  };
}
