/**
 * @module `not_vendor_lookalike`, for catch-all assignment rules: a value that carries a vendor's
 * marker (Databricks `dapi…`, Pixie `px-api-…`/`px-dep-…`, Google `AIza…`, New Relic `…NRAL`) is
 * that vendor's credential, and the vendor's own rule judges it by its exact format. The catch-all
 * accepts such a value only when the format holds (the vendor rule then reports it once, the
 * catch-all's overlapping match is dropped) and rejects a look-alike of the wrong length or
 * alphabet. A value made only of words and short numbers (`DOC_Vector_5_32`) is an identifier, not
 * a secret, and is rejected too. Any other value passes.
 */
import { isWordIdentifier } from "./placeholder.ts";

/** [marker, exact format]: a value matching the marker must match the format. */
const VENDOR_FORMATS: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/^dapi/i, /^dapi[a-f0-9]{32}(?:-\d)?$/i],
  [/^px-(?:api|dep)-/i, /^px-(?:api|dep)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  [/^AIza/, /^AIzaSy[0-9A-Za-z_-]{33}$/],
  [/NRAL$/, /^(?:eu01xx)?[a-f0-9]{30,40}NRAL$/],
];

/** True unless `value` is a vendor look-alike of the wrong format or a word identifier. */
export function isNotVendorLookalike(value: string): boolean {
  for (const [marker, format] of VENDOR_FORMATS) if (marker.test(value)) return format.test(value);
  return !isWordIdentifier(value);
}
