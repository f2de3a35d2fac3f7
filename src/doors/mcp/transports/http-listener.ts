/**
 * @module The MCP HTTP listener (`mcp proxy --upstream http(s)://… --listen ADDR`): a reverse
 * proxy in front of one operator-configured MCP server. Speaks Streamable HTTP for the 2025
 * revisions (initialize, pass-through `Mcp-Session-Id` with a session table, GET stream with
 * `Last-Event-ID`, DELETE, `MCP-Protocol-Version`), legacy HTTP+SSE (2024-11-05, see
 * legacy-sse.ts) and stateless 2026-07-28 requests (era detected per request, `Mcp-Method` /
 * `Mcp-Name` checked against the body: 400 + -32020 on a mismatch). Every JSON-RPC message goes
 * through the guard; batches element by element. The upstream URL comes from the operator, not the
 * agent, so no SSRF check applies to it; redirects from it are never followed.
 */
import { emitMcpEvent, failureVerdict, type McpGuard } from "../inspect/index.ts";
import { isObject, RPC_ERROR, type JsonRpcId } from "../jsonrpc/index.ts";
import { McpSession, ToolRegistry } from "../session/index.ts";
import { badVersionHeader, detectEra, headerMismatch, mcpParamHeaders } from "./era.ts";
import { decodeText, originAllowed, readBounded, rpcErrorResponse, upstreamHeaders, validSessionId } from "./http-io.ts";
import { relayResponse } from "./http-relay.ts";
import { HttpSessions } from "./http-sessions.ts";
import { LegacySse } from "./legacy-sse.ts";
import type { McpListenerOptions } from "./listener-options.ts";

export interface McpHttpListenerOptions extends McpListenerOptions {
  readonly maxSessions: number;
  /** Upstream client (tests inject one); default global fetch. */
  readonly fetch?: typeof fetch;
}

export interface McpHttpListener {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function startMcpHttpListener(o: McpHttpListenerOptions): McpHttpListener {
  const sessions = new HttpSessions(o.maxSessions);
  const upstreamFetch = o.fetch ?? fetch;
  // Stateless requests (2026-07-28, or a legacy server that mints no session id) share one tool
  // registry per listener; each HTTP exchange gets its own pending-id scope.
  const sharedRegistry = new ToolRegistry(o.pins);
  const exchangeGuard = () => o.makeGuard(new McpSession(`stateless-${crypto.randomUUID()}`, undefined, sharedRegistry));
  const legacy = new LegacySse({ ...o, fetch: upstreamFetch });
  const refuse = (status: number, id: JsonRpcId | null, code: number, failure: string, reason: string, method?: string) => {
    emitMcpEvent(o.sink, { door: "mcp_http", session: "-", direction: "request", verdict: failureVerdict(failure, reason), target: method ?? "http", startedAt: performance.now(), status: code });
    return rpcErrorResponse(status, id, code, `pipelock refused the request: ${reason}`);
  };

  const server = Bun.serve({
    hostname: o.hostname,
    port: o.port,
    idleTimeout: 255,
    async fetch(req, srv) {
      const url = new URL(req.url);
      if (url.pathname === "/health" && req.method === "GET") return Response.json({ status: "ok" });
      if (!originAllowed(req.headers.get("origin"), o.allowedOrigins)) return refuse(403, null, RPC_ERROR.invalidRequest, "origin_refused", "this Origin is not allowed");
      if (badVersionHeader(req.headers)) return refuse(400, null, RPC_ERROR.invalidRequest, "invalid_protocol_version", "MCP-Protocol-Version is malformed");
      const streaming = () => srv.timeout(req, 0);
      const legacyRoute = legacy.route(url);
      if (legacyRoute !== undefined) return req.method === "POST" ? legacy.post(legacyRoute, req) : refuse(405, null, RPC_ERROR.invalidRequest, "method_not_allowed", "only POST goes to a legacy SSE endpoint");
      const target = targetUrl(o.upstream, url);
      if (target === undefined) return refuse(404, null, RPC_ERROR.invalidRequest, "unknown_path", `${url.pathname} is not the MCP endpoint`);
      const sid = req.headers.get("mcp-session-id");
      if (sid !== null && !validSessionId(sid)) return refuse(400, null, RPC_ERROR.invalidRequest, "invalid_session_id", "Mcp-Session-Id must be 1-256 visible ASCII characters");
      switch (req.method) {
        case "POST":
          return post(req, target, sid, streaming);
        case "GET": {
          if (sid === null) return legacy.connect(req, target, streaming);
          const guard = sessions.get(sid);
          if (guard === undefined) return unknownSession();
          return forwardStream(req, target, guard, streaming);
        }
        case "DELETE": {
          if (sid === null) return refuse(400, null, RPC_ERROR.invalidRequest, "missing_session_id", "DELETE needs Mcp-Session-Id");
          if (sessions.get(sid) === undefined) return unknownSession();
          const up = await callUpstream(upstreamFetch, target, "DELETE", req.headers, undefined, req.signal);
          if (up instanceof Response && up.ok) sessions.delete(sid, "deleted by the client");
          return up instanceof Response ? new Response(null, { status: up.status }) : up.failure;
        }
        default:
          return refuse(405, null, RPC_ERROR.invalidRequest, "method_not_allowed", `${req.method} is not used by MCP`);
      }
    },
  });

