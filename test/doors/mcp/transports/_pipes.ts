/**
 * @module Test doubles for the stdio transports: a pass-through guard that marks what it let
 * through and checks it is never asked two things at once from one side, a client stdout that can
 * stall (write returns false until it is let go, as a pipe nobody reads), and a client stdin fed by
 * the test.
 */
import { McpSession, type Delivery, type McpGuard } from "../../../../src/doors/mcp/index.ts";

export interface FakeGuard extends McpGuard {
  /** Most messages from one side the guard was handling at the same time. */
  readonly maxInFlight: { client: number; server: number };
  readonly refused: { side: string; failure: string; bytes: number }[];
}

/**
 * Forwards every line with `|c` (client side) or `|s` (server side) appended, after `delay(n)`
 * (the n-th message) has settled, so a test can make the guard slow, fast or uneven.
 */
export function fakeGuard(delay: (n: number) => Promise<void> | undefined = () => undefined): FakeGuard {
  const inFlight = { client: 0, server: 0 };
  const maxInFlight = { client: 0, server: 0 };
  const refused: FakeGuard["refused"] = [];
  let n = 0;
  const nothing: Delivery = { forwardMessages: [], replyMessages: [], batch: false };
  return {
    session: new McpSession("fake"),
    maxInFlight,
    refused,
    async receive(side, text) {
      inFlight[side]++;
      maxInFlight[side] = Math.max(maxInFlight[side], inFlight[side]);
      try {
        await delay(n++);
        return { ...nothing, forward: `${text}|${side[0]}` };
      } finally {
        inFlight[side]--;
      }
    },
    refuse(side, failure, _reason, bytes) {
      refused.push({ side, failure, bytes });
      return side === "client" ? { ...nothing, reply: `refused ${failure} ${bytes}` } : nothing;
    },
    abandon: () => [],
  };
}

/** A client stdout: collects lines; while stalled, write returns false until `release()` (then `drain`). */
export class ClientOut {
  readonly lines: string[] = [];
  writes = 0;
  private stalled: boolean;
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(stalled = false) {
    this.stalled = stalled;
  }

  write(text: string): boolean {
    this.writes++;
    for (const line of text.split("\n").slice(0, -1)) this.lines.push(line);
    return !this.stalled;
  }

  release(): void {
    this.stalled = false;
    this.emit("drain");
  }

  fail(): void {
    this.emit("error");
  }

  on(event: string, fn: () => void): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(fn);
    return this;
  }

  removeListener(event: string, fn: () => void): this {
    this.listeners.get(event)?.delete(fn);
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  private emit(event: string): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn();
  }
}

/** A client stdin the test writes to (`send` whole lines or raw text, `end`). */
export function clientIn() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    stream,
    raw: (text: string) => controller.enqueue(encoder.encode(text)),
    send: (line: string) => controller.enqueue(encoder.encode(`${line}\n`)),
    end: () => controller.close(),
  };
}

/** Poll `cond` (bounded) and fail when it never holds. */
export async function until(cond: () => boolean, what = "condition"): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await Bun.sleep(5);
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}
