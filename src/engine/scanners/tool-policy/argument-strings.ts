/**
 * @module Pulls the string leaves out of a tool call's arguments (values, not keys, so that key
 * names such as "cmd" or "flags" do not break adjacency), bounded in depth and count, each with
 * the path it came from (`arguments.command`, `arguments.args[1]`).
 */

export const MAX_ARGUMENT_DEPTH = 32;
export const MAX_ARGUMENT_STRINGS = 4096;

export interface ArgumentEntry {
  /** Where the value sits: `arguments`, `arguments.command`, `arguments.args[2]`. */
  readonly path: string;
  readonly value: string;
}

/** Keys whose value names the program to run; their values go first when values are joined. */
const COMMAND_KEY = /^(?:cmd|command|commandline|command_line|program|executable|exe|binary|script|shell_command|code)$/i;
const TOP_LEVEL_KEY = /^arguments\.([^.[]+)/;

/** String leaves of `args` with their paths (numbers and booleans rendered), optionally only under matching top-level keys. */
export function argumentEntries(args: unknown, keyFilter?: (key: string) => boolean): ArgumentEntry[] {
  const out: ArgumentEntry[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (out.length >= MAX_ARGUMENT_STRINGS || depth > MAX_ARGUMENT_DEPTH) return;
    if (typeof node === "string") out.push({ path, value: node });
    else if (typeof node === "number" || typeof node === "boolean" || typeof node === "bigint") out.push({ path, value: String(node) });
    else if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`, depth + 1);
    }
  };
  if (keyFilter && isRecord(args)) {
    for (const [key, value] of Object.entries(args)) if (keyFilter(key)) walk(value, `arguments.${key}`, 1);
  } else {
    walk(args, "arguments", 0);
  }
  return out;
}

/** String leaves of `args` (numbers and booleans rendered), optionally only under matching top-level keys. */
export function argumentStrings(args: unknown, keyFilter?: (key: string) => boolean): string[] {
  return argumentEntries(args, keyFilter).map((e) => e.value);
}

/**
 * The values joined into one command line, program first: values under a command-like top-level
 * key (`command`, `cmd`, …) lead, the rest follow in order, so `{"args": ["-rf", "/"], "cmd": "rm"}`
 * still reads `rm -rf /`.
 */
export function joinedCommandLine(entries: readonly ArgumentEntry[]): string {
  const first: string[] = [];
  const rest: string[] = [];
  for (const e of entries) {
    const top = TOP_LEVEL_KEY.exec(e.path)?.[1];
    (top !== undefined && COMMAND_KEY.test(top) ? first : rest).push(e.value);
  }
  return [...first, ...rest].join(" ");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
