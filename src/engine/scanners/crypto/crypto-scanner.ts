/**
 * @module The crypto scanner's entry point: compiled once from {@link CryptoSettings}, then
 * `scan(text, ctx)` returns findings for seed phrases, private keys and poisoned addresses in one
 * text (a text subject, a tool-call argument string, a URL part). The text is normalized (invisible
 * characters, NFKC) and also looked at percent-decoded and, for secrets, inside base64/hex runs.
 */
import type { ExemptScope } from "../../findings/index.ts";
import { normalizeText, percentDecodeFully } from "../../normalize/index.ts";
import type { Finding } from "../../types.ts";
import { compileAllowlist, type AddressAllowlist } from "./address-poisoning.ts";
import { MAX_ADDRESS_CHARS, MIN_ADDRESS_CHARS, parseAddress } from "./addresses.ts";
import type { AlnumRun } from "./alnum-runs.ts";
import { poisoningFinding, privateKeyFinding, seedPhraseFinding, unknownAddressFinding, type FindingContext } from "./crypto-findings.ts";
import { decodeSegments, MAX_SEGMENT_CHARS, MAX_SEGMENTS, MIN_BASE64_CHARS } from "./encoded-segments.ts";
import { findPrivateKeys, MAX_KEY_CHARS, MIN_KEY_CHARS } from "./private-keys.ts";
import { compileSeedPhraseFinder, type SeedPhraseFinder } from "./seed-phrase.ts";
import type { CryptoSettings } from "./settings.ts";
import { passOverText, type PassLimits, type WordHits } from "./text-pass.ts";

/** Most findings one scan returns. */
export const MAX_CRYPTO_FINDINGS = 32;

/** One pass finds key/address candidates and encoded blobs. */
const RUN_LIMITS: PassLimits = {
  minAlnum: MIN_ADDRESS_CHARS,
  maxAlnum: Math.max(MAX_KEY_CHARS, MAX_ADDRESS_CHARS),
  minEncoded: MIN_BASE64_CHARS,
  maxEncoded: MAX_SEGMENT_CHARS,
  maxEncodedRuns: MAX_SEGMENTS,
};
const ADDRESS_ONLY_LIMITS: PassLimits = { ...RUN_LIMITS, minEncoded: 0 };
/** Decoded payloads are not decoded again (depth 1) and only hold secrets, not addresses. */
const SEGMENT_LIMITS: PassLimits = { ...RUN_LIMITS, minAlnum: MIN_KEY_CHARS, maxAlnum: MAX_KEY_CHARS, minEncoded: 0 };

export interface CryptoScanContext {
  /** Where the text came from (`text`, `arguments.content`, `url.query.addr`, …). */
  readonly location: string;
  readonly scope?: ExemptScope;
}

export interface CryptoScanner {
  readonly settings: CryptoSettings;
  /** Allowlist entries that are not recognisable addresses (ignored). */
  readonly rejectedAllowlistEntries: readonly string[];
  scan(text: string, ctx: CryptoScanContext): Finding[];
}

/** Compile the scanner; everything expensive (wordlists, allowlist) happens here, once. */
export function compileCryptoScanner(settings: CryptoSettings): CryptoScanner {
  const seeds = settings.seedPhrase.enabled ? compileSeedPhraseFinder(settings.seedPhrase) : undefined;
  const keys = settings.privateKeys.enabled;
  const allowlist = settings.addressProtection.enabled ? compileAllowlist(settings.addressProtection) : undefined;
  const addresses = allowlist !== undefined && allowlist.size > 0 ? allowlist : undefined;
  return {
    settings,
    rejectedAllowlistEntries: allowlist?.rejected ?? [],
    scan(text, ctx) {
      if (text.length === 0 || (seeds === undefined && !keys && addresses === undefined)) return [];
      const sink = new FindingSink();
      const plain = normalizeText(text);
      const variants: { text: string; encoding: string }[] = [{ text: plain, encoding: "plaintext" }];
      if (plain.includes("%")) {
        const decoded = normalizeText(percentDecodeFully(plain));
        if (decoded !== plain) variants.push({ text: decoded, encoding: "url" });
      }
      const secrets = seeds !== undefined || keys;
      for (const variant of variants) {
        const fctx: FindingContext = { location: ctx.location, scope: ctx.scope, encoding: variant.encoding };
        const pass = passOverText(variant.text, seeds?.lexicon, secrets ? RUN_LIMITS : ADDRESS_ONLY_LIMITS);
        scanSecrets(variant.text, pass.hits, pass.alnum, seeds, keys, fctx, sink);
        if (addresses !== undefined) scanAddresses(variant.text, pass.alnum, addresses, settings, fctx, sink);
        for (const segment of decodeSegments(variant.text, pass.encoded)) {
          const decoded = normalizeText(segment.text);
          const inner = passOverText(decoded, seeds?.lexicon, SEGMENT_LIMITS);
          scanSecrets(decoded, inner.hits, inner.alnum, seeds, keys, { ...fctx, encoding: segment.encoding }, sink);
        }
      }
      return sink.findings;
    },
  };
}

function scanSecrets(
  text: string, hits: WordHits, runs: readonly AlnumRun[], seeds: SeedPhraseFinder | undefined, keys: boolean, ctx: FindingContext, sink: FindingSink,
): void {
  if (seeds !== undefined) for (const m of seeds.findInHits(text, hits)) sink.add(seedPhraseFinding(m, ctx), text.slice(m.start, m.end).toLowerCase());
  if (keys) for (const m of findPrivateKeys(text, runs)) sink.add(privateKeyFinding(m, ctx), m.value);
}

function scanAddresses(text: string, runs: readonly AlnumRun[], allowlist: AddressAllowlist, settings: CryptoSettings, ctx: FindingContext, sink: FindingSink): void {
  const protection = settings.addressProtection;
  for (const run of runs) {
    if (run.end - run.start > MAX_ADDRESS_CHARS) continue;
    const address = parseAddress(text.slice(run.start, run.end));
    if (address === undefined || !protection.chains[address.chain]) continue;
    const verdict = allowlist.judge(address);
    if (verdict.kind === "lookalike") sink.add(poisoningFinding(address, { trusted: verdict.of, score: verdict.score, prefix: verdict.prefix, suffix: verdict.suffix }, protection.action, ctx), address.key);
    else if (verdict.kind === "unknown" && address.valid && protection.unknownAction !== "allow") sink.add(unknownAddressFinding(address, protection.unknownAction, ctx), address.key);
  }
}

/**
 * Collects findings, dropping repeats (same rule, same matched value, e.g. found both plain and
 * decoded) and stopping at the cap. The matched values live only in this per-scan set.
 */
class FindingSink {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();

  add(finding: Finding, identity: string): void {
    if (this.findings.length >= MAX_CRYPTO_FINDINGS) return;
    const key = `${finding.rule_id}\u0000${identity}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push(finding);
  }
}
