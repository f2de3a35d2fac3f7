/**
 * @module Generic (fallback) rules judge a value by its entropy, which base64 or hex inflates: a
 * Kubernetes Secret's `password: Y2hhbmdlbWU=` looks random but is `changeme`. When the value a
 * fallback rule caught is itself base64 or hex of printable text, the rule's entropy gate and a
 * placeholder check are applied to the decoded text instead; a real encoded password still passes.
 */
import type { RuleMatch } from "../../match/rule-set.ts";
import { shannonEntropy } from "../../match/entropy.ts";
import { decodeBase64, decodeHex } from "../../normalize/codecs/index.ts";

const BASE64_VALUE = /^[A-Za-z0-9+/_-]{8,512}={0,2}$/;
const HEX_VALUE = /^(?:[0-9a-fA-F]{2}){4,256}$/;
const URL_SAFE = /[-_]/;
/** Template variables, angle-bracket hints and the usual stand-in words. */
const PLACEHOLDER =
  /\$\{[^}]*\}|\{\{[^}]*\}\}|<[^>]*>|replace|change_?me|placeholder|your[-_ ]?(?:api[-_ ]?)?(?:key|token|secret|pass)|x{4,}|\*{4,}|dummy|redacted|todo|fixme|insert|secret_?here/i;
/** HTTP Basic credentials are base64 by definition: their rule already judges the encoded form. */
const BASIC_SCHEME = /\bbasic\s/i;
/** Decoded values shorter than this are stand-ins, whatever they say. */
const MIN_REAL_VALUE = 6;

/** Printable ASCII decoding of `value` when it is base64 or hex of text, else undefined. */
function decodedText(value: string): string | undefined {
  let bytes: Uint8Array | undefined;
  if (HEX_VALUE.test(value)) bytes = decodeHex(value);
  if (!bytes && BASE64_VALUE.test(value)) bytes = decodeBase64(value, URL_SAFE.test(value));
  if (!bytes) return undefined;
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return undefined;
  return new TextDecoder().decode(bytes);
}

/** Is this fallback match an encoded stand-in rather than a secret? */
export function isEncodedPlaceholder(match: RuleMatch): boolean {
  if (!match.rule.fallback || BASIC_SCHEME.test(match.text)) return false;
  const decoded = decodedText(match.secret);
  if (decoded === undefined) return false;
  if (decoded.length < MIN_REAL_VALUE || PLACEHOLDER.test(decoded)) return true;
  const gate = match.rule.minEntropy;
  return gate !== undefined && shannonEntropy(decoded) < gate;
}
