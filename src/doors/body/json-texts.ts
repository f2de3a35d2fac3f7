/**
 * @module JSON bodies → text: every object key and every string and number value, escapes decoded
 * (so `"\u0067hp_…"` is scanned as what the server will read) and numbers kept as written (a card
 * number must not lose digits to floating point). A strict, iterative parser with a depth bound:
 * no recursion to overflow, no JSON.parse surprises. Keys and values are collected separately, each
 * in document order, so a secret split across adjacent values stays adjacent.
 */
import { MAX_JSON_DEPTH } from "./limits.ts";

export type JsonTexts = { readonly ok: true; readonly keys: string[]; readonly values: string[] } | { readonly ok: false; readonly tooDeep: boolean };

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

class Invalid extends Error {
  constructor(readonly tooDeep = false) {
    super("invalid json");
  }
}

/** Parse `text` as one JSON document; `{ok: false}` when it is not valid JSON or nests too deep. */
export function jsonTexts(text: string, maxDepth = MAX_JSON_DEPTH): JsonTexts {
  try {
    return new JsonWalker(text, maxDepth).run();
  } catch (err) {
    return { ok: false, tooDeep: err instanceof Invalid && err.tooDeep };
  }
}

class JsonWalker {
  private i = 0;
  private readonly keys: string[] = [];
  private readonly values: string[] = [];
  /** Open containers: true = object. */
  private readonly stack: boolean[] = [];
  /** Next backslash at or after the last position searched (-2 = none left): kept across strings. */
  private slash = -1;

  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  run(): JsonTexts {
    this.value();
    // After a value: close containers or continue them, iteratively.
    for (;;) {
      this.ws();
      if (this.stack.length === 0) break;
      const inObject = this.stack[this.stack.length - 1]!;
      const c = this.s[this.i++];
      if (c === ",") {
        if (inObject) this.member();
        else this.value();
      } else if (c === (inObject ? "}" : "]")) {
        this.stack.pop();
      } else {
        throw new Invalid();
      }
    }
    if (this.i !== this.s.length) throw new Invalid();
    return { ok: true, keys: this.keys, values: this.values };
  }

  /** A key, a colon, then a value. */
  private member(): void {
    this.ws();
    if (this.s[this.i] !== '"') throw new Invalid();
    this.keys.push(this.string());
    this.ws();
    if (this.s[this.i++] !== ":") throw new Invalid();
    this.value();
  }

  /** One value; containers are opened (and their first entry read) but closed by run(). */
  private value(): void {
    this.ws();
    const c = this.s[this.i];
    if (c === "{" || c === "[") {
      if (this.stack.length >= this.maxDepth) throw new Invalid(true);
      this.i++;
      this.stack.push(c === "{");
      this.ws();
      if (this.s[this.i] === (c === "{" ? "}" : "]")) {
        this.i++;
        this.stack.pop();
        return;
      }
      if (c === "{") this.member();
      else this.value();
      return;
    }
    if (c === '"') {
      this.values.push(this.string());
      return;
    }
    for (const lit of ["true", "false", "null"]) {
      if (this.s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return;
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m || m[0].length === 0) throw new Invalid();
    this.values.push(m[0]);
    this.i += m[0].length;
  }

  /** A string token; the next quote and backslash positions are cached so long escaped strings stay linear. */
  private string(): string {
    const s = this.s;
    let i = this.i + 1;
    let out = "";
    let quote = -1;
    for (;;) {
      if (quote < i) quote = s.indexOf('"', i);
      if (quote < 0) throw new Invalid();
      if (this.slash !== -2 && this.slash < i) this.slash = s.indexOf("\\", i);
      if (this.slash === -1) this.slash = -2;
      const slash = this.slash;
      if (slash === -2 || slash > quote) {
        out += this.plain(i, quote);
        this.i = quote + 1;
        return out;
      }
      out += this.plain(i, slash);
      const e = s[slash + 1];
      if (e === "u") {
        const hex = s.slice(slash + 2, slash + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Invalid();
        out += String.fromCharCode(parseInt(hex, 16));
        i = slash + 6;
      } else {
        const ch = e === undefined ? undefined : ESCAPES[e];
        if (ch === undefined) throw new Invalid();
        out += ch;
        i = slash + 2;
      }
    }
  }

  /** Unescaped string content; control characters are not allowed raw. */
  private plain(from: number, to: number): string {
    const part = this.s.slice(from, to);
    for (let k = 0; k < part.length; k++) if (part.charCodeAt(k) < 0x20) throw new Invalid();
    return part;
  }

  private ws(): void {
    while (this.i < this.s.length && WS.has(this.s.charCodeAt(this.i))) this.i++;
  }
}
