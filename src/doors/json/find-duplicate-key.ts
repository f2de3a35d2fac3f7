/**
 * @module findDuplicateKey: the first object key that appears twice in one object of a JSON text,
 * or the nesting depth being exceeded. Two parsers can disagree on which duplicate wins (first vs
 * last), so a message with duplicates could be scanned as one thing and executed as another; the
 * proxy refuses them. Runs on text JSON.parse already accepted: one linear pass, strings skipped
 * with indexOf, escaped keys decoded before comparing.
 *
 * With the parsed value at hand the common case allocates nothing: the pass only counts the keys
 * written in the text (and the depth), and a walk counts the own keys of the parsed objects. Parsing
 * keeps one property per distinct key, so the counts are equal exactly when no object repeats a
 * key; only a mismatch pays for the per-object key sets, to name the duplicate. Shared by every door
 * that takes JSON from a client or a server (MCP messages, Scan API requests).
 */

/** Default deepest nesting of objects and arrays. */
export const DEFAULT_MAX_JSON_DEPTH = 128;

export type KeyProblem = { readonly kind: "duplicate"; readonly key: string } | { readonly kind: "too_deep" };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;

/**
 * Undefined when every object has distinct keys and nesting stays within `maxDepth`.
 * `parsed`: `JSON.parse(text)`, when the caller has it (the fast path).
 */
export function findDuplicateKey(text: string, parsed?: unknown, maxDepth: number = DEFAULT_MAX_JSON_DEPTH): KeyProblem | undefined {
  if (parsed === undefined) return namedDuplicate(text, maxDepth);
  const written = countWrittenKeys(text, maxDepth);
  if (written < 0) return { kind: "too_deep" };
  // Depth is within maxDepth here, so the walk's recursion is bounded.
  return written === countParsedKeys(parsed) ? undefined : namedDuplicate(text, maxDepth);
}

/** Keys as written in the text (a string followed by a colon), or -1 past `maxDepth`. */
function countWrittenKeys(text: string, maxDepth: number): number {
  let keys = 0;
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i + 1) + 1;
      // Valid JSON: a string followed by a colon is an object key.
      let next = text.charCodeAt(i);
      while (next === 0x20 || next === 0x0a || next === 0x0d || next === 0x09) next = text.charCodeAt(++i);
      if (next === COLON) {
        keys++;
        i++;
      }
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) return -1;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
    i++;
  }
  return keys;
}

/** Nothing enumerable on Object.prototype: `for…in` over a JSON.parse object sees only its own keys. */
const EMPTY: object = {};

/** Own keys of every object in a JSON.parse result. */
function countParsedKeys(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  for (const _ in EMPTY) return countOwnKeys(value);
  return countKeys(value);
}

/** countParsedKeys when Object.prototype is clean (no own-key test needed). */
function countKeys(value: unknown): number {
  let count = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === "object") count += countKeys(item);
    }
    return count;
  }
  // JSON.parse makes plain objects whose prototype is Object.prototype.
  const record = value as Record<string, unknown>;
  for (const key in record) {
    count++;
    const item = record[key];
    if (item !== null && typeof item === "object") count += countKeys(item);
  }
  return count;
}

/** countParsedKeys when something enumerable was added to Object.prototype. */
function countOwnKeys(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) count += countOwnKeys(value[i]);
    return count;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    count += 1 + countOwnKeys(record[key]);
  }
  return count;
}

/** The slow pass: a key set per open object, to name the first repeated key. */
function namedDuplicate(text: string, maxDepth: number): KeyProblem | undefined {
  // One frame per open container: a Set of keys for objects, null for arrays.
  const stack: (Set<string> | null)[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i + 1);
      const frame = stack[stack.length - 1];
      if (frame && nextSignificant(text, end + 1) === COLON) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (frame.has(key)) return { kind: "duplicate", key: key.length > 64 ? `${key.slice(0, 64)}…` : key };
        frame.add(key);
      }
      i = end + 1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (stack.length >= maxDepth) return { kind: "too_deep" };
      stack.push(c === OPEN_OBJECT ? new Set() : null);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
    }
    i++;
  }
  return undefined;
}

/** Index of the quote closing the string that starts at `from` (text is valid JSON). */
function closingQuote(text: string, from: number): number {
  let q = text.indexOf('"', from);
  // A quote preceded by an odd run of backslashes is escaped: look further.
  while (q > from && text.charCodeAt(q - 1) === BACKSLASH) {
    let k = q - 1;
    while (k > from && text.charCodeAt(k - 1) === BACKSLASH) k--;
    if ((q - k) % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return q < 0 ? text.length : q;
}

function nextSignificant(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return -1;
}
