/**
 * @module The stdio bridge's Streamable HTTP client (MCP 2025 revisions): every client message is
 * POSTed (`Accept: application/json, text/event-stream`); a JSON answer or each event of an SSE
 * answer is a server message; the session id and protocol version learned from `initialize` go on
 * every later request. After `initialize` a GET stream carries server-initiated messages; it
 * reconnects with growing pauses (1 s → 30 s, resuming from the last event id) and stops for good on
 * 405. Closing sends DELETE for the session. Every body read is bounded.
 */
import { isObject } from "../jsonrpc/index.ts";
import type { BridgeConnect, BridgeEvents, BridgeUpstream } from "./bridge-upstream.ts";
import { classifyFetchFailure } from "../../upstream/index.ts";
import { readBounded } from "./http-io.ts";
import { SseParser } from "./sse.ts";

/** Pauses between GET stream reconnects. */
export const RECONNECT_FIRST_MS = 1_000;
export const RECONNECT_MAX_MS = 30_000;
/** Time DELETE gets when the bridge closes. */
const CLOSE_TIMEOUT_MS = 2_000;

export interface HttpBridgeOptions {
  readonly url: URL;
  readonly maxMessageBytes: number;
  /** Extra request headers (e.g. Authorization for the upstream). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Tests: a fetch that records requests. */
  readonly fetch?: typeof fetch;
}

export function httpBridge(o: HttpBridgeOptions): BridgeConnect {
  return (events) => new HttpBridge(o, events);
}

