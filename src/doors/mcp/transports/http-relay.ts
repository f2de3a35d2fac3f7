/**
 * @module Upstream answers back to the client through the guard: a JSON body is inspected as one
 * message (or batch) and merged with the proxy's own replies; an SSE stream is relayed event by
 * event as it arrives (never buffered whole), ids and event types kept so resumption works,
 * refused events reduced to their id. A redirect from the upstream is refused (never followed).
 */
import type { McpGuard } from "../inspect/index.ts";
import { RPC_ERROR, type JsonObject } from "../jsonrpc/index.ts";
import { clientHeaders, decodeText, readBounded, rpcErrorResponse } from "./http-io.ts";
import { formatSse, SseParser } from "./sse.ts";

export interface RelayOptions {
  readonly guard: McpGuard;
  /** Replies the guard made to the client's message (batch elements it refused). */
  readonly replies: readonly JsonObject[];
  readonly batch: boolean;
  readonly maxMessageBytes: number;
  /** Deliver the guard's answers to server-initiated requests (a POST to the upstream). */
  readonly toServer: (text: string) => void;
  /** Called for every SSE response so the listener can lift its idle timeout. */
  readonly streaming?: () => void;
  /** Aborted when the client goes away. */
  readonly signal?: AbortSignal;
  /** The stream resumes an earlier one (Last-Event-ID): repeated answers are expected. */
  readonly replay?: boolean;
}

export async function relayResponse(up: Response, o: RelayOptions): Promise<Response> {
  if (up.status >= 300 && up.status < 400) {
    await up.body?.cancel().catch(() => {});
    return rpcErrorResponse(502, null, RPC_ERROR.internal, `pipelock: the MCP upstream answered with a redirect (${up.status}); redirects are not followed`);
  }
  const type = up.headers.get("content-type") ?? "";
  if (up.status === 202 || up.status === 204 || up.body === null) {
    if (o.replies.length > 0) return Response.json(o.batch ? o.replies : o.replies[0], { status: 200, headers: clientHeaders(up.headers, { "content-type": "application/json" }) });
    return new Response(null, { status: up.status, headers: clientHeaders(up.headers) });
  }
  if (type.toLowerCase().startsWith("text/event-stream")) {
    o.streaming?.();
    return new Response(sseRelay(up, o), { status: up.status, headers: clientHeaders(up.headers, { "cache-control": "no-cache", "x-accel-buffering": "no" }) });
  }
  const read = await readBounded(up.body, o.maxMessageBytes);
  if (!read.ok) return rpcErrorResponse(502, null, RPC_ERROR.responseBlocked, `pipelock: the MCP upstream's answer is ${read.reason === "oversize" ? `over the ${o.maxMessageBytes}-byte limit` : "unreadable"}`);
  const text = decodeText(read.bytes);
  if (text === undefined || text.trim() === "") {
    if (up.ok && o.replies.length === 0) return new Response(null, { status: up.status, headers: clientHeaders(up.headers) });
    return rpcErrorResponse(up.ok ? 502 : up.status, null, RPC_ERROR.responseBlocked, `pipelock: the MCP upstream answered ${up.status} with a body that is not JSON-RPC`);
  }
  const d = await o.guard.receive("server", text, read.bytes.length);
  if (d.reply !== undefined) o.toServer(d.reply);
  const messages = [...d.forwardMessages, ...o.replies];
  if (messages.length === 0) return rpcErrorResponse(up.ok ? 502 : up.status, null, RPC_ERROR.responseBlocked, "pipelock refused the MCP upstream's answer");
  const body = o.replies.length === 0 && d.forward !== undefined ? d.forward : JSON.stringify(o.batch || messages.length > 1 ? messages : messages[0]);
  return new Response(body, { status: up.status, headers: clientHeaders(up.headers, { "content-type": "application/json" }) });
}

/** The upstream SSE body, each message event through the guard, as a new stream. */
export function sseRelay(up: Response, o: Omit<RelayOptions, "batch">): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const parser = new SseParser(o.maxMessageBytes);
  const reader = up.body!.getReader();
  let pending = o.replies.map((r) => formatSse({ event: "message", data: JSON.stringify(r) }));
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (pending.length > 0) {
          controller.enqueue(encoder.encode(pending.join("")));
          pending = [];
          return;
        }
        let chunk: { done: true; value?: undefined } | { done: false; value: Uint8Array };
        try {
          chunk = await reader.read();
        } catch {
          chunk = { done: true, value: undefined };
        }
        const items = chunk.done ? parser.end() : parser.push(chunk.value);
        for (const item of items) pending.push(await relayItem(item, o));
        if (chunk.done) {
          if (pending.length > 0) controller.enqueue(encoder.encode(pending.join("")));
          controller.close();
          return;
        }
      }
    },
    async cancel() {
      await reader.cancel().catch(() => {});
    },
  });
}

async function relayItem(item: ReturnType<SseParser["push"]>[number], o: Omit<RelayOptions, "batch">): Promise<string> {
  if (item.kind === "comment") return `:${item.text}\n\n`;
  if (item.kind === "oversize") {
    o.guard.refuse("server", "oversize", `an SSE event over the ${o.maxMessageBytes}-byte limit`, o.maxMessageBytes);
    return "";
  }
  const e = item.event;
  const isMessage = e.event === undefined || e.event === "message";
  if (!isMessage || !e.hasData || e.data === "") {
    // Priming events, retry hints: pass as they are (no data to inspect). Other event types carry
    // data MCP does not define: dropped, keeping the id.
    return formatSse({ ...(e.id !== undefined ? { id: e.id } : {}), ...(e.retry !== undefined ? { retry: e.retry } : {}), ...(isMessage && e.hasData ? { data: e.data } : {}) });
  }
  const d = await o.guard.receive("server", e.data, undefined, { replay: o.replay === true });
  if (d.reply !== undefined) o.toServer(d.reply);
  const kept = { ...(e.id !== undefined ? { id: e.id } : {}), ...(e.retry !== undefined ? { retry: e.retry } : {}) };
  if (d.forward === undefined) return e.id !== undefined || e.retry !== undefined ? formatSse(kept) : "";
  return formatSse({ ...kept, ...(e.event !== undefined ? { event: e.event } : {}), data: d.forward });
}
