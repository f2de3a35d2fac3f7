/**
 * @module Shannon entropy in bits per character, over code points.
 * English prose sits near 3.5–4.0, hex near 4.0, base64 near 5.5–6.0.
 */

/** Shannon entropy of `text` in bits per code point (0 for the empty string). */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = text.codePointAt(i) ?? cp;
      i++;
    }
    counts.set(cp, (counts.get(cp) ?? 0) + 1);
    total++;
  }
  let h = 0;
  for (const c of counts.values()) {
    const p = c / total;
    h -= p * Math.log2(p);
  }
  return h;
}
