/**
 * @module Small HTTP helpers for the MCP listener: bounded body reads, JSON-RPC error responses,
 * the headers passed to the upstream and back, origin and session-id checks.
 */
import { errorResponse, type JsonRpcId } from "../jsonrpc/index.ts";

/** Request headers passed to the upstream MCP server. */
const UPSTREAM_HEADERS = ["accept", "content-type", "mcp-session-id", "mcp-protocol-version", "last-event-id", "authorization", "mcp-method", "mcp-name", "user-agent", "traceparent", "tracestate", "baggage"];
/** Response headers passed back to the client. */
const CLIENT_HEADERS = ["content-type", "mcp-session-id", "mcp-protocol-version", "cache-control", "www-authenticate", "allow"];
/** Session ids: visible ASCII only (spec), bounded. */
const SESSION_ID = /^[\x21-\x7e]{1,256}$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export type BodyRead = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: "oversize" | "read_error" };

/** Read a body up to `max` bytes; more is refused without buffering it all. */
export async function readBounded(body: ReadableStream<Uint8Array> | null, max: number): Promise<BodyRead> {
  if (body === null) return { ok: true, bytes: new Uint8Array(0) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > max) {
        await body.cancel().catch(() => {});
        return { ok: false, reason: "oversize" };
      }
      chunks.push(chunk);
    }
  } catch {
    return { ok: false, reason: "read_error" };
  }
  return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : new Uint8Array(Buffer.concat(chunks)) };
}

export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A JSON-RPC error as an HTTP response. */
export function rpcErrorResponse(status: number, id: JsonRpcId | null, code: number, message: string, data?: unknown): Response {
  return Response.json(errorResponse(id, code, message, data), { status });
}

export function upstreamHeaders(from: Headers): Headers {
  const out = new Headers();
  for (const name of UPSTREAM_HEADERS) {
    const v = from.get(name);
    if (v !== null) out.set(name, v);
  }
  from.forEach((value, key) => {
    if (key.startsWith("mcp-param-")) out.set(key, value);
  });
  return out;
}

export function clientHeaders(from: Headers, extra: Record<string, string> = {}): Headers {
  const out = new Headers();
  for (const name of CLIENT_HEADERS) {
    const v = from.get(name);
    if (v !== null) out.set(name, v);
  }
  for (const [k, v] of Object.entries(extra)) out.set(k, v);
  return out;
}

export function validSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}

/** A browser origin the listener accepts: none, loopback, or one the operator listed. */
export function originAllowed(origin: string | null, allowed: readonly string[]): boolean {
  if (origin === null) return true;
  if (allowed.includes(origin)) return true;
  try {
    return LOOPBACK_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}
