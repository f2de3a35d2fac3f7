/**
 * @module Pulls the string leaves out of a tool call's arguments (values, not keys, so that key
 * names such as "cmd" or "flags" do not break adjacency), bounded in depth and count.
 */

export const MAX_ARGUMENT_DEPTH = 32;
export const MAX_ARGUMENT_STRINGS = 4096;

/** String leaves of `args` (numbers and booleans rendered), optionally only under matching top-level keys. */
export function argumentStrings(args: unknown, keyFilter?: (key: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (out.length >= MAX_ARGUMENT_STRINGS || depth > MAX_ARGUMENT_DEPTH) return;
    if (typeof node === "string") out.push(node);
    else if (typeof node === "number" || typeof node === "boolean") out.push(String(node));
    else if (Array.isArray(node)) for (const item of node) walk(item, depth + 1);
    else if (node !== null && typeof node === "object") for (const value of Object.values(node)) walk(value, depth + 1);
  };
  if (keyFilter && args !== null && typeof args === "object" && !Array.isArray(args)) {
    for (const [key, value] of Object.entries(args)) if (keyFilter(key)) walk(value, 1);
  } else {
    walk(args, 0);
  }
  return out;
}
