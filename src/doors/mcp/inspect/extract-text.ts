/**
 * @module collectStrings: the strings of a JSON value a model or a server will read, each with its
 * path, bounded in count and depth. Base64 payloads (image/audio `data`, resource `blob`) are
 * skipped: they are not text and would only cost time (binary content is a media-policy matter).
 * Object keys can be included (DLP on what the client sends: a secret can hide in a key).
 */
import { isObject } from "../jsonrpc/index.ts";

/** Deepest nesting walked. */
export const MAX_WALK_DEPTH = 64;
/** Most strings taken from one message. */
export const MAX_STRINGS = 20_000;

export interface Collected {
  readonly path: string;
  readonly text: string;
}

export interface CollectOptions {
  readonly includeKeys?: boolean;
  /** Also stringify numbers and booleans (DLP: a card number can travel as a number). */
  readonly includeScalars?: boolean;
}

/** Content block types whose `data` field is base64 media. */
const MEDIA_TYPES = new Set(["image", "audio"]);

/** Every string under `value` (paths like `content[0].text`). */
export function collectStrings(value: unknown, path: string, options: CollectOptions = {}): Collected[] {
  const out: Collected[] = [];
  walk(value, path, 0, out, options);
  return out;
}

/** The collected texts joined with newlines (one scan per message instead of one per string). */
export function joinTexts(items: readonly Collected[]): string {
  if (items.length === 1) return items[0]!.text;
  let out = "";
  for (let i = 0; i < items.length; i++) out += i === 0 ? items[i]!.text : `\n${items[i]!.text}`;
  return out;
}

function walk(value: unknown, path: string, depth: number, out: Collected[], options: CollectOptions): void {
  if (out.length >= MAX_STRINGS || depth > MAX_WALK_DEPTH) return;
  if (typeof value === "string") {
    if (value.length > 0) out.push({ path, text: value });
    return;
  }
  if (options.includeScalars && (typeof value === "number" || typeof value === "boolean")) {
    out.push({ path, text: String(value) });
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], `${path}[${i}]`, depth + 1, out, options);
    return;
  }
  if (!isObject(value)) return;
  const media = typeof value["type"] === "string" && MEDIA_TYPES.has(value["type"]);
  for (const key of Object.keys(value)) {
    if (key === "blob" || (media && key === "data")) continue;
    if (options.includeKeys && key.length > 0 && out.length < MAX_STRINGS) out.push({ path: `${path}{key}`, text: key });
    walk(value[key], `${path}.${key}`, depth + 1, out, options);
  }
}

/**
 * A copy of `value` with every string `collectStrings` would visit passed through `fn` (same walk,
 * same skips, same bounds). Strings beyond the bounds are kept as they are.
 */
export function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  const budget = { left: MAX_STRINGS };
  return mapWalk(value, 0, fn, budget);
}

function mapWalk(value: unknown, depth: number, fn: (text: string) => string, budget: { left: number }): unknown {
  if (depth > MAX_WALK_DEPTH || budget.left <= 0) return value;
  if (typeof value === "string") {
    if (value.length === 0) return value;
    budget.left--;
    return fn(value);
  }
  if (Array.isArray(value)) return value.map((v) => mapWalk(v, depth + 1, fn, budget));
  if (!isObject(value)) return value;
  const media = typeof value["type"] === "string" && MEDIA_TYPES.has(value["type"]);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    out[key] = key === "blob" || (media && key === "data") ? value[key] : mapWalk(value[key], depth + 1, fn, budget);
  }
  return out;
}
