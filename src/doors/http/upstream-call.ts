/**
 * @module Send one HTTP/1.1 request upstream through the pinned agents and wait for the response
 * head, bounded by a deadline. Every failure becomes an UpstreamError (denied by policy, DNS,
 * connect, TLS, reset, timeout) so the door can answer 403/502/504 and record why.
 */
import http, { type IncomingMessage } from "node:http";
import { TARGET_OPTION, UpstreamError, type UpstreamAgents, type UpstreamTarget } from "../upstream/index.ts";
import type { HeaderPairs } from "./headers.ts";

export interface UpstreamCall {
  readonly target: UpstreamTarget;
  readonly method: string;
  /** Origin-form path and query. */
  readonly path: string;
  readonly headers: HeaderPairs;
  readonly body?: Uint8Array;
  /** Deadline for the response head. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Resolve with the upstream response (body not yet read); reject with UpstreamError. */
export function callUpstream(agents: UpstreamAgents, call: UpstreamCall): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of call.headers) {
      const prev = headers[name];
      headers[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    if (call.body !== undefined) headers["Content-Length"] = String(call.body.byteLength);
    let settled = false;
    const req = http.request({
      host: call.target.host,
      port: call.target.port,
      method: call.method,
      path: call.path,
      headers,
      agent: call.target.tls ? agents.https : agents.http,
      [TARGET_OPTION]: call.target,
      ...(call.signal ? { signal: call.signal } : {}),
    } as http.RequestOptions);
    const fail = (err: UpstreamError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new UpstreamError("response_timeout", `no response from upstream within ${call.timeoutMs} ms`)), call.timeoutMs);
    req.on("response", (res) => {
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(res);
    });
    req.on("error", (err: Error) => {
      if (err instanceof UpstreamError) return fail(err);
      if (call.signal?.aborted) return fail(new UpstreamError("canceled", "the client went away"));
      fail(new UpstreamError(isReset(err) ? "upstream_reset" : "connect_failed", `upstream connection failed: ${err.message}`));
    });
    if (call.body !== undefined) req.end(call.body);
    else req.end();
  });
}

/** A connection the upstream closed or reset before answering. */
export function isReset(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === "ECONNRESET" || code === "EPIPE" || code === "ECONNABORTED" || /socket hang up|closed|reset/i.test(String((err as Error)?.message ?? ""));
}

/** Map an upstream failure to the door's answer. */
export function upstreamDenyCode(err: UpstreamError): "blocked" | "upstream_timeout" | "upstream_failed" {
  if (err.failure === "denied") return "blocked";
  if (err.failure === "connect_timeout" || err.failure === "response_timeout") return "upstream_timeout";
  return "upstream_failed";
}
