/**
 * @module The WebSocket relay between the agent (pipelock is its server) and the upstream (pipelock
 * is its client). Each direction parses frames, reassembles messages, has every text message (and
 * binary ones when configured) scanned before a byte of it is forwarded, and re-frames it (masked
 * toward the upstream). Control frames pass at once. A deny closes both sides with 1008, and so does
 * an abort from outside (the kill switch); protocol errors, oversize messages, idle and lifetime limits
 * close both sides too. Memory per direction is
 * bounded by one message plus one read chunk: the source is paused while a message is scanned.
 */
import { once } from "node:events";
import type { Duplex } from "node:stream";
import type { EventSink } from "../../evidence/index.ts";
import { MessageAssembler } from "./assembler.ts";
import { CLOSE, closePayload, encodeFrame, OPCODE, parseClosePayload, type Frame } from "./frame.ts";
import { FrameParser, isViolation } from "./frame-parser.ts";
import { messageEvent } from "./relay-events.ts";
import type { RelaySettings, ScanMessage, ScanMessageResult, WsDirection } from "./scan-types.ts";

/** Tail of the previous client message scanned with the next (a secret split across messages). */
export const CROSS_MESSAGE_TAIL_CHARS = 4096;
/** How long a closing side gets to answer the close frame before its socket is destroyed. */
export const CLOSE_GRACE_MS = 2_000;
/** Read-ahead allowed beyond one frame while a message is being scanned. */
export const MAX_READ_AHEAD_BYTES = 256 * 1024;

/** `cut`: ended from outside through `RelayOptions.signal` (the kill switch). */
export type RelayEndReason = "closed" | "policy" | "protocol" | "too_big" | "idle_timeout" | "max_duration" | "error" | "cut";

export interface RelayEnd {
  readonly reason: RelayEndReason;
  /** Close code pipelock sent (undefined when the peers closed normally between themselves). */
  readonly closeCode?: number;
  readonly detail?: string;
  readonly messages: { readonly up: number; readonly down: number };
  readonly bytes: { readonly up: number; readonly down: number };
}

export interface RelayOptions {
  readonly settings: RelaySettings;
  readonly scanMessage: ScanMessage;
  readonly sink?: EventSink;
  /** For events: the upstream URL without its query, and the agent name. */
  readonly target?: string;
  readonly agent?: string;
  /** Upstream host, passed to scanMessage. */
  readonly host?: string;
  /** Frame bytes that arrived with the agent's upgrade request / after the upstream's 101. */
  readonly clientHead?: Uint8Array;
  readonly upstreamHead?: Uint8Array;
  /** Aborting it closes both sides with 1008 and the abort reason (a string) as the close reason. */
  readonly signal?: AbortSignal;
}

