/**
 * @module toolDescriptionTexts: every string of an MCP tool definition that a model reads and an
 * attacker can hide instructions in (name, title, description, annotations, and inside the input
 * and output JSON Schemas: descriptions, titles, patterns, comments, defaults, enums, examples,
 * vendor `x-*` keys and property names), each with where it sits. Bounded; never throws.
 */
import { BoundedMemo } from "../../memo/index.ts";
export { scanToolTexts, TEXT_SEPARATOR, type ScanOne } from "./scan-joined.ts";
export { createFindingsMemo, findingsMemoFor, MAX_MEMO_KEY_CHARS, MAX_MEMO_TOOLS, type FindingsMemo } from "./findings-memo.ts";

export interface ToolText {
  /** Where the text sits: `tool.description`, `tool.inputSchema.properties.path.description`, … */
  readonly location: string;
  readonly text: string;
}

/** Deepest schema nesting walked (JSON Schema composition rarely goes past a handful). */
export const MAX_SCHEMA_DEPTH = 20;
/** Most texts taken from one tool. */
export const MAX_TOOL_TEXTS = 4096;
/** Most schema nodes visited per tool, so a huge schema costs bounded time. */
export const MAX_SCHEMA_NODES = 50_000;
/** Property names longer than this are kept as written but not split into words. */
const MAX_HUMANIZE_CHARS = 256;
/** Split property names remembered (a pure function of the name). */
const MAX_HUMANIZED_NAMES = 2048;

const TOP_LEVEL_TEXT_KEYS = ["name", "title", "description"] as const;
const SCHEMA_KEYS = ["inputSchema", "outputSchema"] as const;
/** Schema keywords whose string value is prose or a pattern a model may read. */
const SCHEMA_TEXT_KEYS = new Set(["description", "title", "pattern", "$comment"]);
/** Schema keywords whose string leaves (however nested) are example values. */
const SCHEMA_VALUE_KEYS = new Set(["default", "const", "enum", "examples"]);
/** Schema keywords that map property names (attacker-chosen words) to subschemas. */
const PROPERTY_MAP_KEYS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

const CAMEL_BOUNDARY = /([a-z0-9])([A-Z])|([A-Z]+)([A-Z][a-z])/g;
const WORD_SEPARATORS = /[_\-.\s]+/g;
/** Lower-case letters and digits only (`path`, `url`): nothing to split, the name is its own words. */
const ALREADY_WORDS = /^[a-z0-9]*$/;

/** The texts of one tool definition; `[]` for anything that is not an object. */
export function toolDescriptionTexts(tool: unknown): ToolText[] {
  const out: ToolText[] = [];
  if (!isRecord(tool)) return out;
  let nodes = 0;
  const emit: Emit = {
    text(location, text) {
      if (out.length < MAX_TOOL_TEXTS && text.length > 0) out.push({ location, text });
    },
    more() {
      return out.length < MAX_TOOL_TEXTS && ++nodes <= MAX_SCHEMA_NODES;
    },
  };
  try {
    for (const key of TOP_LEVEL_TEXT_KEYS) {
      const value = tool[key];
      if (typeof value === "string") emit.text(`tool.${key}`, value);
    }
    if (tool["annotations"] !== undefined) emitStringLeaves(tool["annotations"], "tool.annotations", 1, emit);
    for (const key of SCHEMA_KEYS) {
      if (tool[key] !== undefined) walkSchema(tool[key], `tool.${key}`, 1, emit);
    }
  } catch {
    // Hostile objects (throwing getters, proxies): keep what was collected.
  }
  return out;
}

/** `ssh_key_content`, `sshKeyContent`, `ssh-key-content` → `ssh key content`. */
export function humanizeName(name: string): string {
  if (name.length > MAX_HUMANIZE_CHARS || ALREADY_WORDS.test(name)) return name;
  return humanized.get(name) ?? humanized.set(name, name.replace(CAMEL_BOUNDARY, "$1$3 $2$4").replace(WORD_SEPARATORS, " ").trim().toLowerCase());
}

/** Property names already split (the same few recur in every schema); starts over when full. */
const humanized = new BoundedMemo<string, string>(MAX_HUMANIZED_NAMES);

interface Emit {
  text(location: string, text: string): void;
  /** False once the text or node budget is spent. */
  more(): boolean;
}

function walkSchema(node: unknown, path: string, depth: number, emit: Emit): void {
  if (depth > MAX_SCHEMA_DEPTH || !emit.more()) return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      // A scalar item is a node without texts: counted, no path built.
      if (item === null || typeof item !== "object") {
        if (depth + 1 <= MAX_SCHEMA_DEPTH) emit.more();
      } else walkSchema(item, `${path}[${i}]`, depth + 1, emit);
    }
    return;
  }
  if (!isRecord(node)) return;
  // Paths are built only where a text or a subschema can be (not for `type`, `minimum`, …).
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (SCHEMA_TEXT_KEYS.has(key) && typeof value === "string") emit.text(`${path}.${key}`, value);
    else if (SCHEMA_VALUE_KEYS.has(key) || key.startsWith("x-")) emitStringLeaves(value, `${path}.${key}`, depth + 1, emit);
    else if (PROPERTY_MAP_KEYS.has(key) && isRecord(value)) {
      const at = `${path}.${key}`;
      for (const name of Object.keys(value)) {
        const propertyAt = `${at}.${name}`;
        emit.text(propertyAt, name);
        const words = humanizeName(name);
        if (words !== name && words.length > 0) emit.text(propertyAt, words);
        walkSchema(value[name], propertyAt, depth + 1, emit);
      }
    } else if (value !== null && typeof value === "object") walkSchema(value, `${path}.${key}`, depth + 1, emit);
  }
}

/** Every string under `node` (object keys excluded), bounded by depth. */
function emitStringLeaves(node: unknown, path: string, depth: number, emit: Emit): void {
  if (depth > MAX_SCHEMA_DEPTH || !emit.more()) return;
  if (typeof node === "string") emit.text(path, node);
  else if (Array.isArray(node)) for (let i = 0; i < node.length; i++) emitStringLeaves(node[i], `${path}[${i}]`, depth + 1, emit);
  else if (isRecord(node)) for (const key of Object.keys(node)) emitStringLeaves(node[key], `${path}.${key}`, depth + 1, emit);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
