/**
 * @module YAML text → plain value checked against a valibot schema, with every problem reported
 * as `file:line:col: message`. Shared by the config loader and the rule-pack loader.
 */
import { isAlias, isCollection, isNode, isScalar, LineCounter, parseDocument, visit, type Document } from "yaml";
import * as v from "valibot";

/** Upper bound on YAML aliases: a billion-laughs file is an error, not an OOM. */
export const MAX_YAML_ALIASES = 100;
/** Upper bound on a YAML source file's size. */
export const MAX_YAML_BYTES = 4 * 1024 * 1024;

/** One load-time problem, located in its file. */
export interface LoadIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: string;
  readonly message: string;
}

/** Render an issue the way compilers do: `file:line:col: message`. */
export function formatIssue(issue: LoadIssue): string {
  const where = issue.path ? ` (at ${issue.path})` : "";
  return `${issue.file}:${issue.line}:${issue.col}: ${issue.message}${where}`;
}

/** Raised when a source cannot be loaded; carries every issue found, not just the first. */
export class LoadError extends Error {
  readonly issues: readonly LoadIssue[];
  constructor(issues: readonly LoadIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.issues = issues;
    this.name = "LoadError";
  }
}

export type ParseResult<T> = { ok: true; value: T; doc: Document; lines: LineCounter } | { ok: false; issues: LoadIssue[] };

/** Parse YAML text and validate it against `schema`. Never throws on bad input. */
export function parseYamlWith<S extends v.GenericSchema>(
  schema: S,
  text: string,
  file: string,
): ParseResult<v.InferOutput<S>> {
  if (text.length > MAX_YAML_BYTES) {
    return { ok: false, issues: [{ file, line: 1, col: 1, path: "", message: `file is larger than ${MAX_YAML_BYTES} bytes` }] };
  }
  if (text.includes("\u0000")) {
    return { ok: false, issues: [{ file, line: 1, col: 1, path: "", message: "file contains NUL bytes; not a YAML text file" }] };
  }
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (err) {
    return { ok: false, issues: [{ file, line: 1, col: 1, path: "", message: `cannot parse YAML: ${(err as Error).message}` }] };
  }
  const issues: LoadIssue[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lines.linePos(e.pos[0]);
    issues.push({ file, line: pos.line, col: pos.col, path: "", message: firstLine(e.message) });
  }
  // A mapping key that is itself a list or map would be silently stringified: refuse it.
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (isCollection(key) || isAlias(key) || (isScalar(key) && typeof key.value === "object" && key.value !== null)) {
        const pos = lines.linePos(isNode(key) && key.range ? key.range[0] : 0);
        issues.push({ file, line: pos.line, col: pos.col, path: "", message: "a mapping key must be a plain value, not a list, map or alias" });
      }
    },
  });
  if (issues.length > 0) return { ok: false, issues };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    return { ok: false, issues: [{ file, line: 1, col: 1, path: "", message: firstLine((err as Error).message) }] };
  }
  const result = v.safeParse(schema, value ?? {});
  if (!result.success) {
    return { ok: false, issues: result.issues.map((issue) => toLoadIssue(issue, doc, lines, file)) };
  }
  return { ok: true, value: result.output, doc, lines };
}

/** Locate a value by key path in a parsed document (1-based line and column). */
export function locate(doc: Document, lines: LineCounter, keys: readonly (string | number)[]): { line: number; col: number } {
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

function toLoadIssue(issue: v.BaseIssue<unknown>, doc: Document, lines: LineCounter, file: string): LoadIssue {
  const keys = (issue.path ?? []).map((p) => p.key as string | number);
  const path = keys.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("").replace(/^\./, "");
  let message = issue.message;
  // An unknown key in a strict object: point at the key itself and name it.
  if (issue.kind === "schema" && issue.type === "strict_object" && issue.expected === "never") {
    message = `unknown key "${String(keys[keys.length - 1])}"`;
    return { file, ...locateKey(doc, lines, keys), path, message };
  }
  if (issue.kind === "schema" && issue.type === "strict_object" && issue.received === "undefined") {
    message = `missing required key "${String(keys[keys.length - 1])}"`;
    return { file, ...locate(doc, lines, keys), path, message };
  }
  if (issue.expected && issue.received && !message.includes(issue.received)) message = `${message} (got ${issue.received})`;
  return { file, ...locate(doc, lines, keys), path, message };
}

/** Position of a mapping key (for unknown-key errors), falling back to the value's position. */
function locateKey(doc: Document, lines: LineCounter, keys: readonly (string | number)[]): { line: number; col: number } {
  const parent = keys.length > 1 ? doc.getIn(keys.slice(0, -1), true) : doc.contents;
  const last = keys[keys.length - 1];
  if (parent && typeof parent === "object" && "items" in parent) {
    for (const pair of (parent as { items: Array<{ key?: unknown }> }).items) {
      const k = pair.key;
      if (isNode(k) && "value" in k && (k as { value: unknown }).value === last && k.range) return lines.linePos(k.range[0]);
    }
  }
  return locate(doc, lines, keys);
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}
