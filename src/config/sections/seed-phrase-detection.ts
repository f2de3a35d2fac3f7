/**
 * @module Config section `seed_phrase_detection` (reference key names): BIP-39 mnemonic detection,
 * on by default, 12 words and up, checksum verified.
 */
import * as v from "valibot";
import { SEED_LENGTHS, type SeedPhraseSettings } from "../../engine/scanners/crypto/index.ts";

export const SeedPhraseDetectionSchema = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  /** Shortest phrase reported: 12, 15, 18, 21 or 24. */
  min_words: v.optional(v.picklist(SEED_LENGTHS, "min_words must be 12, 15, 18, 21 or 24"), 12),
  verify_checksum: v.optional(v.boolean(), true),
});

export type SeedPhraseDetectionConfig = v.InferOutput<typeof SeedPhraseDetectionSchema>;

/** The section's defaults, as parsed from an empty mapping. */
export const DEFAULT_SEED_PHRASE_DETECTION: SeedPhraseDetectionConfig = v.parse(SeedPhraseDetectionSchema, {});

/** Config → engine settings. */
export function toSeedPhraseSettings(config: SeedPhraseDetectionConfig): SeedPhraseSettings {
  return { enabled: config.enabled, minWords: config.min_words, verifyChecksum: config.verify_checksum };
}
