/**
 * @module Look-alike letters folded to the ASCII letters they imitate, for DLP only. A credential is
 * ASCII, so any Cyrillic, Greek, Armenian or Cherokee look-alike, stroke letter, small capital, boxed or
 * regional-indicator letter inside one is an evasion: unlike injection matching (which must keep
 * genuine non-Latin words readable), DLP folds every one of them.
 */

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  // Cyrillic
  ["аАвВеЕёЁкКмМнНоОрРсСтТуУхХ", "aAbBeEeEkKmMhHoOpPcCtTyYxX"],
  ["ѕЅіІїЇјЈһҺӏӀԁԀԛԚԝԜүҮɡ", "sSiIiIjJhHlIdDqQwWyYg"],
  // Greek
  ["αΑβΒγεΕζΖηΗιΙκΚμΜνΝοΟρΡτΤυΥχΧϲϹϳ", "aABByeEzZnHiIkKuMvNoOpPtTuYxXcCj"],
  // Armenian
  ["սոօհցքզՕՍ", "unohgqqOU"],
  // Cherokee capitals
  ["ᎪᏴᏟᎠᎬᏀᎻᎫᏦᏞᎷᏢᏚᎢᏙᏔᏃ", "ABCDEGHJKLMPSTVWZ"],
  // stroke letters NFD cannot take apart, dotless/dotted i, IPA and small capitals
  ["ØøĐđŁłĦħŦŧıİ", "OoDdLlHhTtiI"],
  ["ɑɡɩɪʏɢʜʟɴʀᴀʙᴄᴅᴇꜰᴊᴋᴍᴏᴘꞯᴛᴜᴠᴡʏᴢꜱ", "agiiyghlnrabcdefjkmopqtuvwyzs"],
];

const TABLE = new Map<number, string>();
for (const [from, to] of PAIRS) {
  const src = [...from];
  const dst = [...to];
  if (src.length !== dst.length) throw new Error(`confusable table row length mismatch: ${from}`);
  src.forEach((ch, i) => TABLE.set(ch.codePointAt(0)!, dst[i]!));
}
/** Negative squared letters 🅰–🆉 and regional indicators 🇦–🇿 (astral, mapped by range). */
const SQUARED_A = 0x1f170;
const REGIONAL_A = 0x1f1e6;

const CONFUSABLE = new RegExp(`[${[...TABLE.keys()].map((cp) => String.fromCodePoint(cp)).join("")}\\u{1F170}-\\u{1F189}\\u{1F1E6}-\\u{1F1FF}]`, "gu");
const HAS_CONFUSABLE = new RegExp(CONFUSABLE.source, "u");

/** Replace every look-alike letter with its ASCII letter. */
export function foldDlpConfusables(text: string): string {
  if (!HAS_CONFUSABLE.test(text)) return text;
  return text.replace(CONFUSABLE, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp >= SQUARED_A && cp < SQUARED_A + 26) return String.fromCharCode(65 + cp - SQUARED_A);
    if (cp >= REGIONAL_A && cp < REGIONAL_A + 26) return String.fromCharCode(65 + cp - REGIONAL_A);
    return TABLE.get(cp) ?? ch;
  });
}