class HttpBridge implements BridgeUpstream {
  private sessionId: string | undefined;
  private protocolVersion: string | undefined;
  private initializeIds = new Set<string>();
  private streamStarted = false;
  private closed = false;
  private readonly stream = new AbortController();
  private lastEventId: string | undefined;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly o: HttpBridgeOptions,
    private readonly events: BridgeEvents,
  ) {
    this.fetch = o.fetch ?? fetch;
  }

  send(text: string): void {
    this.noteInitialize(text);
    void this.post(text);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stream.abort();
    if (this.sessionId === undefined) return;
    await this.fetch(this.o.url, { method: "DELETE", headers: this.headers(), signal: AbortSignal.timeout(CLOSE_TIMEOUT_MS) }).catch(() => undefined);
  }

  private headers(extra: Record<string, string> = {}): Headers {
    const h = new Headers(this.o.headers ?? {});
    if (this.sessionId !== undefined) h.set("mcp-session-id", this.sessionId);
    if (this.protocolVersion !== undefined) h.set("mcp-protocol-version", this.protocolVersion);
    for (const [k, v] of Object.entries(extra)) h.set(k, v);
    return h;
  }

  private async post(text: string): Promise<void> {
    let res: Response;
    try {
      res = await this.fetch(this.o.url, { method: "POST", headers: this.headers({ "content-type": "application/json", accept: "application/json, text/event-stream" }), body: text, redirect: "manual" });
    } catch (err) {
      return this.events.failed(text, `the MCP upstream is unreachable (${classifyFetchFailure(err, false, false).message})`);
    }
    const sid = res.headers.get("mcp-session-id");
    if (sid !== null && this.sessionId === undefined && /^[\x21-\x7e]{1,256}$/.test(sid)) this.sessionId = sid;
    if (res.status === 202 || res.status === 204) return void res.body?.cancel().catch(() => {});
    if (res.status < 200 || res.status > 299) {
      void res.body?.cancel().catch(() => {});
      if (res.status === 404 && this.sessionId !== undefined) this.events.closed("the MCP upstream ended the session (404)");
      return this.events.failed(text, `the MCP upstream answered HTTP ${res.status}`);
    }
    const type = res.headers.get("content-type") ?? "";
    if (/^\s*text\/event-stream/i.test(type)) return this.readSse(res, false);
    const body = await readBounded(res.body, this.o.maxMessageBytes);
    if (!body.ok) {
      const reason = body.reason === "oversize" ? "the MCP upstream's answer is over the size limit" : "the MCP upstream's answer broke off";
      this.events.refused(reason, this.o.maxMessageBytes + 1);
      return this.events.failed(text, reason);
    }
    if (body.bytes.byteLength === 0) return;
    this.deliver(new TextDecoder().decode(body.bytes));
  }

  /** Each SSE event's data is one server message; resumable streams remember the last event id. */
  private async readSse(res: Response, resumable: boolean): Promise<void> {
    const parser = new SseParser(this.o.maxMessageBytes);
    try {
      for await (const chunk of res.body as ReadableStream<Uint8Array>) {
        for (const item of parser.push(chunk)) this.onSse(item, resumable);
      }
      for (const item of parser.end()) this.onSse(item, resumable);
    } catch {
      // The stream broke off; a GET stream reconnects, a POST answer ends here.
    }
  }

  private onSse(item: ReturnType<SseParser["push"]>[number], resumable: boolean): void {
    if (item.kind === "oversize") return this.events.refused("an event from the MCP upstream is over the size limit", this.o.maxMessageBytes + 1);
    if (item.kind !== "event") return;
    if (resumable && item.event.id !== undefined) this.lastEventId = item.event.id;
    if (item.event.hasData && item.event.data.length > 0) this.deliver(item.event.data);
  }

  private deliver(text: string): void {
    this.noteInitialized(text);
    this.events.message(text);
  }

  private noteInitialize(text: string): void {
    // Most messages are not `initialize`: no second parse for them.
    if (!text.includes('"initialize"')) return;
    for (const m of messagesOf(text)) if (m["method"] === "initialize" && (typeof m["id"] === "string" || typeof m["id"] === "number")) this.initializeIds.add(String(m["id"]));
  }

  /** The answer to `initialize` sets the protocol version and opens the GET stream. */
  private noteInitialized(text: string): void {
    if (this.initializeIds.size === 0) return;
    for (const m of messagesOf(text)) {
      if ((typeof m["id"] !== "string" && typeof m["id"] !== "number") || !this.initializeIds.has(String(m["id"]))) continue;
      this.initializeIds.delete(String(m["id"]));
      const result = m["result"];
      if (!isObject(result)) continue;
      const version = result["protocolVersion"];
      if (typeof version === "string" && /^[\x21-\x7e]{1,64}$/.test(version)) this.protocolVersion = version;
      if (!this.streamStarted) {
        this.streamStarted = true;
        void this.listen();
      }
    }
  }

  /** The GET stream for server-initiated messages, reconnected with growing pauses until closed or 405. */
  private async listen(): Promise<void> {
    let pause = RECONNECT_FIRST_MS;
    while (!this.closed) {
      try {
        const res = await this.fetch(this.o.url, {
          method: "GET",
          headers: this.headers({ accept: "text/event-stream", ...(this.lastEventId !== undefined ? { "last-event-id": this.lastEventId } : {}) }),
          signal: this.stream.signal,
          redirect: "manual",
        });
        if (res.status === 405) return void res.body?.cancel().catch(() => {});
        if (res.ok && /^\s*text\/event-stream/i.test(res.headers.get("content-type") ?? "")) {
          pause = RECONNECT_FIRST_MS;
          await this.readSse(res, true);
        } else {
          void res.body?.cancel().catch(() => {});
          if (res.status === 404) return this.events.closed("the MCP upstream ended the session (404)");
        }
      } catch {
        // Unreachable for now: try again after the pause.
      }
      if (this.closed) return;
      await sleep(pause, this.stream.signal);
      pause = Math.min(RECONNECT_MAX_MS, pause * 2);
    }
  }
}

/** The JSON-RPC objects in a message or batch text (nothing for anything else). */
function messagesOf(text: string): Record<string, unknown>[] {
  try {
    const v = JSON.parse(text) as unknown;
    return (Array.isArray(v) ? v : [v]).filter(isObject) as Record<string, unknown>[];
  } catch {
    return [];
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
