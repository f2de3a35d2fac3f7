/**
 * @module Strict decoding of a Scan API request body: UTF-8 only, one JSON object, no trailing
 * data, no duplicate or unknown fields, and each known field of the right JSON type. Anything
 * else is `invalid_json`; what the values mean is checked later, per kind.
 */
import { jsonStructureProblem } from "./json-structure.ts";

/** The input fields that were present and not null, by wire name. */
export type ScanRequestInput = Readonly<Record<string, unknown>>;

/** The request as decoded; `null` in the JSON counts as absent, as in pipelock's Go decoder. */
export interface ScanApiRequest {
  readonly kind: string;
  readonly input: ScanRequestInput;
  readonly context: { readonly request_id?: string; readonly session_id?: string; readonly agent_name?: string };
  readonly includeEvidence: boolean;
}

export type ParseResult = { readonly ok: true; readonly request: ScanApiRequest } | { readonly ok: false; readonly detail: string };

const TOP_FIELDS = new Set(["kind", "input", "context", "options"]);
const INPUT_FIELDS = new Set(["url", "text", "content", "tool_name", "arguments", "tool"]);
const INPUT_STRING_FIELDS = new Set(["url", "text", "content", "tool_name"]);
const CONTEXT_FIELDS = new Set(["request_id", "session_id", "agent_name"]);
const OPTION_FIELDS = new Set(["include_evidence"]);

const utf8 = new TextDecoder("utf-8", { fatal: true });

function fail(detail: string): ParseResult {
  return { ok: false, detail: `invalid request: ${detail}` };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True when `object` has a key outside `allowed`. Error details name only our field names, never the key. */
function unknownField(object: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  return Object.keys(object).some((key) => !allowed.has(key));
}

/** An optional nested object: absent and null give {}, another type gives undefined. */
function optionalObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return {};
  return isPlainObject(value) ? value : undefined;
}

export function parseScanRequest(bytes: Uint8Array): ParseResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail("body is not valid UTF-8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail("body is not one JSON value (empty, malformed or followed by trailing data)");
  }
  if (!isPlainObject(parsed)) return fail("body must be a JSON object");
  const structure = jsonStructureProblem(text, undefined, parsed);
  if (structure !== undefined) return fail(structure);
  if (unknownField(parsed, TOP_FIELDS)) return fail("unknown top-level field (allowed: kind, input, context, options)");

  const kind = parsed.kind ?? "";
  if (typeof kind !== "string") return fail("kind must be a string");

  const input = optionalObject(parsed.input);
  if (input === undefined) return fail("input must be an object");
  if (unknownField(input, INPUT_FIELDS)) return fail("unknown input field (allowed: url, text, content, tool_name, arguments, tool)");
  const presentInput: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null) continue;
    if (INPUT_STRING_FIELDS.has(key) && typeof value !== "string") return fail(`input.${key} must be a string`);
    presentInput[key] = value;
  }

  const context = optionalObject(parsed.context);
  if (context === undefined) return fail("context must be an object");
  if (unknownField(context, CONTEXT_FIELDS)) return fail("unknown context field (allowed: request_id, session_id, agent_name)");
  const presentContext: Record<string, string> = {};
  for (const [key, value] of Object.entries(context)) {
    if (value === null) continue;
    if (typeof value !== "string") return fail(`context.${key} must be a string`);
    presentContext[key] = value;
  }

  const options = optionalObject(parsed.options);
  if (options === undefined) return fail("options must be an object");
  if (unknownField(options, OPTION_FIELDS)) return fail("unknown options field (allowed: include_evidence)");
  const includeEvidence = options.include_evidence ?? false;
  if (typeof includeEvidence !== "boolean") return fail("options.include_evidence must be a boolean");

  return { ok: true, request: { kind, input: presentInput, context: presentContext, includeEvidence } };
}
