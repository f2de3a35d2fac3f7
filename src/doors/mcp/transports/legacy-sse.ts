/**
 * @module Legacy HTTP+SSE (MCP 2024-11-05). A GET without a session id opens the upstream's SSE
 * stream; its first `endpoint` event names where to POST (same origin only, else the stream is
 * refused) and is handed to the client as a path on this listener. Server messages arrive as
 * `message` events and go through the guard; client POSTs to the endpoint go through the guard
 * and on to the upstream, and the proxy's own replies (refused requests) are pushed into the
 * client's stream, where a legacy client waits for them.
 */
import type { EventSink } from "../../../evidence/index.ts";
import { emitMcpEvent, failureVerdict, type McpGuard } from "../inspect/index.ts";
import { RPC_ERROR } from "../jsonrpc/index.ts";
import { McpSession, type PinnedTool } from "../session/index.ts";
import { clientHeaders, decodeText, readBounded, rpcErrorResponse, upstreamHeaders } from "./http-io.ts";
import { formatSse, SseParser, type SseItem } from "./sse.ts";

interface Endpoint {
  readonly guard: McpGuard;
  readonly upstream: URL;
  push(text: string): void;
}

export interface LegacySseOptions {
  readonly makeGuard: (session: McpSession) => McpGuard;
  readonly pins?: ReadonlyMap<string, PinnedTool>;
  readonly maxMessageBytes: number;
  readonly maxSessions: number;
  readonly sink: EventSink;
  readonly fetch: typeof fetch;
}

export class LegacySse {
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(private readonly o: LegacySseOptions) {}

  /** The endpoint a listener URL addresses, if it is one of ours. */
  route(url: URL): Endpoint | undefined {
    return this.endpoints.get(url.pathname + url.search);
  }

  async connect(req: Request, target: URL, streaming: () => void): Promise<Response> {
    if (!(req.headers.get("accept") ?? "").includes("text/event-stream")) return rpcErrorResponse(400, null, RPC_ERROR.invalidRequest, "pipelock: a GET stream needs Accept: text/event-stream (and Mcp-Session-Id for Streamable HTTP)");
    if (this.endpoints.size >= this.o.maxSessions) return rpcErrorResponse(503, null, RPC_ERROR.internal, "pipelock: too many open SSE sessions");
    let up: Response;
    try {
      up = await this.o.fetch(target, { method: "GET", headers: upstreamHeaders(req.headers), redirect: "manual", signal: req.signal });
    } catch (err) {
      return rpcErrorResponse(502, null, RPC_ERROR.internal, `pipelock: the MCP upstream is unreachable (${(err as Error).message})`);
    }
    if (!up.ok || !(up.headers.get("content-type") ?? "").startsWith("text/event-stream") || up.body === null) {
      await up.body?.cancel().catch(() => {});
      return new Response(null, { status: up.ok ? 502 : up.status });
    }
    streaming();
    const guard = this.o.makeGuard(new McpSession(`sse-${crypto.randomUUID()}`, this.o.pins));
    const encoder = new TextEncoder();
    const parser = new SseParser(this.o.maxMessageBytes);
    const reader = up.body.getReader();
    const endpoints = this.endpoints;
    let key: string | undefined;
    let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
    const close = (reason: string) => {
      if (key !== undefined) endpoints.delete(key);
      guard.session.close(reason);
    };
    const handle = async (item: SseItem): Promise<string> => {
      if (item.kind === "comment") return `:${item.text}\n\n`;
      if (item.kind === "oversize") {
        guard.refuse("server", "oversize", "an SSE event over the size limit", this.o.maxMessageBytes);
        return "";
      }
      const e = item.event;
      if (e.event === "endpoint") {
        const upstreamEndpoint = resolveEndpoint(e.data, target);
        if (key !== undefined || upstreamEndpoint === undefined) {
          emitMcpEvent(this.o.sink, { door: "mcp_http", session: guard.session.id, direction: "response", verdict: failureVerdict("endpoint_refused", "the upstream's SSE endpoint is missing, repeated or on another origin"), target: "endpoint", startedAt: performance.now() });
          throw new Error("endpoint refused");
        }
        key = upstreamEndpoint.pathname + upstreamEndpoint.search;
        endpoints.set(key, { guard, upstream: upstreamEndpoint, push: (text) => controllerRef?.enqueue(encoder.encode(formatSse({ event: "message", data: text }))) });
        return formatSse({ event: "endpoint", data: key });
      }
      if ((e.event !== undefined && e.event !== "message") || !e.hasData) return e.id !== undefined ? formatSse({ id: e.id }) : "";
      const d = await guard.receive("server", e.data);
      const ep = key === undefined ? undefined : endpoints.get(key);
      if (d.reply !== undefined && ep !== undefined) void this.send(ep.upstream, req.headers, d.reply);
      if (d.forward === undefined) return e.id !== undefined ? formatSse({ id: e.id }) : "";
      return formatSse({ event: "message", ...(e.id !== undefined ? { id: e.id } : {}), data: d.forward });
    };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controllerRef = controller;
      },
      async pull(controller) {
        try {
          const chunk = await reader.read();
          const items = chunk.done ? parser.end() : parser.push(chunk.value);
          let out = "";
          for (const item of items) out += await handle(item);
          if (out.length > 0) controller.enqueue(encoder.encode(out));
          if (chunk.done) {
            close("the upstream ended the stream");
            controller.close();
          }
        } catch {
          close("stream refused or failed");
          await reader.cancel().catch(() => {});
          controller.close();
        }
      },
      async cancel() {
        close("the client closed the stream");
        await reader.cancel().catch(() => {});
      },
    });
    return new Response(body, { status: 200, headers: clientHeaders(up.headers, { "cache-control": "no-cache", "x-accel-buffering": "no" }) });
  }

  async post(ep: Endpoint, req: Request): Promise<Response> {
    const read = await readBounded(req.body, this.o.maxMessageBytes);
    if (!read.ok) return rpcErrorResponse(read.reason === "oversize" ? 413 : 400, null, RPC_ERROR.invalidRequest, "pipelock refused the message: body too large or unreadable");
    const text = decodeText(read.bytes);
    if (text === undefined) return rpcErrorResponse(400, null, RPC_ERROR.parse, "pipelock refused the message: not UTF-8");
    const d = await ep.guard.receive("client", text, read.bytes.length);
    // A legacy client reads every answer from its stream, refusals included.
    if (d.reply !== undefined) ep.push(d.reply);
    if (d.forward === undefined) return new Response("Accepted", { status: 202 });
    const up = await this.send(ep.upstream, req.headers, d.forward);
    if (up === undefined) return rpcErrorResponse(502, null, RPC_ERROR.internal, "pipelock: the MCP upstream is unreachable");
    const body = await readBounded(up.body, 64 * 1024);
    return new Response(body.ok ? body.bytes : null, { status: up.status, headers: clientHeaders(up.headers) });
  }

  private async send(upstream: URL, headers: Headers, text: string): Promise<Response | undefined> {
    const h = upstreamHeaders(headers);
    h.set("content-type", "application/json");
    try {
      return await this.o.fetch(upstream, { method: "POST", headers: h, body: text, redirect: "manual" });
    } catch {
      return undefined;
    }
  }
}

/** The endpoint URI resolved against the SSE URL; undefined when it leaves the upstream's origin. */
export function resolveEndpoint(data: string, sse: URL): URL | undefined {
  try {
    const u = new URL(data.trim(), sse);
    return u.origin === sse.origin ? u : undefined;
  } catch {
    return undefined;
  }
}
