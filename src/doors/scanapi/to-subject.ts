/**
 * @module Per-kind input validation (`invalid_input`) and the mapping of a valid request onto
 * the engine's Subject. Details name fields and limits, never the values.
 */
import type { Subject } from "../../engine/types.ts";
import { allStringsWellFormed } from "./json-structure.ts";
import type { ScanRequestInput } from "./parse-request.ts";
import type { ScanApiFieldLimits, ScanApiKind } from "./settings.ts";

/** Longest tool name or context string (request_id, session_id, agent_name), in UTF-8 bytes. */
export const MAX_NAME_BYTES = 1024;

export type SubjectResult = { readonly ok: true; readonly subject: Subject } | { readonly ok: false; readonly detail: string };

/** The input fields each kind reads; any other present field is a client mistake. */
const KIND_FIELDS: Readonly<Record<ScanApiKind, readonly string[]>> = {
  url: ["url"],
  dlp: ["text"],
  prompt_injection: ["content"],
  tool_call: ["tool_name", "arguments"],
  tool_description: ["tool"],
};

const HTTP_SCHEME = /^https?:\/\//i;

function fail(detail: string): SubjectResult {
  return { ok: false, detail };
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** A required, non-empty, well-formed string within `limit` bytes; else the problem. */
function textProblem(name: string, value: unknown, limit: number): string | undefined {
  if (typeof value !== "string" || value.length === 0) return `input.${name} is required and must be a non-empty string`;
  if (!value.isWellFormed()) return `input.${name} is not valid Unicode (lone surrogate)`;
  if (utf8Bytes(value) > limit) return `input.${name} exceeds ${limit} bytes`;
  return undefined;
}

/** Arbitrary JSON within `limit` bytes once serialised, with only well-formed strings. */
function jsonValueProblem(name: string, value: unknown, limit: number): string | undefined {
  if (!allStringsWellFormed(value)) return `input.${name} contains a string that is not valid Unicode`;
  if (utf8Bytes(JSON.stringify(value)) > limit) return `input.${name} exceeds ${limit} bytes`;
  return undefined;
}

function urlProblem(value: unknown, limit: number): string | undefined {
  const problem = textProblem("url", value, limit);
  if (problem !== undefined) return problem;
  const url = value as string;
  const message = "input.url must be an http:// or https:// URL with a host";
  if (!HTTP_SCHEME.test(url)) return message;
  try {
    const parsed = new URL(url);
    if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.hostname.length === 0) return message;
  } catch {
    return message;
  }
  return undefined;
}

/** Context strings are echoed (request_id), so they too must be sane. */
export function contextProblem(context: Readonly<Record<string, string>>): string | undefined {
  for (const [key, value] of Object.entries(context)) {
    if (!value.isWellFormed()) return `context.${key} is not valid Unicode (lone surrogate)`;
    if (utf8Bytes(value) > MAX_NAME_BYTES) return `context.${key} exceeds ${MAX_NAME_BYTES} bytes`;
  }
  return undefined;
}

/** Validates `input` for `kind` and builds the Subject the engine scans. */
export function toSubject(kind: ScanApiKind, input: ScanRequestInput, limits: ScanApiFieldLimits): SubjectResult {
  const allowed = KIND_FIELDS[kind];
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) return fail(`input.${key} is not used by kind ${kind} (expected: ${allowed.join(", ")})`);
  }
  switch (kind) {
    case "url": {
      const problem = urlProblem(input.url, limits.url);
      return problem !== undefined ? fail(problem) : { ok: true, subject: { kind: "url", url: input.url as string } };
    }
    case "dlp": {
      const problem = textProblem("text", input.text, limits.text);
      return problem !== undefined ? fail(problem) : { ok: true, subject: { kind: "text", text: input.text as string } };
    }
    case "prompt_injection": {
      const problem = textProblem("content", input.content, limits.content);
      return problem !== undefined ? fail(problem) : { ok: true, subject: { kind: "content", content: input.content as string } };
    }
    case "tool_call": {
      const problem =
        textProblem("tool_name", input.tool_name, MAX_NAME_BYTES) ??
        (input.arguments !== undefined ? jsonValueProblem("arguments", input.arguments, limits.arguments) : undefined);
      if (problem !== undefined) return fail(problem);
      // MCP makes arguments optional; absent means an empty argument object.
      const args = input.arguments !== undefined ? input.arguments : {};
      return { ok: true, subject: { kind: "tool_call", toolName: input.tool_name as string, arguments: args } };
    }
    case "tool_description": {
      const tool = input.tool;
      if (tool === null || typeof tool !== "object" || Array.isArray(tool)) return fail("input.tool must be an MCP tool object");
      const name = (tool as Record<string, unknown>).name;
      if (typeof name !== "string" || name.length === 0) return fail("input.tool.name is required and must be a non-empty string");
      const problem = jsonValueProblem("tool", tool, limits.arguments);
      return problem !== undefined ? fail(problem) : { ok: true, subject: { kind: "tool_description", tool } };
    }
  }
}
