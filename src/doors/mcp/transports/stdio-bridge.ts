/**
 * @module `pipelock mcp proxy --upstream URL` without `--listen`: a stdio MCP client (Claude
 * Desktop, an IDE) talks newline-delimited JSON-RPC to pipelock, which carries it to a remote
 * server over Streamable HTTP or WebSocket (bridge-http.ts, bridge-ws.ts). Both directions pass the
 * same guard as the wrapped-server mode: client lines one at a time, server messages one at a time
 * in arrival order. A client message the upstream never got (unreachable, HTTP error, closed
 * socket) is answered with a JSON-RPC error that also goes through the guard, so the request is
 * settled and recorded. When the client's input ends, pending answers get a grace period, then the
 * session is closed (DELETE / close frame); when the upstream goes away, every pending request is
 * answered with an error and the bridge ends with code 1.
 */
import type { McpGuard } from "../inspect/index.ts";
import { errorResponse, isObject, RPC_ERROR, utf8Length } from "../jsonrpc/index.ts";
import type { BridgeConnect } from "./bridge-upstream.ts";
import { deliver, pump, readerIterable, settlesWithin } from "./line-pump.ts";
import { DEFAULT_GRACE_MS } from "./stdio.ts";

/** How often the end-of-input wait looks at the pending requests. */
const PENDING_POLL_MS = 20;

export interface StdioBridgeOptions {
  readonly guard: McpGuard;
  readonly connect: BridgeConnect;
  readonly maxMessageBytes: number;
  /** What the client writes (pipelock's stdin). */
  readonly clientIn: ReadableStream<Uint8Array>;
  /** Where the client reads (pipelock's stdout). */
  readonly clientOut: (text: string) => void;
  readonly graceMs?: number;
}

export interface StdioBridgeResult {
  readonly code: number;
  /** Set when the upstream ended the session. */
  readonly reason?: string;
}

export async function runStdioBridge(o: StdioBridgeOptions): Promise<StdioBridgeResult> {
  const grace = o.graceMs ?? DEFAULT_GRACE_MS;
  const toClient = (text: string) => o.clientOut(`${text}\n`);
  let serverWork: Promise<void> = Promise.resolve();
  const inOrder = (step: () => Promise<void> | void) => {
    serverWork = serverWork.then(step).catch(() => {});
  };
  const fromServer = async (text: string) => {
    const d = await o.guard.receive("server", text, utf8Length(text));
    if (d.forward !== undefined) toClient(d.forward);
    if (d.reply !== undefined) upstream.send(d.reply);
  };
  let upstreamGone: string | undefined;
  let signalGone: () => void = () => {};
  const gone = new Promise<void>((resolve) => (signalGone = resolve));

  const upstream = o.connect({
    message: (text) => inOrder(() => fromServer(text)),
    refused: (reason, bytes) =>
      inOrder(() => {
        const d = o.guard.refuse("server", "oversize", reason, bytes);
        if (d.forward !== undefined) toClient(d.forward);
      }),
    failed: (text, reason) => inOrder(async () => {
      for (const answer of errorsFor(text, reason)) await fromServer(answer);
    }),
    closed: (reason) => {
      upstreamGone ??= reason;
      signalGone();
    },
  });

  const reader = o.clientIn.getReader();
  const clientDone = pump(readerIterable(reader), o.maxMessageBytes, async (line) => {
    const d = await deliver(o.guard, "client", line);
    if (d.forward !== undefined) upstream.send(d.forward);
    if (d.reply !== undefined) toClient(d.reply);
  });
  await Promise.race([clientDone, gone]);

  if (upstreamGone !== undefined) {
    await serverWork;
    for (const text of o.guard.abandon(upstreamGone)) toClient(text);
    await reader.cancel().catch(() => {});
    await settlesWithin(clientDone, grace);
    for (const text of o.guard.abandon(upstreamGone)) toClient(text);
    await upstream.close();
    return { code: 1, reason: upstreamGone };
  }
  // The client is done: let answers still on their way arrive, then end the session.
  const until = Date.now() + grace;
  while (o.guard.session.fromClient.size > 0 && upstreamGone === undefined && Date.now() < until) await Bun.sleep(PENDING_POLL_MS);
  await serverWork;
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
