/**
 * @module `pipelock mcp proxy --upstream URL` without `--listen`: a stdio MCP client (Claude
 * Desktop, an IDE) talks newline-delimited JSON-RPC to pipelock, which carries it to a remote
 * server over Streamable HTTP or WebSocket (bridge-http.ts, bridge-ws.ts). Both directions pass the
 * same guard as the wrapped-server mode: client lines one at a time, server messages one at a time
 * in arrival order. A client message the upstream never got (unreachable, HTTP error, closed
 * socket) is answered with a JSON-RPC error that also goes through the guard, so the request is
 * settled and recorded. When the client's input ends, pending answers get a grace period, then the
 * session is closed (DELETE / close frame); when the upstream goes away, every pending request is
 * answered with an error and the bridge ends with code 1. A client that does not read its stdout
 * holds the server messages (the upstream cannot be paused): at most MAX_BACKLOG_MESSAGES of them
 * (and MAX_BACKLOG_FACTOR times the message bound in bytes) wait; more are dropped and recorded.
 */
import type { McpGuard } from "../inspect/index.ts";
import { errorResponse, isObject, RPC_ERROR, utf8Length } from "../jsonrpc/index.ts";
import type { BridgeConnect } from "./bridge-upstream.ts";
import { pump, relayLine, settlesWithin, writableSink, type WritableLike } from "./line-pump.ts";
import { DEFAULT_GRACE_MS } from "./stdio.ts";

/** How often the end-of-input wait looks at the pending requests. */
const PENDING_POLL_MS = 20;
/**
 * Server messages that may wait for a client that is not reading its stdout (the upstream cannot
 * be paused): past either bound a message is dropped and recorded as refused ("backlog").
 */
export const MAX_BACKLOG_MESSAGES = 1_024;
export const MAX_BACKLOG_FACTOR = 4;

export interface StdioBridgeOptions {
  readonly guard: McpGuard;
  readonly connect: BridgeConnect;
  readonly maxMessageBytes: number;
  /** What the client writes (pipelock's stdin). */
  readonly clientIn: ReadableStream<Uint8Array>;
  /** Where the client reads (pipelock's stdout); a client behind on it holds the server messages. */
  readonly clientOut: WritableLike;
  readonly graceMs?: number;
}

export interface StdioBridgeResult {
  readonly code: number;
  /** Set when the upstream ended the session. */
  readonly reason?: string;
}

export async function runStdioBridge(o: StdioBridgeOptions): Promise<StdioBridgeResult> {
  const grace = o.graceMs ?? DEFAULT_GRACE_MS;
  const toClient = writableSink(o.clientOut);
  const toUpstream = (text: string) => void upstream.send(text);
  // Server messages are handled one at a time in arrival order; the queue is bounded (count, bytes).
  let serverWork: Promise<void> = Promise.resolve();
  const backlog = { messages: 0, bytes: 0 };
  const maxBacklogBytes = MAX_BACKLOG_FACTOR * o.maxMessageBytes;
  const inOrder = (bytes: number, step: () => Promise<void> | void) => {
    if (backlog.messages >= MAX_BACKLOG_MESSAGES || backlog.bytes + bytes > maxBacklogBytes) {
      o.guard.refuse("server", "backlog", `the client is not reading: a server message was dropped (${backlog.messages} waiting)`, bytes);
      return;
    }
    backlog.messages++;
    backlog.bytes += bytes;
    serverWork = serverWork
      .then(step)
      .catch(() => {})
      .finally(() => {
        backlog.messages--;
        backlog.bytes -= bytes;
      });
  };
  const fromServer = async (text: string, bytes: number) => {
    const d = await o.guard.receive("server", text, bytes);
    const forwarded = d.forward !== undefined ? toClient(d.forward) : undefined;
    if (d.reply !== undefined) upstream.send(d.reply);
    if (forwarded !== undefined) await forwarded;
  };
  let upstreamGone: string | undefined;
  let signalGone: () => void = () => {};
  const gone = new Promise<void>((resolve) => (signalGone = resolve));

  const upstream = o.connect({
    message: (text) => {
      const bytes = utf8Length(text);
      inOrder(bytes, () => fromServer(text, bytes));
    },
    refused: (reason, bytes) =>
      inOrder(0, () => {
        const d = o.guard.refuse("server", "oversize", reason, bytes);
        if (d.forward !== undefined) return toClient(d.forward);
      }),
    failed: (text, reason) => {
      const answers = errorsFor(text, reason).map((answer) => ({ answer, bytes: utf8Length(answer) }));
      if (answers.length === 0) return;
      inOrder(answers.reduce((sum, a) => sum + a.bytes, 0), async () => {
        for (const { answer, bytes } of answers) await fromServer(answer, bytes);
      });
    },
    closed: (reason) => {
      upstreamGone ??= reason;
      signalGone();
    },
  });

  const reader = o.clientIn.getReader();
  const clientDone = pump(reader, o.maxMessageBytes, (line) => relayLine(o.guard, "client", line, toUpstream, toClient));
  await Promise.race([clientDone, gone]);

  // Server messages still waiting for a client that is not reading get the grace period, no more.
  if (upstreamGone !== undefined) {
    await settlesWithin(serverWork, grace);
    const answered = o.guard.abandon(upstreamGone).map(toClient);
    await reader.cancel().catch(() => {});
    await settlesWithin(clientDone, grace);
    answered.push(...o.guard.abandon(upstreamGone).map(toClient));
    await settlesWithin(Promise.all(answered), grace);
    await upstream.close();
    return { code: 1, reason: upstreamGone };
  }
  // The client is done: let answers still on their way arrive, then end the session.
  const until = Date.now() + grace;
  while (o.guard.session.fromClient.size > 0 && upstreamGone === undefined && Date.now() < until) await Bun.sleep(PENDING_POLL_MS);
  await settlesWithin(serverWork, grace);
  await upstream.close();
  return { code: 0 };
}

/** Error answers (as if from the server) for every request in a message or batch text. */
function errorsFor(text: string, reason: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
    if (!isObject(m) || typeof m["method"] !== "string") continue;
    const id = m["id"];
    if (typeof id !== "string" && typeof id !== "number") continue;
    out.push(JSON.stringify(errorResponse(id, RPC_ERROR.internal, `pipelock: ${reason}`)));
  }
  return out;
}
