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
  /** The top-level key it sits under, when the arguments are an object. */
  readonly key?: string;
}

/** Keys whose value names the program to run; their values go first when values are joined. */
const COMMAND_KEY = /^(?:cmd|command|commandline|command_line|program|executable|exe|binary|script|shell_command|code)$/i;

/** String leaves of `args` with their paths (numbers and booleans rendered), optionally only under matching top-level keys. */
export function argumentEntries(args: unknown, keyFilter?: (key: string) => boolean): ArgumentEntry[] {
  const out: ArgumentEntry[] = [];
  let top: string | undefined;
  const walk = (node: unknown, path: string, depth: number): void => {
    if (out.length >= MAX_ARGUMENT_STRINGS || depth > MAX_ARGUMENT_DEPTH) return;
    if (typeof node === "string") out.push(entry(path, node, top));
    else if (typeof node === "number" || typeof node === "boolean" || typeof node === "bigint") out.push(entry(path, String(node), top));
    else if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`, depth + 1);
    }
  };
  if (isRecord(args)) {
    for (const [key, value] of Object.entries(args)) {
      if (keyFilter && !keyFilter(key)) continue;
      top = key;
      walk(value, `arguments.${key}`, 1);
    }
  } else {
    walk(args, "arguments", 0);
  }
  return out;
}

/** Most object keys collected from one call's arguments. */
export const MAX_ARGUMENT_KEYS = 1024;
/** Keys shorter than this cannot hold a credential and are not collected. */
export const MIN_SECRET_KEY_CHARS = 8;

/**
 * Object keys of `args` at any depth (bounded like the values) that are long enough to hold a
 * credential: a secret sent as a key (`{"AKIA…": 1}`) is as much a leak as one sent as a value.
 * For DLP only; keys never join the command-line view.
 */
export function argumentKeys(args: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (out.length >= MAX_ARGUMENT_KEYS || depth > MAX_ARGUMENT_DEPTH || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (out.length >= MAX_ARGUMENT_KEYS) return;
      if (key.length >= MIN_SECRET_KEY_CHARS) out.push(key);
      walk(value, depth + 1);
    }
  };
  walk(args, 0);
  return out;
}

function entry(path: string, value: string, key: string | undefined): ArgumentEntry {
  return key === undefined ? { path, value } : { path, value, key };
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
    (e.key !== undefined && COMMAND_KEY.test(e.key) ? first : rest).push(e.value);
  }
  return [...first, ...rest].join(" ");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
