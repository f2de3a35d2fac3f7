/**
 * @module MCP era detection for HTTP requests and the 2026-07-28 header/body consistency check.
 * Modern (stateless) requests carry their protocol version in `MCP-Protocol-Version` and
 * `params._meta`, and mirror `method` and the tool/prompt/resource name into `Mcp-Method` and
 * `Mcp-Name` (and `x-mcp-header` arguments into `Mcp-Param-*`). The proxy decides on the body, so
 * headers that disagree with it are request smuggling: 400 with JSON-RPC -32020.
 */
import { isObject, type JsonObject } from "../jsonrpc/index.ts";

/** The first stateless revision. */
export const MODERN_PROTOCOL_VERSION = "2026-07-28";
const META_VERSION_KEY = "io.modelcontextprotocol/protocolVersion";
const VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
const SENTINEL = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/;
/** Methods whose name travels in `Mcp-Name`, and the params field it mirrors. */
const NAMED_METHODS: Readonly<Record<string, "name" | "uri">> = { "tools/call": "name", "prompts/get": "name", "resources/read": "uri" };

export type Era = "modern" | "legacy";

/** Which era a POST belongs to: modern when its header or body says 2026-07-28 or later. */
export function detectEra(headers: Headers, body: unknown): Era {
  const header = headers.get("mcp-protocol-version");
  if (header !== null && VERSION_FORMAT.test(header) && header >= MODERN_PROTOCOL_VERSION) return "modern";
  if (headers.has("mcp-method")) return "modern";
  if (isObject(body) && isObject(body["params"])) {
    const meta = body["params"]["_meta"];
    if (isObject(meta) && typeof meta[META_VERSION_KEY] === "string") return "modern";
  }
  return "legacy";
}

/** A protocol version header that is present but malformed (400 for any era). */
export function badVersionHeader(headers: Headers): boolean {
  const v = headers.get("mcp-protocol-version");
  return v !== null && !VERSION_FORMAT.test(v);
}

/** `=?base64?…?=` → its UTF-8 text; any other value as it is; undefined for a broken sentinel. */
export function decodeHeaderValue(value: string): string | undefined {
  const m = SENTINEL.exec(value);
  if (m === null) return value.startsWith("=?base64?") ? undefined : value;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(m[1]!, "base64"));
  } catch {
    return undefined;
  }
}

/**
 * Header/body mismatches of a modern request, as a reason; undefined when consistent.
 * `paramHeaders` maps an argument name to the header name its schema asks for (`x-mcp-header`),
 * when the tool's schema is known.
 */
export function headerMismatch(headers: Headers, body: unknown, paramHeaders?: ReadonlyMap<string, string>): string | undefined {
  if (!isObject(body)) return "a 2026-07-28 request must be one JSON-RPC object";
  const method = typeof body["method"] === "string" ? body["method"] : undefined;
  if (method === undefined) return undefined; // responses carry no method header
  const headerMethod = headers.get("mcp-method");
  if (headerMethod === null) return "Mcp-Method header is missing";
  if (decodeHeaderValue(headerMethod) !== method) return "Mcp-Method header does not match the body's method";
  const params = isObject(body["params"]) ? body["params"] : {};
  const field = NAMED_METHODS[method];
  const headerName = headers.get("mcp-name");
  if (field !== undefined) {
    const bodyName = params[field];
    if (headerName === null) return "Mcp-Name header is missing";
    if (typeof bodyName !== "string" || decodeHeaderValue(headerName) !== bodyName) return `Mcp-Name header does not match params.${field}`;
  } else if (headerName !== null) return `Mcp-Name header is not expected for ${method}`;
  return paramMismatch(headers, method, params, paramHeaders);
}

function paramMismatch(headers: Headers, method: string, params: JsonObject, paramHeaders: ReadonlyMap<string, string> | undefined): string | undefined {
  const sent: [string, string][] = [];
  headers.forEach((value, key) => {
    if (key.startsWith("mcp-param-")) sent.push([key.slice("mcp-param-".length), value]);
  });
  if (sent.length === 0) return undefined;
  if (method !== "tools/call") return "Mcp-Param-* headers are only valid on tools/call";
  if (paramHeaders === undefined) return undefined; // schema unknown: the call is judged on its body
  const args = isObject(params["arguments"]) ? params["arguments"] : {};
  const byHeader = new Map([...paramHeaders].map(([arg, header]) => [header.toLowerCase(), arg]));
  for (const [name, raw] of sent) {
    const arg = byHeader.get(name);
    if (arg === undefined) return `Mcp-Param-${name} does not name an x-mcp-header argument`;
    const value = decodeHeaderValue(raw);
    const actual = args[arg];
    if (value === undefined || actual === undefined || !sameScalar(actual, value)) return `Mcp-Param-${name} does not match arguments.${arg}`;
  }
  return undefined;
}

/** Integers compare numerically, booleans as true/false, strings exactly. */
function sameScalar(actual: unknown, header: string): boolean {
  if (typeof actual === "string") return actual === header;
  if (typeof actual === "boolean") return String(actual) === header;
  if (typeof actual === "number") return header.trim() !== "" && Number(header) === actual;
  return false;
}

/** Argument name → `x-mcp-header` name, from a tool definition's inputSchema. */
export function mcpParamHeaders(tool: unknown): Map<string, string> | undefined {
  if (!isObject(tool) || !isObject(tool["inputSchema"]) || !isObject(tool["inputSchema"]["properties"])) return undefined;
  const out = new Map<string, string>();
  for (const [arg, schema] of Object.entries(tool["inputSchema"]["properties"])) {
    if (isObject(schema) && typeof schema["x-mcp-header"] === "string") out.set(arg, schema["x-mcp-header"]);
  }
  return out;
}
