/** @module Tests for shell de-obfuscation: each trick the shell would undo reads as the plain command. */
import { describe, expect, test } from "bun:test";
import { foldLookalikes, MAX_SHELL_GROWTH, normalizeShellText } from "../../../../src/engine/scanners/tool-policy/shell-text.ts";

describe("normalizeShellText", () => {
  const cases: Array<[string, string, string]> = [
    ["ANSI-C hex escapes", "$'\\x72\\x6d' -rf /srv", "rm -rf /srv"],
    ["ANSI-C octal escapes", "$'\\162\\155' -rf /srv", "rm -rf /srv"],
    ["ANSI-C mixed with text", "c$'\\x61'tx", "catx"],
    ["bare hex escapes (printf/echo -e)", "printf '\\x72\\x6d'", "printf rm"],
    ["backslash inside a word", "r\\m -rf /srv", "rm -rf /srv"],
    ["single quotes split a word", "'r'm -rf /srv", "rm -rf /srv"],
    ["double quotes around a word", "\"rm\" -rf /srv", "rm -rf /srv"],
    ["empty quotes inside a word", "r''m -r\"\"f /srv", "rm -rf /srv"],
    ["${IFS} as a space", "rm${IFS}-rf${IFS}/srv", "rm -rf /srv"],
    ["$IFS as a space", "rm$IFS-rf /srv", "rm -rf /srv"],
    ["${IFS%%?} as a space", "rm${IFS%%?}-rf /srv", "rm -rf /srv"],
    ["${IFS:0:1} as a space", "rm${IFS:0:1}-rf /srv", "rm -rf /srv"],
    ["$@ vanishes", "r$@m -rf /srv", "rm -rf /srv"],
    ["$* vanishes", "r$*m -rf /srv", "rm -rf /srv"],
    ["${@} vanishes", "r${@}m -rf /srv", "rm -rf /srv"],
    ["variables assigned then used", "a=r;b=m;$a$b -rf /srv", "a=r;b=m;rm -rf /srv"],
    ["braced variables", "a=r; b=m; ${a}${b} -rf /srv", "a=r; b=m; rm -rf /srv"],
    ["quoted variable value", "c='curl -s x'; $c", "c=curl -s x; curl -s x"],
    ["indirect variable", "x=y; y=rm; ${!x} -rf /srv", "x=y; y=rm; rm -rf /srv"],
    ["IFS characters dropped from values", "IFS=,;c=r,m;$c -rf /srv", "IFS=,;c=r,m;rm -rf /srv"],
    ["${HOME:0:1} as a slash", "cat ${HOME:0:1}etc${HOME:0:1}shadow", "cat /etc/shadow"],
    ["brace expansion", "{rm,-rf,/tmp}", "rm -rf /tmp"],
    ["brace expansion with prefix", "/bin/{rm,} -rf /srv", "/bin/rm /bin/ -rf /srv"],
    ["parameter expansion is not brace expansion", "${x,y}", "${x,y}"],
    ["$(echo …) substitution", "$(echo rm) -rf /srv", "rm -rf /srv"],
    ["backtick echo substitution", "`echo rm` -rf /srv", "rm -rf /srv"],
    ["printf %s substitution", "$(printf '%s' rm) -rf /srv", "rm -rf /srv"],
    ["nested echo substitution", "$(echo $(echo rm)) -rf /srv", "rm -rf /srv"],
    ["backticks around a word", "`rm` -rf /srv", "rm -rf /srv"],
    ["line continuation", "r\\\nm -rf /srv", "rm -rf /srv"],
    ["cmd.exe caret escapes", "p^o^w^e^r^s^h^e^l^l -nop", "powershell -nop"],
    ["string concatenation", "'Inv'+'oke-Expression' $x", "Invoke-Expression $x"],
    ["Cyrillic look-alikes", "c\u0430t /\u0435tc/p\u0430sswd", "cat /etc/passwd"],
    ["whitespace collapsed", "rm   -rf\t\t/srv  ", "rm -rf /srv"],
    ["newlines kept as separators", "ls\n\n  \nrm -rf /srv", "ls\nrm -rf /srv"],
    ["plain text unchanged", "git status --short", "git status --short"],
  ];
  test.each(cases)("%s", (_name, input, expected) => {
    expect(normalizeShellText(input)).toBe(expected);
  });

  test("never throws on odd input", () => {
    for (const s of ["", "$", "$'", "\\", "{", "}", "{,}", "${", "$(", "`", "'\"", "\uD800", "$'\\x'", "a=", "=$"]) {
      expect(() => normalizeShellText(s)).not.toThrow();
    }
  });

  test("variable expansion growth is bounded", () => {
    const bomb = `a=${"x".repeat(1000)};` + "$a".repeat(10_000);
    const out = normalizeShellText(bomb);
    expect(out.length).toBeLessThanOrEqual(bomb.length + MAX_SHELL_GROWTH + 1000);
  });

  test("brace expansion growth is bounded", () => {
    const bomb = `${"p".repeat(200)}{${"a,".repeat(100)}b}`.repeat(500);
    const out = normalizeShellText(bomb);
    expect(out.length).toBeLessThanOrEqual(bomb.length + MAX_SHELL_GROWTH + 100_000);
  });

  test("a megabyte of hostile text is processed", () => {
    for (const unit of ["$'\\x41", "{a,", "a=b;$a", "\\", "$", "'", "${IFS}", "$(echo "]) {
      const text = unit.repeat(Math.ceil((1 << 20) / unit.length));
      expect(typeof normalizeShellText(text)).toBe("string");
    }
  });
});

describe("foldLookalikes", () => {
  test("maps Cyrillic and Greek look-alikes, leaves ASCII alone", () => {
    expect(foldLookalikes("\u0441\u0443rl")).toBe("cyrl");
    expect(foldLookalikes("r\u043C")).toBe("rm");
    expect(foldLookalikes("\u03B1bc")).toBe("abc");
    expect(foldLookalikes("plain")).toBe("plain");
  });
});
