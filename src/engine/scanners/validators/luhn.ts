/**
 * @module Payment card check: issuer prefix and length table, then the Luhn mod-10 sum, so that
 * look-alike digit runs (order numbers, timestamps) do not count as cards.
 */

/** True when `candidate` (digits with optional spaces/dashes) is a plausible card number. */
export function isValidCard(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, "");
  if (!/^\d{13,19}$/.test(digits)) return false;
  if (!hasKnownIssuer(digits)) return false;
  return luhnSum(digits) % 10 === 0;
}

function hasKnownIssuer(d: string): boolean {
  const len = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  if (d[0] === "4") return len === 13 || len === 16 || len === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return len === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return len === 15; // American Express
  if (p4 >= 3528 && p4 <= 3589) return len >= 16 && len <= 19; // JCB
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) return len === 16 || len === 19; // Discover
  if (p2 === 36 || p2 === 38 || (p3 >= 300 && p3 <= 305)) return len === 14; // Diners Club
  if (p2 === 62) return len >= 16 && len <= 19; // UnionPay
  return false;
}

/** The Luhn sum of a digit string (valid when divisible by 10). */
export function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum;
}
