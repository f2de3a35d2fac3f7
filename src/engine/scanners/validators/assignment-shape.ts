/**
 * @module `assignment_shape`, for catch-all "name = value" rules. Some names and values belong to a
 * credential with a fixed format, and that credential's own rule judges them; the catch-all must
 * not second-guess it with a looser check:
 * - a candidate that is a whole owned assignment (`aws_secret_key: …`, `secret_access_key = …`; the
 *   rule's pattern hands these over without a `secret` group) passes only
 *   when the value has the owner's exact format and looks generated (a digit, 3.3 bits of entropy
 *   per character): the owner's rule then reports the same span once. A value of another length
 *   or alphabet under such a name is not that credential;
 * - a value with a vendor's marker (Databricks `dapi…`, Pixie `px-api-…`/`px-dep-…`, Google
 *   `AIza…`, New Relic `…NRAL`) passes only in the vendor's exact format;
 * - a value made only of words and short numbers (`DOC_Vector_5_32`) is an identifier, not a secret.
 * Any other value passes (the rule's entropy gate judges it).
 */
import { isWordIdentifier } from "./placeholder.ts";

const B64_40 = /^[A-Za-z0-9/+]{40}$/;
const HEX_48 = /^[a-f0-9]{48}$/i;

/** [owned name, exact value format] — the names the catch-all hands to a specific rule. */
const OWNED_NAMES: ReadonlyArray<readonly [RegExp, (value: string) => boolean]> = [
  [/^aws[_.-]?secret[_.-]?(?:access[_.-]?)?key/i, (v) => B64_40.test(v)],
  [/^secret[_.-]?access[_.-]?key/i, (v) => B64_40.test(v) || HEX_48.test(v)],
];
/** What separates a name from its value in the catch-all rules (quote, `=`, `:`, `=>`, `:=`, a blank). */
const SEPARATOR = /^\\?["']?[ \t]*(?:[:?]{0,3}=>?|:|[ \t]|-)[ \t]*\\?["']?/;
/** Leading boundary character the pattern may include before a bare name. */
const BOUNDARY = /^[^A-Za-z0-9]/;
const MIN_ENTROPY = 3.3;
const HAS_DIGIT = /[0-9]/;

/** [marker, exact format]: a value matching the marker must match the format. */
const VENDOR_FORMATS: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/^dapi/i, /^dapi[a-f0-9]{32}(?:-\d)?$/i],
  [/^px-(?:api|dep)-/i, /^px-(?:api|dep)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  [/^AIza/, /^AIzaSy[0-9A-Za-z_-]{33}$/],
  [/NRAL$/, /^(?:eu01xx)?[a-f0-9]{30,40}NRAL$/],
];

/** True when the catch-all may report `candidate` (see the module comment). */
export function hasAssignmentShape(candidate: string): boolean {
  const owned = ownedAssignment(candidate);
  if (owned !== undefined) return owned.format(owned.value) && HAS_DIGIT.test(owned.value) && entropy(owned.value) >= MIN_ENTROPY;
  for (const [marker, format] of VENDOR_FORMATS) if (marker.test(candidate)) return format.test(candidate);
  return !isWordIdentifier(candidate);
}

/** The value and its owner's format when `candidate` is a whole owned-name assignment. */
function ownedAssignment(candidate: string): { value: string; format: (value: string) => boolean } | undefined {
  const text = BOUNDARY.test(candidate) ? candidate.slice(1) : candidate;
  for (const [name, format] of OWNED_NAMES) {
    const m = name.exec(text);
    if (!m) continue;
    const sep = SEPARATOR.exec(text.slice(m[0].length));
    if (!sep || sep[0].length === 0) continue;
    return { value: text.slice(m[0].length + sep[0].length), format };
  }
  return undefined;
}

/** Shannon entropy in bits per character (the rule gate's measure, kept local to avoid a cycle). */
function entropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / text.length) * Math.log2(n / text.length);
  return h;
}
