/**
 * @module JSON-RPC error codes the proxy answers with, and builders for error responses. Codes in
 * -32000..-32019 are left to implementations by MCP; pipelock uses the reference's numbering so
 * clients that already key on it keep working.
 */
import type { JsonRpcId } from "./message.ts";

export const RPC_ERROR = {
  /** Unparseable JSON. */
  parse: -32700,
  /** Not a valid JSON-RPC message (shape, duplicate keys, bad batch). */
  invalidRequest: -32600,
  internal: -32603,
  /** A server message (tool result, resource, prompt, notification) blocked on its way back. */
  responseBlocked: -32000,
  /** A client request blocked: DLP, injection in arguments, session binding, chains, oversize, closed session. */
  requestBlocked: -32001,
  /** A tool call blocked by tool policy (or redirect/ask that did not go through). */
  toolPolicyBlocked: -32002,
  /** Emergency deny-all (kill switch). */
  killSwitch: -32004,
  /** 2026-07-28: Mcp-Method / Mcp-Name header missing or not matching the body. */
  headerMismatch: -32020,
} as const;

export interface ErrorResponse {
  readonly jsonrpc: "2.0";
  readonly id: JsonRpcId | null;
  readonly error: { readonly code: number; readonly message: string; readonly data?: unknown };
}

export function errorResponse(id: JsonRpcId | null, code: number, message: string, data?: unknown): ErrorResponse {
  return { jsonrpc: "2.0", id, error: data === undefined ? { code, message } : { code, message, data } };
}