interface Side {
  readonly name: "client" | "upstream";
  readonly socket: Duplex;
  readonly parser: FrameParser;
  readonly assembler: MessageAssembler;
  /** Where this side's frames go, and whether they are masked there. */
  readonly direction: WsDirection;
  closeReceived: boolean;
  pumping: boolean;
  tail: string;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const lossy = new TextDecoder("utf-8");

export function relayWebSocket(client: Duplex, upstream: Duplex, options: RelayOptions): Promise<RelayEnd> {
  const { settings } = options;
  const maxFrame = settings.maxMessageBytes;
  const mk = (name: Side["name"], socket: Duplex): Side => ({
    name,
    socket,
    parser: new FrameParser({ maxFrameBytes: maxFrame, from: name === "client" ? "client" : "server" }),
    assembler: new MessageAssembler(settings.maxMessageBytes),
    direction: name === "client" ? "client_to_server" : "server_to_client",
    closeReceived: false,
    pumping: false,
    tail: "",
  });
  const sides = { client: mk("client", client), upstream: mk("upstream", upstream) };
  const other = (s: Side) => (s.name === "client" ? sides.upstream : sides.client);
  const counts = { messages: { up: 0, down: 0 }, bytes: { up: 0, down: 0 } };
  let lastActivity = Date.now();
  let finished = false;
  let resolveEnd!: (end: RelayEnd) => void;
  const done = new Promise<RelayEnd>((r) => (resolveEnd = r));
  let lifetimeTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const write = async (to: Side, opcode: number, payload: Uint8Array): Promise<void> => {
    if (to.socket.destroyed || to.socket.writableEnded) return;
    const ok = to.socket.write(encodeFrame(opcode, payload, { mask: to.name === "upstream" }));
    if (!ok) await Promise.race([once(to.socket, "drain"), once(to.socket, "close")]);
  };

  const finish = (reason: RelayEndReason, closeCode?: number, detail?: string) => {
    if (finished) return;
    finished = true;
    clearTimeout(lifetimeTimer);
    clearTimeout(idleTimer);
    options.signal?.removeEventListener("abort", onAbort);
    for (const s of [sides.client, sides.upstream]) s.socket.end();
    const grace = setTimeout(() => {
      client.destroy();
      upstream.destroy();
    }, CLOSE_GRACE_MS);
    grace.unref?.();
    let open = 2;
    for (const s of [client, upstream]) {
      if (s.destroyed) open--;
      else s.once("close", () => --open === 0 && clearTimeout(grace));
    }
    if (open === 0) clearTimeout(grace);
    resolveEnd({ reason, ...(closeCode !== undefined ? { closeCode } : {}), ...(detail ? { detail } : {}), messages: { ...counts.messages }, bytes: { ...counts.bytes } });
  };

  /** Close both sides with pipelock's own code and reason. */
  const terminate = (reason: RelayEndReason, code: number, why: string) => {
    if (finished) return;
    const payload = closePayload(code, why);
    for (const s of [sides.client, sides.upstream]) {
      if (!s.socket.destroyed && !s.socket.writableEnded) s.socket.write(encodeFrame(OPCODE.close, payload, { mask: s.name === "upstream" }));
    }
    finish(reason, code, why);
  };

  function onAbort(): void {
    const why = options.signal?.reason;
    terminate("cut", CLOSE.policy, typeof why === "string" ? why : "connection cut by pipelock");
  }

  const scanContext = { ...(options.host !== undefined ? { host: options.host } : {}), ...(options.agent !== undefined ? { agent: options.agent } : {}) };
  const scanSafe = async (text: string, direction: WsDirection, carriedChars: number): Promise<ScanMessageResult> => {
    try {
      return await options.scanMessage(text, direction, carriedChars > 0 ? { ...scanContext, carriedChars } : scanContext);
    } catch (err) {
      return { allow: false, reason: "message could not be scanned", failure: `scan_error: ${(err as Error)?.message ?? String(err)}`.slice(0, 200) };
    }
  };

  /** Scan, record, and either return what to forward or close both sides. */
  const inspect = async (from: Side, text: string, bytes: number): Promise<ScanMessageResult | undefined> => {
    const window = from.direction === "client_to_server" ? from.tail + text : text;
    const result = await scanSafe(window, from.direction, window.length - text.length);
    if (from.direction === "client_to_server") from.tail = text.slice(-CROSS_MESSAGE_TAIL_CHARS);
    const code = result.allow ? undefined : (result.closeCode ?? CLOSE.policy);
    options.sink?.emit(messageEvent(from.direction, result, bytes, code, options));
    if (finished) return undefined;
    if (!result.allow) {
      terminate("policy", code!, result.reason ?? (from.direction === "client_to_server" ? "blocked by pipelock: outgoing message" : "blocked by pipelock: incoming message"));
      return undefined;
    }
    return result;
  };

  const onControl = async (from: Side, frame: Frame): Promise<void> => {
    const to = other(from);
    if (frame.opcode !== OPCODE.close) return write(to, frame.opcode, frame.payload);
    const parsed = parseClosePayload(frame.payload);
    if (!parsed.ok) return terminate("protocol", parsed.code, parsed.why);
    from.closeReceived = true;
    let payload = frame.payload;
    if (parsed.reason && settings.scanTextFrames) {
      const verdict = await inspect(from, parsed.reason, parsed.reason.length);
      if (!verdict) return;
      if (verdict.text !== undefined) payload = closePayload(parsed.code ?? CLOSE.normal, verdict.text);
    }
    await write(to, OPCODE.close, payload);
    if (to.closeReceived || to.socket.destroyed) finish("closed");
  };

  const onMessage = async (from: Side, opcode: number, data: Uint8Array): Promise<void> => {
    const up = from.direction === "client_to_server";
    let out = data;
    if (opcode === OPCODE.text) {
      let text: string;
      try {
        text = utf8.decode(data);
      } catch {
        return terminate("protocol", CLOSE.invalidPayload, "text message is not valid UTF-8");
      }
      if (settings.scanTextFrames) {
        const verdict = await inspect(from, text, data.length);
        if (!verdict) return;
        if (verdict.text !== undefined) out = new TextEncoder().encode(verdict.text);
      }
    } else if (settings.binaryFrames === "block") {
      return terminate("policy", CLOSE.policy, "binary frames are not allowed by pipelock");
    } else if (settings.binaryFrames === "scan") {
      if (!(await inspect(from, lossy.decode(data), data.length))) return;
    }
    if (up) counts.messages.up++;
    else counts.messages.down++;
    await write(other(from), opcode, out);
  };

  const pump = async (side: Side): Promise<void> => {
    if (side.pumping || finished) return;
    side.pumping = true;
    side.socket.pause();
    try {
      while (!finished && !side.closeReceived) {
        const item = side.parser.next();
        if (item === undefined) break;
        if (isViolation(item)) return terminate(item.code === CLOSE.tooBig ? "too_big" : "protocol", item.code, item.why);
        lastActivity = Date.now();
        const assembled = side.assembler.accept(item);
        if (isViolation(assembled)) return terminate(assembled.code === CLOSE.tooBig ? "too_big" : "protocol", assembled.code, assembled.why);
        if (assembled.kind === "control") await onControl(side, assembled.frame);
        else if (assembled.kind === "message") await onMessage(side, assembled.opcode, assembled.data);
      }
    } catch (err) {
      terminate("error", CLOSE.internalError, `relay failure: ${(err as Error)?.message ?? String(err)}`);
    } finally {
      side.pumping = false;
      if (!finished && !side.socket.destroyed) side.socket.resume();
    }
  };

  const feed = (side: Side, chunk: Uint8Array) => {
    if (finished) return;
    if (side.name === "client") counts.bytes.up += chunk.length;
    else counts.bytes.down += chunk.length;
    side.parser.push(chunk);
    if (side.parser.buffered > maxFrame + MAX_READ_AHEAD_BYTES) return terminate("too_big", CLOSE.tooBig, "peer sent faster than messages could be inspected");
    void pump(side);
  };

  for (const side of [sides.client, sides.upstream]) {
    side.socket.on("data", (chunk: Buffer) => feed(side, chunk));
    side.socket.on("error", () => {});
    side.socket.on("close", () => {
      if (finished) return;
      // The peer vanished without a close handshake: tell the other side and stop.
      const to = other(side);
      if (!to.socket.destroyed) to.socket.write(encodeFrame(OPCODE.close, closePayload(CLOSE.goingAway, `${side.name} connection lost`), { mask: to.name === "upstream" }));
      finish(side.closeReceived ? "closed" : "error", CLOSE.goingAway, `${side.name} connection lost`);
    });
  }
  if (settings.maxConnectionMs > 0) lifetimeTimer = setTimeout(() => terminate("max_duration", CLOSE.goingAway, "connection lifetime limit reached"), settings.maxConnectionMs);
  if (settings.idleTimeoutMs > 0) {
    const check = (delay: number) => {
      idleTimer = setTimeout(() => {
        const quiet = Date.now() - lastActivity;
        if (quiet >= settings.idleTimeoutMs) terminate("idle_timeout", CLOSE.goingAway, "idle timeout");
        else check(settings.idleTimeoutMs - quiet);
      }, delay);
    };
    check(settings.idleTimeoutMs);
  }
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  // Handshake readers may have paused a socket explicitly; a 'data' listener alone does not resume it.
  client.resume();
  upstream.resume();
  if (options.clientHead?.length) feed(sides.client, options.clientHead);
  if (options.upstreamHead?.length) feed(sides.upstream, options.upstreamHead);
  return done;
}
