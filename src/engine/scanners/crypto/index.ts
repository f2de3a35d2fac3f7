/** @module Crypto protections: BIP-39 seed phrases, private keys (xprv, WIF, BIP-38, hex) and address poisoning. */
export { compileCryptoScanner, MAX_CRYPTO_FINDINGS, type CryptoScanContext, type CryptoScanner } from "./crypto-scanner.ts";
export {
  CHAINS,
  DEFAULT_ADDRESS_PROTECTION_SETTINGS,
  DEFAULT_CRYPTO_SETTINGS,
  DEFAULT_SEED_PHRASE_SETTINGS,
  SEED_LENGTHS,
  type AddressProtectionSettings,
  type Chain,
  type CryptoSettings,
  type PoisoningAction,
  type SeedLength,
  type SeedPhraseSettings,
  type UnknownAddressAction,
} from "./settings.ts";
export { RULE_IDS as CRYPTO_RULE_IDS } from "./crypto-findings.ts";
export { parseAddress, type ParsedAddress } from "./addresses.ts";
export { SEED_LANGUAGES, type SeedLanguage } from "./wordlists.ts";
