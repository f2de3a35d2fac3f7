/**
 * @module HTML → readable text for /fetch, without a DOM: one linear pass of a small tokenizer.
 * Visible text comes out with sane whitespace (block elements break lines, runs of blanks collapse)
 * and entities decoded. Everything a human reader does not see but a model reading the page might —
 * comments, script/style/noscript/template content, elements hidden by attribute, style or class, and
 * alt/title/aria-label attribute text — is returned separately in `hidden`, for the injection scan.
 */
import { decodeEntities } from "../../engine/normalize/index.ts";
import { hidesContent, SURFACED_ATTRIBUTES } from "./html-hidden.ts";
import { readTag, type Tag } from "./html-tag.ts";
import { MAX_HTML_DEPTH } from "./limits.ts";

export interface ReadableText {
  readonly title: string;
  readonly text: string;
  /** Hidden text, one entry per comment, script, hidden element, …, whitespace collapsed. */
  readonly hidden: readonly string[];
}

/** Elements whose content is raw text up to the matching end tag. */
const RAW_TEXT = new Set(["script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"]);
const RCDATA = new Set(["title", "textarea"]);
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption", "figure",
  "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
  "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "option", "caption", "legend",
]);
/** Marks a line break in the collected visible text (raw NULs in text are replaced first). */
const BREAK = "\u0000";

export function htmlToReadableText(html: string): ReadableText {
  return new Reader(html).read();
}

interface Open {
  readonly name: string;
  readonly hidden: boolean;
}

class Reader {
  private readonly visible: string[] = [];
  private readonly hidden: string[] = [];
  private hiddenRun: string[] = [];
  private readonly stack: Open[] = [];
  private readonly openCount = new Map<string, number>();
  private title = "";
  private i = 0;

  constructor(private readonly html: string) {}

  read(): ReadableText {
    const html = this.html;
    const n = html.length;
    while (this.i < n) {
      const lt = html.indexOf("<", this.i);
      const stop = lt < 0 ? n : lt;
      if (stop > this.i) this.text(html.slice(this.i, stop));
      if (lt < 0) break;
      this.i = lt;
      this.markup(lt);
    }
    this.flushRun();
    const text = this.visible.join("").split(BREAK).map(collapse).filter((l) => l !== "").join("\n");
    return { title: this.title, text, hidden: this.hidden.map(collapse).filter((h) => h !== "") };
  }

  /** Markup at `lt`: a comment, a declaration, a tag, or a literal `<`. Advances `this.i`. */
  private markup(lt: number): void {
    const html = this.html;
    if (html.startsWith("<!--", lt)) {
      const close = html.indexOf("-->", lt + 4);
      this.addHidden(html.slice(lt + 4, close < 0 ? html.length : close));
      this.i = close < 0 ? html.length : close + 3;
      return;
    }
    const c = html[lt + 1];
    if (c === "!" || c === "?") {
      const gt = html.indexOf(">", lt);
      const body = html.slice(lt + 2, gt < 0 ? html.length : gt);
      if (!/^doctype/i.test(body)) this.addHidden(body);
      this.i = gt < 0 ? html.length : gt + 1;
      return;
    }
    const tag = readTag(html, lt);
    if (!tag) {
      this.text("<");
      this.i = lt + 1;
      return;
    }
    if (tag.unterminated) {
      // Browsers drop a tag that never closes, and everything after it with it.
      this.addHidden(html.slice(lt));
      this.i = html.length;
      return;
    }
    this.i = tag.next;
    if (tag.end) this.close(tag.name);
    else this.open(tag);
  }

  private open(tag: Tag): void {
    const { name, attrs } = tag;
    for (const a of SURFACED_ATTRIBUTES) {
      const v = attrs.get(a);
      if (v) this.addHidden(v);
    }
    if ((name === "input" && (attrs.get("type") ?? "").toLowerCase() === "hidden") || name === "meta") {
      const v = attrs.get(name === "meta" ? "content" : "value");
      if (v) this.addHidden(v);
    }
    const hidden = this.isHidden() || hidesContent(name, attrs);
    if (RAW_TEXT.has(name) || RCDATA.has(name)) return this.rawText(name, hidden);
    if (name === "plaintext") {
      this.text(this.html.slice(this.i), hidden);
      this.i = this.html.length;
      return;
    }
    if (BLOCK.has(name)) this.lineBreak();
    if (VOID.has(name) || tag.selfClosing || this.stack.length >= MAX_HTML_DEPTH) return;
    this.stack.push({ name, hidden });
    this.openCount.set(name, (this.openCount.get(name) ?? 0) + 1);
  }

  /** Pop to the nearest open element of this name (amortised linear: each element is popped once). */
  private close(name: string): void {
    if (name === "br") return this.lineBreak();
    if (BLOCK.has(name)) this.lineBreak();
    if ((this.openCount.get(name) ?? 0) === 0) return;
    for (;;) {
      const top = this.stack.pop()!;
      this.openCount.set(top.name, this.openCount.get(top.name)! - 1);
      if (top.name === name) break;
    }
    if (!this.isHidden()) this.flushRun();
  }

  /** Content of script/style/… (to hidden) or title/textarea (entity-decoded) up to the end tag. */
  private rawText(name: string, hidden: boolean): void {
    const end = endTagPattern(name);
    end.lastIndex = this.i;
    const m = end.exec(this.html);
    const stop = m ? m.index : this.html.length;
    const content = this.html.slice(this.i, stop);
    const gt = m ? this.html.indexOf(">", stop) : -1;
    this.i = gt < 0 ? this.html.length : gt + 1;
    if (name === "title") {
      if (this.title === "") this.title = collapse(decodeEntities(content));
      if (hidden) this.addHidden(decodeEntities(content));
    } else if (name === "textarea") {
      this.text(content, hidden);
    } else {
      this.addHidden(content);
    }
  }

  private isHidden(): boolean {
    return this.stack.length > 0 && this.stack[this.stack.length - 1]!.hidden;
  }

  private text(raw: string, hidden = this.isHidden()): void {
    const clean = decodeEntities(raw.includes("\u0000") ? raw.replace(/\u0000/g, "\ufffd") : raw);
    if (hidden) {
      this.hiddenRun.push(clean);
    } else {
      this.flushRun();
      this.visible.push(clean);
    }
  }

  private lineBreak(): void {
    if (this.isHidden()) this.hiddenRun.push(" ");
    else this.visible.push(BREAK);
  }

  private addHidden(text: string): void {
    this.flushRun();
    this.hidden.push(text);
  }

  private flushRun(): void {
    if (this.hiddenRun.length === 0) return;
    this.hidden.push(this.hiddenRun.join(""));
    this.hiddenRun = [];
  }
}

const endTags = new Map<string, RegExp>();

/** `</name` followed by a blank, `/` or `>`, case-insensitive; one compiled pattern per element name. */
function endTagPattern(name: string): RegExp {
  let re = endTags.get(name);
  if (!re) {
    re = new RegExp(`</${name}(?=[\\s/>])`, "gi");
    endTags.set(name, re);
  }
  return re;
}

function collapse(s: string): string {
  return s.replace(/[\s\u00a0]+/g, " ").trim();
}
