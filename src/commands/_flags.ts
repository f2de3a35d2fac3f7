/**
 * @module A small flag parser on node:util parseArgs: declared flags only (an unknown flag is a
 * usage error), typed getters, positionals kept in order.
 */
import { parseArgs } from "node:util";
import { UsageError } from "./_io.ts";

export type FlagKind = "string" | "strings" | "boolean";

export interface Flags {
  string(name: string): string | undefined;
  strings(name: string): string[];
  bool(name: string): boolean;
  readonly positionals: readonly string[];
  /** Everything after a bare `--`. */
  readonly rest: readonly string[];
}

/** Parse `argv` against `spec`. @throws UsageError naming the bad flag. */
export function parseFlags(argv: readonly string[], spec: Readonly<Record<string, FlagKind>>): Flags {
  const dash = argv.indexOf("--");
  const head = dash >= 0 ? argv.slice(0, dash) : [...argv];
  const rest = dash >= 0 ? argv.slice(dash + 1) : [];
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const [name, kind] of Object.entries(spec)) options[name] = kind === "boolean" ? { type: "boolean" } : { type: "string", multiple: kind === "strings" };
  let parsed;
  try {
    parsed = parseArgs({ args: head, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  return {
    string: (n) => {
      const v = values[n];
      return typeof v === "string" ? v : undefined;
    },
    strings: (n) => {
      const v = values[n];
      return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
    },
    bool: (n) => values[n] === true,
    positionals: parsed.positionals,
    rest,
  };
}
