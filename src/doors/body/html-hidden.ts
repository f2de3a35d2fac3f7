/**
 * @module Is an element hidden from a human reader? The cheap, common signals: the `hidden`
 * attribute, `aria-hidden="true"`, `<input type="hidden">`, inline styles that hide text
 * (display:none, visibility:hidden, opacity:0, font-size:0, far off-screen, white on white) and the
 * usual utility classes. Text in such elements is kept out of the readable text and handed to the
 * injection scanner separately: it is where pages hide instructions meant for agents.
 */

const HIDING_STYLE = [
  /display:none/,
  /visibility:(hidden|collapse)/,
  /(^|;)opacity:(0|0?\.0+)(;|$|!)/,
  /font-size:0(\.0*)?(px|pt|em|rem|%)?(;|$|!)/,
  /font-size:[01]px/,
  /(text-indent|left|top|margin-left):-\d{3,}/,
  /clip:rect\(0/,
];
const ZERO_BOX = /(^|;)(width|height|max-height|max-width):0(px)?(;|$|!)/;
const WHITE = "(#fff|#ffffff|white|rgb\\(255,255,255\\))";
const WHITE_TEXT = new RegExp(`(^|;)color:${WHITE}(;|$|!)`);
const WHITE_BACKGROUND = new RegExp(`background(-color)?:${WHITE}(;|$|!)`);
const HIDING_CLASSES = new Set(["hidden", "d-none", "sr-only", "visually-hidden", "invisible", "screen-reader-text", "hide"]);

export function hidesContent(name: string, attrs: ReadonlyMap<string, string>): boolean {
  if (name === "template") return true;
  if (attrs.has("hidden")) return true;
  if ((attrs.get("aria-hidden") ?? "").trim().toLowerCase() === "true") return true;
  const style = attrs.get("style");
  if (style !== undefined && hidingStyle(style)) return true;
  const cls = attrs.get("class");
  if (cls !== undefined && cls.split(/\s+/).some((c) => HIDING_CLASSES.has(c.toLowerCase()))) return true;
  return false;
}

export function hidingStyle(style: string): boolean {
  const s = style.toLowerCase().replace(/\s+/g, "");
  if (HIDING_STYLE.some((re) => re.test(s))) return true;
  if (ZERO_BOX.test(s) && s.includes("overflow:hidden")) return true;
  return WHITE_TEXT.test(s) && WHITE_BACKGROUND.test(s);
}

/** Attribute text a reader does not see as page text but a model reading the HTML would. */
export const SURFACED_ATTRIBUTES = ["alt", "title", "aria-label", "placeholder", "aria-description"] as const;
