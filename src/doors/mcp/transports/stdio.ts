/**
 * @module The stdio transport: spawn the MCP server, relay newline-delimited JSON-RPC both ways
 * through the guard (each direction in order, one message at a time), keep the server's stderr,
 * forward SIGINT/SIGTERM/SIGHUP, and end with the server's exit code; when the server dies, every
 * request it left unanswered gets a -32001 "server exited" error first. When the client's input ends
 * the server's stdin is closed, then SIGTERM and SIGKILL follow after a grace period each. Lines
 * over the size bound are refused without being buffered. Both ways push back: a server that does
 * not read its stdin stops pipelock reading the client, a client that does not read its stdout
 * stops pipelock reading the server (line-pump.ts), so nothing piles up in pipelock.
 */
import type { FileSink } from "bun";
import type { McpGuard } from "../inspect/index.ts";
import { pump, relayLine, settlesWithin, writableSink, type LineSink, type WritableLike } from "./line-pump.ts";

/** Time the server gets to exit after its stdin closes, and again after SIGTERM. */
export const DEFAULT_GRACE_MS = 3_000;
const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export interface StdioRelayOptions {
  readonly command: readonly string[];
  readonly env: Record<string, string>;
  readonly cwd?: string;
  readonly guard: McpGuard;
  readonly maxMessageBytes: number;
  /** What the client writes (pipelock's stdin). Cancelled when the server exits. */
  readonly clientIn: ReadableStream<Uint8Array>;
  /** Where the client reads (pipelock's stdout); its backpressure holds the server's direction. */
  readonly clientOut: WritableLike;
  /** Forward termination signals to the server (the CLI does; tests do not). */
  readonly forwardSignals?: boolean;
  readonly graceMs?: number;
}

export type StdioRelayResult = { readonly ok: true; readonly code: number } | { readonly ok: false; readonly error: string };

export async function runStdioRelay(o: StdioRelayOptions): Promise<StdioRelayResult> {
  let child: ReturnType<typeof spawnServer>;
  try {
    child = spawnServer(o);
  } catch (err) {
    return { ok: false, error: `cannot start ${o.command[0]}: ${(err as Error).message}` };
  }
  const grace = o.graceMs ?? DEFAULT_GRACE_MS;
  const toClient = writableSink(o.clientOut);
  const handlers = o.forwardSignals ? forwardSignals(child) : [];
  let exited = false;
  const exit = child.exited.then((code) => {
    exited = true;
    return code;
  });

  // End of input: the server's stdin closes once every client line is delivered, and the server
  // gets `grace` to exit from then, then SIGTERM, then SIGKILL after another `grace`. A server that
  // is not reading when the input ends (or stops before the last line) gets its grace from then.
  let inputEnded = false;
  let serverBehind = false;
  let insisting = false;
  const insist = async () => {
    if (insisting) return;
    insisting = true;
    if (await settlesWithin(exit, grace)) return;
    child.kill("SIGTERM");
    if (await settlesWithin(exit, grace)) return;
    child.kill("SIGKILL");
  };
  const writeServer = fileSinkLines(child.stdin);
  const toServer: LineSink = (text) => {
    const pending = writeServer(text);
    if (pending === undefined) return undefined;
    serverBehind = true;
    if (inputEnded) void insist();
    return pending.then(() => void (serverBehind = false));
  };

  // The server's end is its exit, not its stdout's EOF: no reading ahead on this side.
  const serverDone = pump(child.stdout.getReader(), o.maxMessageBytes, (line) => relayLine(o.guard, "server", line, toClient, toServer));
  const clientReader = o.clientIn.getReader();
  const clientDone = pump(
    clientReader,
    o.maxMessageBytes,
    (line, stalled) => {
      if (exited) o.guard.session.close("the server exited");
      return relayLine(o.guard, "client", line, toServer, toClient, stalled);
    },
    () => {
      inputEnded = true;
      if (serverBehind) void insist();
    },
  );
  void clientDone.then(() => {
    try {
      child.stdin.end();
    } catch {
      // already closed
    }
    void insist();
  });

  const code = await exit;
  await serverDone;
  const signal = child.signalCode;
  const status = signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 1) : (code ?? 1);
  const reason = signal ? `the server was killed by ${signal}` : `the server exited with code ${status}`;
  // Requests the server will never answer get an error now, so the client does not wait forever.
  const answered = o.guard.abandon(reason).map(toClient);
  // Nothing more can be delivered: stop reading the client (an open stdin would keep the process
  // alive), let a message already in the guard finish, and answer it too if it was a request.
  await clientReader.cancel().catch(() => {});
  await settlesWithin(clientDone, grace);
  answered.push(...o.guard.abandon(reason).map(toClient));
  // The answers reach a client that reads them; one that does not gets the grace period.
  await settlesWithin(Promise.all(answered), grace);
  for (const [signal, handler] of handlers) process.off(signal, handler);
  return { ok: true, code: status };
}

/** The server's stdin as a sink: one write and flush per line; what the pipe cannot take yet is waited for. */
function fileSinkLines(sink: FileSink): LineSink {
  return (text) => {
    try {
      const written = sink.write(`${text}\n`);
      const flushed = sink.flush();
      // Pending while the pipe is full; rejected (EPIPE) when the server exits without reading, and
      // its exit ends the relay.
      if (written instanceof Promise || flushed instanceof Promise) return Promise.all([written, flushed]).then(ignore, ignore);
    } catch {
      // The server is gone; its exit ends the relay.
    }
    return undefined;
  };
}

const ignore = () => {};

function spawnServer(o: StdioRelayOptions) {
  if (o.command.length === 0) throw new Error("no command given");
  return Bun.spawn([...o.command], { stdin: "pipe", stdout: "pipe", stderr: "inherit", env: o.env, ...(o.cwd ? { cwd: o.cwd } : {}) });
}

function forwardSignals(child: { kill(signal?: number | NodeJS.Signals): void }): [NodeJS.Signals, () => void][] {
  return FORWARDED_SIGNALS.map((signal) => {
    const handler = () => {
      try {
        child.kill(signal);
      } catch {
        // gone
      }
    };
    process.on(signal, handler);
    return [signal, handler];
  });
}

