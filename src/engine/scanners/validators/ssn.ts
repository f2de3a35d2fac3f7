/**
 * @module US Social Security Number plausibility: area not 000, 666 or 900-999, group not 00,
 * serial not 0000, and not one of the numbers known to be printed in advertising or used as
 * placeholders.
 */

/** Numbers that were published (wallet inserts, ads) or are common placeholders. */
const KNOWN_FAKE = new Set(["078051120", "219099999", "457555462", "123456789"]);

/** True when `candidate` (nine digits, optional spaces/dashes) could be an issued SSN. */
export function isValidSsn(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, "");
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  if (area === 0 || area === 666 || area >= 900) return false;
  if (group === 0 || serial === 0) return false;
  if (KNOWN_FAKE.has(digits)) return false;
  return !/^(\d)\1{8}$/.test(digits); // 111-11-1111 and friends are placeholders
}
