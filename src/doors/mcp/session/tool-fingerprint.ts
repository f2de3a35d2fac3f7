/**
 * @module Tool fingerprints for rug-pull detection: SHA-256 over what a model reads about a tool —
 * name, title, description, input and output schemas and annotations — as JSON in a fixed field
 * order. Whitespace does not count; any other change does (nested key order included). `describeDrift`
 * says what changed in words a user can act on, without echoing more than a short excerpt.
 */
import { isObject } from "../jsonrpc/index.ts";

/** Fields of a tool definition that are fingerprinted. */
export const FINGERPRINT_FIELDS = ["name", "title", "description", "inputSchema", "outputSchema", "annotations"] as const;
/** Nesting beyond this is fingerprinted as a marker (the parser already bounds depth). */
const MAX_CANONICAL_DEPTH = 64;
/** Longest excerpt of added text quoted in a drift description. */
const MAX_ADDED_EXCERPT = 120;

/**
 * Hex SHA-256 of the fingerprinted fields in a fixed order, each serialized as the server sent it
 * (native JSON.stringify: a repeated list costs microseconds). Nested key order therefore counts,
 * as in the reference; servers serialize their definitions the same way every time.
 */
export function toolFingerprint(tool: unknown): string {
  return hashFingerprintText(fingerprintText(tool));
}

/** The text a fingerprint hashes: the fingerprinted fields as JSON, in FINGERPRINT_FIELDS order. */
export function fingerprintText(tool: unknown): string {
  const picked = isObject(tool) ? FINGERPRINT_FIELDS.map((field) => tool[field] ?? null) : [];
  try {
    return JSON.stringify(picked);
  } catch {
    return canonicalJson(picked);
  }
}

/** Hex SHA-256 of a fingerprintText. */
export function hashFingerprintText(text: string): string {
  // Bun's one-shot SHA-256: same digest as node:crypto, a third cheaper per tool.
  return Bun.SHA256.hash(text, "hex");
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_CANONICAL_DEPTH) return '"[too deep]"';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.filter((k) => value[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k], depth + 1)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** One sentence naming what changed between two definitions of the same tool. */
export function describeDrift(before: unknown, after: unknown): string {
  const a = isObject(before) ? before : {};
  const b = isObject(after) ? after : {};
  const parts: string[] = [];
  const da = typeof a["description"] === "string" ? a["description"] : "";
  const db = typeof b["description"] === "string" ? b["description"] : "";
  if (da !== db) {
    const added = addedText(da, db);
    const delta = db.length - da.length;
    parts.push(`description ${delta >= 0 ? `grew by ${delta}` : `shrank by ${-delta}`} characters${added ? ` (added: "${added}")` : ""}`);
  }
  const pa = propertyNames(a["inputSchema"]);
  const pb = propertyNames(b["inputSchema"]);
  const addedProps = pb.filter((p) => !pa.includes(p));
  const removedProps = pa.filter((p) => !pb.includes(p));
  if (addedProps.length > 0) parts.push(`parameters added: ${addedProps.slice(0, 10).join(", ")}`);
  if (removedProps.length > 0) parts.push(`parameters removed: ${removedProps.slice(0, 10).join(", ")}`);
  for (const field of ["title", "inputSchema", "outputSchema", "annotations"] as const) {
    if (field === "inputSchema" && (addedProps.length > 0 || removedProps.length > 0)) continue;
    if (canonicalJson(a[field]) !== canonicalJson(b[field])) parts.push(`${field} changed`);
  }
  return parts.length > 0 ? parts.join("; ") : "definition changed";
}

function propertyNames(schema: unknown): string[] {
  if (!isObject(schema) || !isObject(schema["properties"])) return [];
  return Object.keys(schema["properties"]);
}

/** The text after the common prefix of `before` (what a rug pull usually appends), shortened. */
function addedText(before: string, after: string): string {
  let i = 0;
  while (i < before.length && i < after.length && before[i] === after[i]) i++;
  const rest = after.slice(i).replace(/\s+/g, " ").trim();
  return rest.length > MAX_ADDED_EXCERPT ? `${rest.slice(0, MAX_ADDED_EXCERPT)}…` : rest;
}
