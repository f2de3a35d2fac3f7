/**
 * @module Light shell de-obfuscation applied before tool-policy patterns: quotes and
 * backslash-escapes that the shell would drop (`r\m`, `'r'm`, `"rm"`) and `${IFS}` spacing.
 */

/** Rewrite shell text the way the shell would read it, for matching only. */
export function normalizeShellText(text: string): string {
  return text
    .replace(/\$\{IFS(?:[^}]*)\}|\$IFS\b/g, " ")
    .replace(/\\([A-Za-z0-9_\-/.])/g, "$1")
    .replace(/(?<=\S)['"]|['"](?=\S)/g, "");
}
