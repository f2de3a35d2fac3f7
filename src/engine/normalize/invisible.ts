/**
 * @module Characters that render as nothing: zero-width, bidi controls, tag characters, variation
 * selectors, soft hyphen, C0/C1 controls. Attackers put them inside keys and keywords.
 */

/** Invisible and control code points (tab, CR and LF are kept). */
export const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFE00-\uFE0F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDDEF]/g;

/** Quick test used to skip the pass when no trigger character is present. */
export const HAS_INVISIBLE = new RegExp(INVISIBLE.source);

/** Remove invisible and control characters. */
export function stripInvisible(text: string): string {
  return HAS_INVISIBLE.test(text) ? text.replace(INVISIBLE, "") : text;
}
