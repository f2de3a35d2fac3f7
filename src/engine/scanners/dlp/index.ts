/** @module Data-loss prevention over text: normalization, decoding, split keys, canaries and environment secrets. */
export { scanTextDlp, type TextDlpContext } from "./scan-text-dlp.ts";
export { normalizeForDlp } from "./normalize-for-dlp.ts";
export { foldDlpConfusables } from "./confusables.ts";
export { splitRegions, spelledApartJoins } from "./split-regions.ts";
export { isNumberShaped, NUMBER_TRIGGERS } from "./number-shaped.ts";
export { decodeLayers, type DecodedText } from "./decode/index.ts";
export { ENV_LEAK_RULE_ID, CANARY_RULE_PREFIX, canaryRuleId } from "./secret-findings.ts";
export {
  compileSecretMatchers,
  selectEnvSecrets,
  DEFAULT_MIN_ENV_SECRET_LENGTH,
  type CompiledSecrets,
  type SecretHit,
  type SecretMatchersInput,
  type SecretValue,
} from "./secrets/index.ts";
