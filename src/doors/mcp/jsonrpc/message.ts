/**
 * @module JSON-RPC 2.0 message shapes as MCP uses them, and `classifyMessage`, which checks one
 * parsed value and says what it is. Anything that is not exactly one of the four shapes is
 * `invalid` with a reason (the proxy denies it; it never guesses).
 */

/** A request id: string or number, never null (MCP forbids null ids). */
export type JsonRpcId = string | number;

export type JsonObject = { [key: string]: unknown };

export type Classified =
  | { readonly kind: "request"; readonly id: JsonRpcId; readonly method: string; readonly params: JsonObject | undefined; readonly message: JsonObject }
  | { readonly kind: "notification"; readonly method: string; readonly params: JsonObject | undefined; readonly message: JsonObject }
  | { readonly kind: "result"; readonly id: JsonRpcId; readonly result: unknown; readonly message: JsonObject }
  | { readonly kind: "error"; readonly id: JsonRpcId | null; readonly error: JsonRpcErrorBody; readonly message: JsonObject }
  | { readonly kind: "invalid"; readonly reason: string; readonly id: JsonRpcId | null };

export interface JsonRpcErrorBody {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** Longest method name accepted (MCP methods are short; this bounds logs and events). */
export const MAX_METHOD_CHARS = 256;
/** Longest string id accepted. */
export const MAX_ID_CHARS = 256;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** What one parsed JSON value is, checked strictly. */
export function classifyMessage(value: unknown): Classified {
  if (!isObject(value)) return invalid("a JSON-RPC message must be an object", null);
  const id = idOf(value);
  if (value["jsonrpc"] !== "2.0") return invalid('"jsonrpc" must be "2.0"', id ?? null);
  const hasId = "id" in value;
  if (hasId && id === undefined && !(value["id"] === null && "error" in value)) return invalid('"id" must be a string or a number', null);
  if ("method" in value) {
    const method = value["method"];
    if (typeof method !== "string" || method.length === 0 || method.length > MAX_METHOD_CHARS) return invalid('"method" must be a non-empty string', id ?? null);
    if ("result" in value || "error" in value) return invalid("a request cannot carry result or error", id ?? null);
    const params = value["params"];
    if (params !== undefined && !isObject(params)) return invalid('"params" must be an object', id ?? null);
    if (hasId) return { kind: "request", id: id!, method, params, message: value };
    return { kind: "notification", method, params, message: value };
  }
  const hasResult = "result" in value;
  const hasError = "error" in value;
  if (hasResult === hasError) return invalid("a response needs exactly one of result and error", id ?? null);
  if (!hasId) return invalid('a response needs an "id"', null);
  if (hasResult) {
    if (id === undefined) return invalid('a result needs a string or number "id"', null);
    return { kind: "result", id, result: value["result"], message: value };
  }
  const error = value["error"];
  if (!isObject(error) || typeof error["code"] !== "number" || !Number.isInteger(error["code"]) || typeof error["message"] !== "string") {
    return invalid('"error" must be {code: integer, message: string}', id ?? null);
  }
  return { kind: "error", id: id ?? null, error: error as unknown as JsonRpcErrorBody, message: value };
}

/** The message's id when it is a valid one. */
function idOf(value: JsonObject): JsonRpcId | undefined {
  const id = value["id"];
  if (typeof id === "string" && id.length <= MAX_ID_CHARS) return id;
  if (typeof id === "number" && Number.isFinite(id)) return id;
  return undefined;
}

/** A map key for an id that keeps 1 and "1" apart. */
export function idKey(id: JsonRpcId): string {
  return typeof id === "number" ? `n:${id}` : `s:${id}`;
}

function invalid(reason: string, id: JsonRpcId | null): Classified {
  return { kind: "invalid", reason, id };
}
