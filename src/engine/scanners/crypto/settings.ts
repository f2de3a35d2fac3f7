/**
 * @module Plain settings of the crypto scanner (seed phrases, private keys, address poisoning) and
 * their defaults. Config sections map onto this shape; the scanner never sees YAML.
 */

/** Word counts a BIP-39 mnemonic can have. */
export const SEED_LENGTHS = [12, 15, 18, 21, 24] as const;
export type SeedLength = (typeof SEED_LENGTHS)[number];

/** Chains whose addresses the poisoning check understands. */
export const CHAINS = ["eth", "btc", "sol", "bnb"] as const;
export type Chain = (typeof CHAINS)[number];

export type PoisoningAction = "block" | "warn" | "ask";
export type UnknownAddressAction = "allow" | PoisoningAction;

export interface SeedPhraseSettings {
  readonly enabled: boolean;
  /** Shortest phrase reported; one of {@link SEED_LENGTHS}. */
  readonly minWords: SeedLength;
  /** Require a valid BIP-39 checksum (cuts random-word matches 16× to 256×). */
  readonly verifyChecksum: boolean;
}

export interface AddressProtectionSettings {
  readonly enabled: boolean;
  /** Action for a look-alike of an allowlisted address. */
  readonly action: PoisoningAction;
  /** Action for a valid address that is neither allowlisted nor a look-alike. */
  readonly unknownAction: UnknownAddressAction;
  readonly allowedAddresses: readonly string[];
  readonly chains: Readonly<Record<Chain, boolean>>;
  /** Characters compared at the start / end of an address's compare key. */
  readonly prefixLength: number;
  readonly suffixLength: number;
}

export interface CryptoSettings {
  readonly seedPhrase: SeedPhraseSettings;
  /** xprv/tprv/yprv/zprv, WIF, BIP-38 and raw hex private keys. */
  readonly privateKeys: { readonly enabled: boolean };
  readonly addressProtection: AddressProtectionSettings;
}

export const DEFAULT_SEED_PHRASE_SETTINGS: SeedPhraseSettings = { enabled: true, minWords: 12, verifyChecksum: true };

export const DEFAULT_ADDRESS_PROTECTION_SETTINGS: AddressProtectionSettings = {
  enabled: false,
  action: "block",
  unknownAction: "allow",
  allowedAddresses: [],
  chains: { eth: true, btc: true, sol: false, bnb: true },
  prefixLength: 4,
  suffixLength: 4,
};

export const DEFAULT_CRYPTO_SETTINGS: CryptoSettings = {
  seedPhrase: DEFAULT_SEED_PHRASE_SETTINGS,
  privateKeys: { enabled: true },
  addressProtection: DEFAULT_ADDRESS_PROTECTION_SETTINGS,
};
