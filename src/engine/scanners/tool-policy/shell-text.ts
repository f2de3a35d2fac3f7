/**
 * @module Shell de-obfuscation for tool-policy matching: rewrites argument text roughly the way a
 * POSIX shell (and, for a few tricks, cmd.exe and PowerShell) would read it, so that `r\m`,
 * `$'\x72\x6d'`, `a=r;b=m;$a$b`, `${IFS}` and `{rm,-rf,/tmp}` all read as `rm -rf /tmp`.
 * For matching only: the result is never executed or shown as the command. Every pass is linear
 * in the input and the output is bounded, so hostile text cannot make it slow or huge.
 */

/** Output may grow (variable expansion, brace expansion) by at most this many characters. */
export const MAX_SHELL_GROWTH = 65_536;
/** Variables remembered from `name=value` assignments. */
const MAX_VARIABLES = 64;
/** Longest word around a brace group that brace expansion considers. */
const MAX_BRACE_WORD = 256;

const ANSI_C_QUOTED = /\$'((?:[^'\\]|\\[\s\S])*)'/g;
const ANSI_C_ESCAPE = /\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{4}|[0-7]{1,3}|[\s\S])/g;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "?": "?", e: "", a: "", b: "", f: "", v: "" };
/** `\xHH` and 3-digit octal `\NNN` outside `$'…'` (what `echo -e` and `printf` would decode). */
const BARE_ESCAPE = /\\(x[0-9A-Fa-f]{2}|[0-3][0-7]{2})/g;
/** `$(echo X)`, `$(printf X)`, `` `echo X` `` with no further substitution inside. */
const ECHO_SUBSTITUTION = /\$\(\s*(?:echo|printf)((?:\s+-[neE]+)*)\s+([^()$`]*)\)|`\s*(?:echo|printf)((?:\s+-[neE]+)*)\s+([^`$()]*)`/g;
const ASSIGNMENT = /(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=((?:'[^']*'|"[^"]*"|[^\s;&|'"()<>`])*)/g;
const IFS_REFERENCE = /\$\{!?IFS[^}]{0,8}\}|\$IFS(?![A-Za-z0-9_])/g;
const FIRST_CHAR_OF_PATH_VAR = /\$\{(?:HOME|PWD|OLDPWD)::?(?:0:)?1\}/g;
const POSITIONAL = /\$\{[@*]\}|\$[@*0-9](?![0-9])/g;
const VARIABLE_REFERENCE = /\$\{(!?)([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
/** PowerShell and JS string concatenation: `'Inv'+'oke'`. */
const STRING_CONCAT = /(['"])\s*\+\s*(['"])/g;
/** cmd.exe caret escapes between letters: `p^o^w^e^r^s^h^e^l^l`. */
const CARET_ESCAPE = /(?<=[A-Za-z])\^(?=[A-Za-z])/g;
const LINE_CONTINUATION = /\\\r?\n/g;
/** Outside quotes the shell drops a backslash and keeps the next character (`r\m`, `Login\ Data`, `\;`). */
const BACKSLASH_ESCAPE = /\\([^\n])/g;
const QUOTES_AND_BACKTICKS = /\$(?=['"])|['"`]/g;

/** Letters from other scripts that look like Latin ones (Cyrillic, Greek), mapped for matching. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: "a", в: "b", е: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x", і: "i", ј: "j", ѕ: "s", һ: "h", ԁ: "d", ԛ: "q", ԝ: "w",
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", Х: "X", І: "I", Ј: "J", Ѕ: "S",
  α: "a", ο: "o", ρ: "p", ν: "v", τ: "t", ι: "i", κ: "k", χ: "x", ε: "e", Α: "A", Β: "B", Ε: "E", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T", Χ: "X", Ζ: "Z",
};
const LOOKALIKE_CHARS = new RegExp(`[${Object.keys(LOOKALIKES).join("")}]`, "g");
const NON_ASCII = /[^\x00-\x7F]/;
const OCTAL_DIGITS = /^[0-7]+$/;
const PRINTF_FORMAT = /^(['"]?)%s\1\s+/;
const QUOTE = /['"]/g;
const BLANKS = /[ \t\f\v\r]+/g;
const BLANK_LINES = / ?\n\s*/g;

/** Rewrite shell text the way the shell would read it, for matching only. Never throws. */
export function normalizeShellText(text: string): string {
  const limit = text.length + MAX_SHELL_GROWTH;
  let s = foldLookalikes(text);
  s = s.replace(LINE_CONTINUATION, "");
  if (s.includes("$'")) s = s.replace(ANSI_C_QUOTED, (_, body: string) => decodeAnsiC(body));
  if (s.includes("\\")) s = s.replace(BARE_ESCAPE, (_, esc: string) => decodeEscape(esc) ?? `\\${esc}`);
  if (s.includes("+")) s = s.replace(STRING_CONCAT, "");
  if (s.includes("^")) s = s.replace(CARET_ESCAPE, "");
  if (s.includes("$")) s = expandVariables(s, limit);
  if (s.includes("echo") || s.includes("printf")) s = resolveEchoSubstitutions(s);
  if (s.includes("\\")) s = s.replace(BACKSLASH_ESCAPE, "$1");
  s = s.replace(QUOTES_AND_BACKTICKS, "");
  if (s.includes("{")) s = expandBraces(s, limit);
  return collapseWhitespace(s);
}

/** Cyrillic and Greek letters that look Latin become Latin (`rм` → `rm`); plain ASCII is returned as is. */
export function foldLookalikes(text: string): string {
  return NON_ASCII.test(text) ? text.replace(LOOKALIKE_CHARS, (c) => LOOKALIKES[c] ?? c) : text;
}

/** Decode the body of a `$'…'` string. */
function decodeAnsiC(body: string): string {
  return body.replace(ANSI_C_ESCAPE, (whole, esc: string) => {
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) return simple;
    return decodeEscape(esc) ?? whole.slice(1);
  });
}

/** `xHH`, `uHHHH` or octal `NNN` to the character it names, or undefined if it is not printable. */
function decodeEscape(esc: string): string | undefined {
  const code = esc[0] === "x" || esc[0] === "u" ? parseInt(esc.slice(1), 16) : OCTAL_DIGITS.test(esc) ? parseInt(esc, 8) : NaN;
  if (Number.isNaN(code)) return undefined;
  if (code === 0x0a || code === 0x09 || (code >= 0x20 && code !== 0x7f && code <= 0xffff)) return String.fromCharCode(code);
  return undefined;
}

/** `$(echo rm)` → `rm`; innermost first, a few rounds for nesting. */
function resolveEchoSubstitutions(s: string): string {
  for (let round = 0; round < 4; round++) {
    const next = s.replace(ECHO_SUBSTITUTION, (_, _f1, a: string | undefined, _f2, b: string | undefined) => stripFormat(a ?? b ?? ""));
    if (next === s) break;
    s = next;
  }
  return s;
}

/** printf's `'%s'` format is not part of the output. */
function stripFormat(args: string): string {
  return args.replace(PRINTF_FORMAT, "").trim();
}

/**
 * Remembers simple `name=value` assignments and substitutes `$name`, `${name}`, `${!name}`.
 * `$IFS` forms become a space; characters assigned to IFS are dropped from expanded values (the
 * `IFS=,;c=r,m;$c` trick); positional and special parameters (`$@`, `$*`, `$1`) vanish.
 */
function expandVariables(s: string, limit: number): string {
  const vars = new Map<string, string>();
  let ifs: string | undefined;
  ASSIGNMENT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ASSIGNMENT.exec(s)) !== null && vars.size < MAX_VARIABLES) {
    const value = m[2]!.replace(QUOTE, "");
    if (m[1] === "IFS") ifs = [...value].filter((c) => c.trim() !== "").join("");
    else vars.set(m[1]!, value);
  }
  s = s.replace(IFS_REFERENCE, " ").replace(FIRST_CHAR_OF_PATH_VAR, "/").replace(POSITIONAL, "");
  if (vars.size === 0) return s;
  const dropIfs = (v: string): string => (ifs ? [...ifs].reduce((acc, ch) => acc.split(ch).join(""), v) : v);
  for (let round = 0; round < 2; round++) {
    let budget = limit - s.length;
    const next = s.replace(VARIABLE_REFERENCE, (whole, bang: string | undefined, braced: string | undefined, bare: string | undefined) => {
      let value = vars.get(braced ?? bare ?? "");
      if (bang && value !== undefined) value = vars.get(value) ?? value;
      if (value === undefined) return whole;
      const out = dropIfs(value);
      budget -= out.length - whole.length;
      return budget >= 0 ? out : whole;
    });
    if (next === s) break;
    s = next;
  }
  return s;
}

/** `pre{a,b,c}post` → `preapost prebpost precpost` (one level, no nesting, bounded word size). */
function expandBraces(s: string, limit: number): string {
  let out = "";
  let copied = 0;
  let from = 0;
  let budget = limit - s.length;
  while (budget > 0) {
    const open = s.indexOf("{", from);
    if (open < 0) break;
    from = open + 1;
    if (s[open - 1] === "$") continue;
    const close = findBraceClose(s, open);
    if (close < 0) continue;
    const inner = s.slice(open + 1, close);
    if (!inner.includes(",")) continue;
    let start = open;
    while (start > copied && open - start < MAX_BRACE_WORD && !isWordBreak(s[start - 1]!)) start--;
    let end = close + 1;
    while (end < s.length && end - close < MAX_BRACE_WORD && !isWordBreak(s[end]!) && s[end] !== "{") end++;
    const pre = s.slice(start, open);
    const post = s.slice(close + 1, end);
    const expanded = inner.split(",").map((item) => pre + item + post).join(" ");
    budget -= expanded.length;
    out += s.slice(copied, start) + expanded;
    copied = end;
    from = end;
  }
  return out + s.slice(copied);
}

/** Index of the `}` closing the group at `open`, if it is close, unnested and has no spaces. */
function findBraceClose(s: string, open: number): number {
  for (let i = open + 1; i < s.length && i - open <= MAX_BRACE_WORD; i++) {
    const c = s[i]!;
    if (c === "}") return i;
    if (c === "{" || isWordBreak(c)) return -1;
  }
  return -1;
}

function isWordBreak(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === ";" || c === "|" || c === "&" || c === "(" || c === ")" || c === "<" || c === ">";
}

/** Runs of blanks become one space; blank lines go; newlines (command separators) stay. */
function collapseWhitespace(s: string): string {
  return s.replace(BLANKS, " ").replace(BLANK_LINES, "\n").trim();
}
