/**
 * @module HTML character references: numeric (`&#105;`, `&#x69;`) and the named ones that matter for
 * reading text (a table of common names, not the full 2,000). Invalid code points become U+FFFD; an
 * unknown name stays as written. A few legacy names decode without the trailing semicolon.
 */

const NAMED: Readonly<Record<string, string>> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", shy: "\u00ad",
  copy: "©", reg: "®", trade: "™", hellip: "…", mdash: "—", ndash: "–", minus: "−",
  lsquo: "‘", rsquo: "’", sbquo: "‚", ldquo: "“", rdquo: "”", bdquo: "„", laquo: "«", raquo: "»",
  lsaquo: "‹", rsaquo: "›", bull: "•", middot: "·", sect: "§", para: "¶", deg: "°", plusmn: "±",
  times: "×", divide: "÷", frac12: "½", frac14: "¼", frac34: "¾", sup1: "¹", sup2: "²", sup3: "³",
  euro: "€", pound: "£", yen: "¥", cent: "¢", curren: "¤", iexcl: "¡", iquest: "¿",
  larr: "←", rarr: "→", uarr: "↑", darr: "↓", harr: "↔", hearts: "♥", check: "✓", star: "☆",
  ensp: "\u2002", emsp: "\u2003", thinsp: "\u2009", hairsp: "\u200a", zwnj: "\u200c", zwj: "\u200d",
  lrm: "\u200e", rlm: "\u200f", NewLine: "\n", Tab: "\t", colon: ":", comma: ",", period: ".",
  excl: "!", quest: "?", num: "#", dollar: "$", percnt: "%", lpar: "(", rpar: ")", ast: "*",
  plus: "+", sol: "/", bsol: "\\", semi: ";", equals: "=", lsqb: "[", rsqb: "]", lcub: "{", rcub: "}",
  vert: "|", grave: "`", Hat: "^", lowbar: "_", tilde: "˜", circ: "ˆ", dagger: "†", Dagger: "‡",
  permil: "‰", prime: "′", Prime: "″", oline: "‾", frasl: "⁄", infin: "∞", ne: "≠", le: "≤", ge: "≥",
  agrave: "à", aacute: "á", acirc: "â", atilde: "ã", auml: "ä", aring: "å", aelig: "æ", ccedil: "ç",
  egrave: "è", eacute: "é", ecirc: "ê", euml: "ë", igrave: "ì", iacute: "í", icirc: "î", iuml: "ï",
  ntilde: "ñ", ograve: "ò", oacute: "ó", ocirc: "ô", otilde: "õ", ouml: "ö", oslash: "ø", ugrave: "ù",
  uacute: "ú", ucirc: "û", uuml: "ü", yacute: "ý", yuml: "ÿ", szlig: "ß", Agrave: "À", Aacute: "Á",
  Acirc: "Â", Atilde: "Ã", Auml: "Ä", Aring: "Å", AElig: "Æ", Ccedil: "Ç", Egrave: "È", Eacute: "É",
  Ecirc: "Ê", Euml: "Ë", Ntilde: "Ñ", Ouml: "Ö", Oslash: "Ø", Uuml: "Ü", alpha: "α", beta: "β",
  gamma: "γ", delta: "δ", pi: "π", sigma: "σ", omega: "ω", mu: "μ", lambda: "λ",
};

/** Names the HTML standard also accepts without `;`. */
const LEGACY = new Set(["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]);
/** Longest named reference looked up. */
const MAX_NAME = 32;
/** C1 controls remapped per the HTML standard (Windows-1252 code points). */
const C1: Readonly<Record<number, number>> = { 0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178 };

const REFERENCE = /&(?:#(\d{1,8});?|#[xX]([0-9a-fA-F]{1,7});?|([A-Za-z][A-Za-z0-9]{0,31});?)/g;

/** Decode every character reference in `text`. Linear: one regex pass, no backtracking blow-up. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined || hex !== undefined) return fromCodePoint(dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16));
    const withSemi = whole.endsWith(";");
    const key = name!.slice(0, MAX_NAME);
    const hit = NAMED[key];
    if (hit !== undefined && (withSemi || LEGACY.has(key))) return hit;
    return whole;
  });
}

function fromCodePoint(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
  const mapped = C1[cp];
  return String.fromCodePoint(mapped ?? cp);
}
