/**
 * @module A small tokenizer for RE2 pattern sources, enough to rewrite injection patterns at
 * compile time (optional separators, vowel folding) without touching escapes, classes, group
 * syntax or flags. It does not validate: the rewritten pattern is compiled by RE2, which does.
 */

export type PatternTokenKind =
  | "literal"
  | "escape"
  | "class"
  | "group_open"
  | "flags"
  | "group_close"
  | "alternation"
  | "quantifier"
  | "anchor"
  | "dot";

export interface PatternToken {
  readonly kind: PatternTokenKind;
  readonly text: string;
}

/** Longest escape forms: `\p{Greek}`, `\x{1F600}`, `\pL`, `\x41` (sticky: matched at lastIndex). */
const BRACED_ESCAPE = /\\[pPx]\{[^}]*\}/y;
const SHORT_ESCAPE = /\\(?:[pP][A-Za-z]|x[0-9A-Fa-f]{2}|[0-7]{1,3})/y;
const REPEAT = /\{\d+(?:,\d*)?\}\??/y;
/** `(?flags)` alone, or `(?flags:` opening a group. */
const FLAG_GROUP = /\(\?[imsU-]*\)/y;
const GROUP_OPEN = /\((?:\?(?:P?<[A-Za-z_][A-Za-z0-9_]*>|[imsU-]*:))?/y;

/** The sticky `re` matched at `at`, or undefined. */
function stickyAt(re: RegExp, source: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(source)?.[0];
}

/** Split a pattern source into tokens; the concatenation of their texts is the source. */
export function tokenizePattern(source: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    let token: PatternToken;
    if (ch === "\\") {
      token = { kind: "escape", text: stickyAt(BRACED_ESCAPE, source, i) ?? stickyAt(SHORT_ESCAPE, source, i) ?? source.slice(i, i + 2) };
    } else if (ch === "[") {
      token = { kind: "class", text: source.slice(i, classEnd(source, i)) };
    } else if (ch === "(") {
      const flags = stickyAt(FLAG_GROUP, source, i);
      token = flags ? { kind: "flags", text: flags } : { kind: "group_open", text: stickyAt(GROUP_OPEN, source, i)! };
    } else if (ch === ")") {
      token = { kind: "group_close", text: ch };
    } else if (ch === "|") {
      token = { kind: "alternation", text: ch };
    } else if (ch === "*" || ch === "+" || ch === "?") {
      token = { kind: "quantifier", text: source[i + 1] === "?" ? `${ch}?` : ch };
    } else if (ch === "{" && stickyAt(REPEAT, source, i) !== undefined) {
      token = { kind: "quantifier", text: stickyAt(REPEAT, source, i)! };
    } else if (ch === "^" || ch === "$") {
      token = { kind: "anchor", text: ch };
    } else if (ch === ".") {
      token = { kind: "dot", text: ch };
    } else {
      token = { kind: "literal", text: String.fromCodePoint(source.codePointAt(i)!) };
    }
    tokens.push(token);
    i += token.text.length;
  }
  return tokens;
}

/** Index just past the `]` that closes the class opening at `open`. */
function classEnd(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === "^") i++;
  if (source[i] === "]") i++; // a leading `]` is a literal
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === "\\") {
      i += (stickyAt(BRACED_ESCAPE, source, i) ?? "xx").length;
    } else if (ch === "[" && source[i + 1] === ":") {
      const close = source.indexOf(":]", i + 2);
      i = close < 0 ? i + 1 : close + 2;
    } else if (ch === "]") {
      return i + 1;
    } else {
      i++;
    }
  }
  return source.length;
}

/** The items of a class body (without brackets and negation): single characters, escapes, ranges, `[:name:]`. */
export function classItems(classText: string): { negated: boolean; items: string[] } {
  let body = classText.slice(1, -1);
  const negated = body.startsWith("^");
  if (negated) body = body.slice(1);
  const atoms: string[] = [];
  for (let i = 0; i < body.length; ) {
    let atom: string;
    if (body[i] === "\\") {
      atom = stickyAt(BRACED_ESCAPE, body, i) ?? stickyAt(SHORT_ESCAPE, body, i) ?? body.slice(i, i + 2);
    } else if (body[i] === "[" && body[i + 1] === ":") {
      const close = body.indexOf(":]", i + 2);
      atom = close < 0 ? "[" : body.slice(i, close + 2);
    } else {
      atom = String.fromCodePoint(body.codePointAt(i)!);
    }
    atoms.push(atom);
    i += atom.length;
  }
  // Join `a - z` triples into ranges (a `-` first or last is a literal).
  const items: string[] = [];
  for (let k = 0; k < atoms.length; k++) {
    if (atoms[k + 1] === "-" && k + 2 < atoms.length) {
      items.push(`${atoms[k]}-${atoms[k + 2]}`);
      k += 2;
    } else {
      items.push(atoms[k]!);
    }
  }
  return { negated, items };
}
