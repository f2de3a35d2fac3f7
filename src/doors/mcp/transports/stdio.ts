/**
 * @module The stdio transport: spawn the MCP server, relay newline-delimited JSON-RPC both ways
 * through the guard (each direction in order, one message at a time), keep the server's stderr,
 * forward SIGINT/SIGTERM/SIGHUP, and end with the server's exit code; when the server dies, every
 * request it left unanswered gets a -32001 "server exited" error first. When the client's input ends
 * the server's stdin is closed, then SIGTERM and SIGKILL follow after a grace period each. Lines
 * over the size bound are refused without being buffered.
 */
import type { McpGuard } from "../inspect/index.ts";
import { deliver, pump, readerIterable, settlesWithin } from "./line-pump.ts";

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
  /** Where the client reads (pipelock's stdout). */
  readonly clientOut: (text: string) => void;
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
  const toServer = (text: string) => {
    try {
      child.stdin.write(`${text}\n`);
      child.stdin.flush();
    } catch {
      // The server is gone; its exit ends the relay.
    }
  };
  const toClient = (text: string) => o.clientOut(`${text}\n`);
  const handlers = o.forwardSignals ? forwardSignals(child) : [];

  const serverDone = pump(child.stdout as ReadableStream<Uint8Array>, o.maxMessageBytes, async (line) => {
    const d = await deliver(o.guard, "server", line);
    if (d.forward !== undefined) toClient(d.forward);
    if (d.reply !== undefined) toServer(d.reply);
  });
  let exited = false;
  const exit = child.exited.then((code) => {
    exited = true;
    return code;
  });
  const clientReader = o.clientIn.getReader();
  const clientDone = pump(readerIterable(clientReader), o.maxMessageBytes, async (line) => {
    if (exited) o.guard.session.close("the server exited");
    const d = await deliver(o.guard, "client", line);
    if (d.forward !== undefined) toServer(d.forward);
    if (d.reply !== undefined) toClient(d.reply);
  }).then(async () => {
    // The client is done: let the server finish, then insist.
    try {
      child.stdin.end();
    } catch {
      // already closed
    }
    if (await settlesWithin(exit, grace)) return;
    child.kill("SIGTERM");
    if (await settlesWithin(exit, grace)) return;
    child.kill("SIGKILL");
  });

  const code = await exit;
  await serverDone;
  const signal = child.signalCode;
  const status = signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 1) : (code ?? 1);
  const reason = signal ? `the server was killed by ${signal}` : `the server exited with code ${status}`;
  // Requests the server will never answer get an error now, so the client does not wait forever.
  for (const text of o.guard.abandon(reason)) toClient(text);
  // Nothing more can be delivered: stop reading the client (an open stdin would keep the process
  // alive), let a message already in the guard finish, and answer it too if it was a request.
  await clientReader.cancel().catch(() => {});
  await settlesWithin(clientDone, grace);
  for (const text of o.guard.abandon(reason)) toClient(text);
  for (const [signal, handler] of handlers) process.off(signal, handler);
  return { ok: true, code: status };
}

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

