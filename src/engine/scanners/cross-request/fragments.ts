/**
 * @module What a door hands cross-request detection: outbound pieces of text, each optionally tagged
 * with the field it travelled in, and helpers that cut a URL, a JSON body or a tool call's arguments
 * into such pieces the same way for every door.
 */
import { percentDecodeFully } from "../../normalize/index.ts";
import { splitQuery } from "../url/query.ts";
import { MAX_FRAGMENTS_PER_OBSERVATION } from "./settings.ts";

export interface CrossRequestFragment {
  readonly text: string;
  /**
   * The field it travelled in (`query:q`, `json:messages[].content`, `mcp:write_file.content`, `ws`,
   * `body`). Pieces of one field are also reassembled on their own, so traffic interleaved between
   * an attacker's pieces cannot break the join.
   */
  readonly field?: string;
  /** Only reassemble within the field, not in the session-wide stream (query parameter names, path tails, host labels). */
  readonly fieldOnly?: boolean;
}

/** Fields helpers produce. */
export const FIELDS = { queryKeys: "query-keys", queryBare: "query-bare", pathTail: "path-tail", hostLabel: "host-label", ws: "ws", body: "body" } as const;

/** Deepest JSON nesting walked. */
export const MAX_JSON_DEPTH = 32;

/**
 * A URL's pieces: query values in wire order (decoded; a bare token `?abc` or `?abc=` counts as a value),
 * query parameter names, the last path segment and the first host label of a 3+-label host (the
 * last three only within their own field). Unparseable URLs give no pieces (the URL scanner denies them).
 */
/** A dotted-quad host (WHATWG URL parsing has already normalised other IPv4 spellings to it). */
const IPV4_LITERAL = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function urlFragments(url: string): CrossRequestFragment[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const out: CrossRequestFragment[] = [];
  for (const p of splitQuery(parsed.search)) {
    if (p.value.length === 0) {
      if (p.key.length > 0) out.push({ text: p.key, field: FIELDS.queryBare });
      continue;
    }
    out.push({ text: p.value, field: `query:${p.key}` });
    if (p.key.length > 0) out.push({ text: p.key, field: FIELDS.queryKeys, fieldOnly: true });
  }
  const segments = parsed.pathname.split("/").filter((s) => s.length > 0);
  const tail = segments.at(-1);
  if (tail !== undefined) out.push({ text: percentDecodeFully(tail), field: FIELDS.pathTail, fieldOnly: true });
  // An IP literal has no label to carry data (its first octet is not a piece).
  const host = parsed.hostname;
  const ipLiteral = host.startsWith("[") || IPV4_LITERAL.test(host);
  const labels = host.split(".");
  if (!ipLiteral && labels.length >= 3 && labels[0]!.length > 0) out.push({ text: labels[0]!, field: FIELDS.hostLabel, fieldOnly: true });
  return out.slice(0, MAX_FRAGMENTS_PER_OBSERVATION);
}

/**
 * The string (and number) leaves of a parsed JSON value, each in the field named by its path with
 * array indices collapsed (`json:messages[].content`), so the same field across requests forms one
 * stream. Bounded in depth and count.
 */
export function jsonFragments(value: unknown, prefix = "json"): CrossRequestFragment[] {
  const out: CrossRequestFragment[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (out.length >= MAX_FRAGMENTS_PER_OBSERVATION || depth > MAX_JSON_DEPTH) return;
    if (typeof node === "string") {
      if (node.length > 0) out.push({ text: node, field: path });
    } else if (typeof node === "number" && Number.isFinite(node)) out.push({ text: String(node), field: path });
    else if (Array.isArray(node)) for (const item of node) walk(item, `${path}[]`, depth + 1);
    else if (node !== null && typeof node === "object") for (const [key, item] of Object.entries(node)) walk(item, `${path}.${key}`, depth + 1);
  };
  walk(value, prefix, 0);
  return out;
}

/** An MCP `tools/call`'s arguments, in fields named after the tool. */
export function toolCallFragments(toolName: string, args: unknown): CrossRequestFragment[] {
  return jsonFragments(args, `mcp:${toolName}`);
}

/**
 * A request body: a JSON body by its leaves; any other body as one piece (the door passes at most
 * the first 64 KiB, as the reference does).
 */
export function bodyFragments(body: string, contentType = ""): CrossRequestFragment[] {
  if (body.length === 0) return [];
  const looksJson = /json/i.test(contentType) || /^\s*[{[]/.test(body);
  if (looksJson) {
    try {
      return jsonFragments(JSON.parse(body) as unknown);
    } catch {
      // not JSON after all: one piece
    }
  }
  return [{ text: body, field: FIELDS.body }];
}