  async function post(req: Request, target: URL, sid: string | null, streaming: () => void): Promise<Response> {
    const read = await readBounded(req.body, o.maxMessageBytes);
    if (!read.ok) return refuse(read.reason === "oversize" ? 413 : 400, null, RPC_ERROR.invalidRequest, read.reason, read.reason === "oversize" ? `body over the ${o.maxMessageBytes}-byte limit` : "body could not be read");
    const text = decodeText(read.bytes);
    if (text === undefined) return refuse(400, null, RPC_ERROR.parse, "invalid_utf8", "body is not UTF-8");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return refuse(400, null, RPC_ERROR.parse, "parse_error", "body is not valid JSON");
    }
    const id = isObject(value) && (typeof value["id"] === "string" || typeof value["id"] === "number") ? value["id"] : null;
    let guard: McpGuard;
    let register: ((id: string) => void) | undefined;
    if (detectEra(req.headers, value) === "modern") {
      if (Array.isArray(value)) return refuse(400, null, RPC_ERROR.invalidRequest, "invalid_batch", "2026-07-28 has no JSON-RPC batches");
      const method = isObject(value) && typeof value["method"] === "string" ? value["method"] : undefined;
      const tool = method === "tools/call" && isObject(value) && isObject(value["params"]) && typeof value["params"]["name"] === "string" ? sharedRegistry.definition(value["params"]["name"]) : undefined;
      const mismatch = headerMismatch(req.headers, value, mcpParamHeaders(tool));
      if (mismatch !== undefined) return refuse(400, id, RPC_ERROR.headerMismatch, "header_mismatch", mismatch, method);
      guard = exchangeGuard();
    } else if (sid !== null) {
      const known = sessions.get(sid);
      if (known === undefined) return unknownSession(id);
      guard = known;
    } else if (isObject(value) && value["method"] === "initialize") {
      const fresh = o.makeGuard(new McpSession(`pending-${crypto.randomUUID()}`, o.pins));
      guard = fresh;
      register = (sessionId) => sessions.set(sessionId, fresh);
    } else {
      guard = exchangeGuard();
    }
    const d = await guard.receive("client", text, read.bytes.length);
    if (d.forward === undefined) {
      if (d.replyMessages.length > 0) return Response.json(d.batch ? d.replyMessages : d.replyMessages[0]);
      return rpcErrorResponse(403, null, RPC_ERROR.requestBlocked, "pipelock refused the message");
    }
    const up = await callUpstream(upstreamFetch, target, "POST", req.headers, d.forward, req.signal);
    if (!(up instanceof Response)) return up.failure;
    const minted = up.headers.get("mcp-session-id");
    if (register !== undefined && minted !== null && up.ok) {
      if (!validSessionId(minted)) return refuse(502, id, RPC_ERROR.internal, "invalid_session_id", "the upstream minted a malformed session id");
      register(minted);
    }
    if (sid !== null && up.status === 404) sessions.delete(sid, "the upstream no longer knows the session");
    const toServer = (reply: string) => void callUpstream(upstreamFetch, target, "POST", withJson(req.headers, minted ?? sid), reply);
    return relayResponse(up, { guard, replies: d.replyMessages, batch: d.batch, maxMessageBytes: o.maxMessageBytes, toServer, streaming, signal: req.signal });
  }

  async function forwardStream(req: Request, target: URL, guard: McpGuard, streaming: () => void): Promise<Response> {
    const up = await callUpstream(upstreamFetch, target, "GET", req.headers, undefined, req.signal);
    if (!(up instanceof Response)) return up.failure;
    const sid = req.headers.get("mcp-session-id");
    const toServer = (reply: string) => void callUpstream(upstreamFetch, target, "POST", withJson(req.headers, sid), reply);
    return relayResponse(up, { guard, replies: [], batch: false, maxMessageBytes: o.maxMessageBytes, toServer, streaming, signal: req.signal, replay: req.headers.has("last-event-id") });
  }

  function unknownSession(id: JsonRpcId | null = null): Response {
    return rpcErrorResponse(404, id, RPC_ERROR.invalidRequest, "pipelock: unknown or expired MCP session; initialize a new one");
  }

  return {
    url: `http://${o.hostname.includes(":") ? `[${o.hostname}]` : o.hostname}:${server.port}`,
    port: server.port ?? o.port,
    async stop() {
      await server.stop(true);
    },
  };
}

/** The upstream URL for a listener path: `/` and the upstream's own path map to the upstream. */
export function targetUrl(upstream: URL, url: URL): URL | undefined {
  if (url.pathname !== "/" && url.pathname !== upstream.pathname) return undefined;
  const target = new URL(upstream);
  if (url.search !== "") target.search = url.search;
  return target;
}

export type UpstreamCall = Response | { readonly failure: Response };

/** One request to the upstream: selected headers, no redirects followed, failures as 502. */
export async function callUpstream(f: typeof fetch, target: URL, method: string, headers: Headers, body: string | undefined, signal?: AbortSignal): Promise<UpstreamCall> {
  try {
    const h = upstreamHeaders(headers);
    if (body !== undefined && !h.has("content-type")) h.set("content-type", "application/json");
    return await f(target, { method, headers: h, ...(body !== undefined ? { body } : {}), redirect: "manual", ...(signal ? { signal } : {}) });
  } catch (err) {
    return { failure: rpcErrorResponse(502, null, RPC_ERROR.internal, `pipelock: the MCP upstream is unreachable (${(err as Error).message})`) };
  }
}

function withJson(from: Headers, sid: string | null): Headers {
  const h = new Headers(from);
  h.set("content-type", "application/json");
  h.set("accept", "application/json, text/event-stream");
  if (sid !== null) h.set("mcp-session-id", sid);
  return h;
}
