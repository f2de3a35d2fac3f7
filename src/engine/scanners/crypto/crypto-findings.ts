/**
 * @module Findings of the crypto scanner. Secrets never appear: a seed phrase shows only its first
 * word, a key is masked by redactSecret; addresses (public values) are shortened to their ends.
 */
import { redactSecret, suppressSnippet, type ExemptScope } from "../../findings/index.ts";
import type { Finding, RuleAction, Severity } from "../../types.ts";
import type { ParsedAddress } from "./addresses.ts";
import type { PrivateKeyKind, PrivateKeyMatch } from "./private-keys.ts";
import type { SeedPhraseMatch } from "./seed-phrase.ts";

export const RULE_IDS = {
  seedPhrase: "crypto.bip39_seed_phrase",
  extendedPrivateKey: "crypto.extended_private_key",
  wifPrivateKey: "crypto.wif_private_key",
  bip38EncryptedKey: "crypto.bip38_encrypted_key",
  hexPrivateKey: "crypto.hex_private_key",
  addressPoisoning: "crypto.address_poisoning",
  addressBadChecksum: "crypto.address_bad_checksum",
  addressNotAllowlisted: "crypto.address_not_allowlisted",
} as const;

/** Unsecured credentials: private keys. */
const MITRE_KEYS = ["T1552.004"] as const;
/** Transmitted data manipulation (a swapped payee address). */
const MITRE_POISONING = ["T1565.002"] as const;
const OWASP_SECRETS = ["LLM02:2025"] as const;

export interface FindingContext {
  readonly location: string;
  readonly scope?: ExemptScope;
  /** How the text was encoded where the match was found (plaintext, url, base64, hex). */
  readonly encoding: string;
}

function base(ruleId: string, severity: Severity, action: RuleAction, message: string, excerpt: string, ctx: FindingContext, mitre: readonly string[]): Finding {
  const encoded = ctx.encoding !== "plaintext" ? ` (${ctx.encoding}-encoded)` : "";
  return {
    scanner: "dlp",
    rule_id: ruleId,
    severity,
    action,
    message: `${message}${encoded}`,
    location: ctx.location,
    excerpt,
    encoding: ctx.encoding,
    mitre,
    ...(mitre === MITRE_KEYS ? { owasp: OWASP_SECRETS } : {}),
    exempt: suppressSnippet(ruleId, ctx.scope),
  };
}

export function seedPhraseFinding(match: SeedPhraseMatch, ctx: FindingContext): Finding {
  const language = match.language.replace("_", " ");
  return base(
    RULE_IDS.seedPhrase, "critical", "block",
    `BIP-39 seed phrase detected (${match.words} words, ${language})`,
    `${match.firstWord} …[${match.words} words]`, ctx, MITRE_KEYS,
  );
}

const KEY_RULES: Readonly<Record<PrivateKeyKind, { readonly id: string; readonly name: string; readonly severity: Severity }>> = {
  extended_private_key: { id: RULE_IDS.extendedPrivateKey, name: "BIP-32 extended private key", severity: "critical" },
  wif_private_key: { id: RULE_IDS.wifPrivateKey, name: "Bitcoin private key (WIF)", severity: "critical" },
  bip38_encrypted_key: { id: RULE_IDS.bip38EncryptedKey, name: "BIP-38 encrypted private key", severity: "high" },
  hex_private_key: { id: RULE_IDS.hexPrivateKey, name: "Raw hex private key", severity: "critical" },
};

export function privateKeyFinding(match: PrivateKeyMatch, ctx: FindingContext): Finding {
  const rule = KEY_RULES[match.kind];
  return base(rule.id, rule.severity, "block", `${rule.name} detected (${match.detail})`, redactSecret(match.value), ctx, MITRE_KEYS);
}

/** `0x5aAe…BeAed`-style shortening: addresses are public, but the middle is what differs. */
export function shortAddress(text: string): string {
  return text.length <= 16 ? text : `${text.slice(0, 8)}…${text.slice(-6)}`;
}

export interface LookalikeDetails {
  readonly trusted: ParsedAddress;
  readonly score: number;
  readonly prefix: number;
  readonly suffix: number;
}

export function poisoningFinding(address: ParsedAddress, details: LookalikeDetails, action: RuleAction, ctx: FindingContext): Finding {
  const chain = address.chain.toUpperCase();
  const same = `first ${details.prefix} and last ${details.suffix} characters match`;
  if (!address.valid) {
    return base(
      RULE_IDS.addressBadChecksum, "medium", "warn",
      `${chain} address with an invalid checksum resembles allowlisted ${shortAddress(details.trusted.text)} (similarity ${details.score.toFixed(2)}, ${same})`,
      shortAddress(address.text), ctx, MITRE_POISONING,
    );
  }
  return base(
    RULE_IDS.addressPoisoning, "high", action,
    `${chain} address looks like allowlisted ${shortAddress(details.trusted.text)} but differs (similarity ${details.score.toFixed(2)}, ${same})`,
    shortAddress(address.text), ctx, MITRE_POISONING,
  );
}

export function unknownAddressFinding(address: ParsedAddress, action: RuleAction, ctx: FindingContext): Finding {
  return base(
    RULE_IDS.addressNotAllowlisted, "low", action,
    `${address.chain.toUpperCase()} address is not in address_protection.allowed_addresses`,
    shortAddress(address.text), ctx, MITRE_POISONING,
  );
}
