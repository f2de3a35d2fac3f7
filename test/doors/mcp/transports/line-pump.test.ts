/**
 * The line pump: lines handled strictly one after another (the next read waits for the handler),
 * framing refusals decided without the guard, the guard's answer written onward then back, and
 * sinks that make the direction wait while their reader is behind.
 */
import { describe, expect, test } from "bun:test";
import type { Line } from "../../../../src/doors/mcp/index.ts";
import { pump, READ_AHEAD_BYTES, relayLine, writableSink, type ChunkReader, type LineSink } from "../../../../src/doors/mcp/transports/line-pump.ts";
import { ClientOut, fakeGuard } from "./_pipes.ts";

const enc = (s: string) => new TextEncoder().encode(s);

/** A reader over fixed chunks that counts reads; `fail` makes the last read throw. */
function chunks(parts: string[], fail = false) {
  let reads = 0;
  const reader: ChunkReader = {
    async read() {
      reads++;
      if (reads <= parts.length) return { done: false, value: enc(parts[reads - 1]!) };
      if (fail) throw new Error("EPIPE");
      return { done: true };
    },
  };
  return { reader, reads: () => reads };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("pump", () => {
  test("a burst of lines in one chunk and lines across chunks: in order, one at a time", async () => {
    const burst = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const src = chunks([`${burst.join("\n")}\n`, "sp", "lit\r\nlast"]);
    const seen: string[] = [];
    let busy = 0;
    let maxBusy = 0;
    await pump(src.reader, 100, async (line) => {
      busy++;
      maxBusy = Math.max(maxBusy, busy);
      // Uneven handling times: some lines settle at once, some after a macrotask.
      if (seen.length % 3 === 0) await Bun.sleep(0);
      seen.push(line.kind === "line" ? line.text : line.kind);
      busy--;
    });
    expect(seen).toEqual([...burst, "split", "last"]);
    expect(maxBusy).toBe(1);
  });

  test("the next read waits until the lines already read are handled", async () => {
    const src = chunks(["a\nb\n", "c\n"]);
    const gate = deferred();
    const seen: string[] = [];
    const done = pump(src.reader, 100, async (line) => {
      if (line.kind === "line" && line.text === "a") await gate.promise;
      if (line.kind === "line") seen.push(line.text);
    });
    await Bun.sleep(10);
    expect(src.reads()).toBe(1);
    expect(seen).toEqual([]);
    gate.resolve();
    await done;
    expect(seen).toEqual(["a", "b", "c"]);
  });

  test("a stalled line: the rest is read ahead until the end, which is reported while the line still waits", async () => {
    const src = chunks(["a\n", "b\n", "c\n"]);
    const gate = deferred();
    const seen: string[] = [];
    let endedWhileWaiting = false;
    let waiting = false;
    const done = pump(
      src.reader,
      100,
      async (line, stalled) => {
        if (line.kind !== "line") return;
        if (line.text === "a") {
          waiting = true;
          stalled();
          await gate.promise;
          waiting = false;
        }
        seen.push(line.text);
      },
      () => (endedWhileWaiting = waiting),
    );
    await Bun.sleep(10);
    expect(endedWhileWaiting).toBe(true);
    expect(src.reads()).toBe(4);
    gate.resolve();
    await done;
    expect(seen).toEqual(["a", "b", "c"]);
  });

  test("reading ahead stops at its bound", async () => {
    const chunk = "r".repeat(64 * 1024 - 1) + "\n";
    const src = chunks(Array.from({ length: 64 }, () => chunk));
    const gate = deferred();
    const done = pump(src.reader, 1 << 20, async (_line, stalled) => {
      stalled();
      await gate.promise;
    });
    await Bun.sleep(10);
    expect(src.reads()).toBe(1 + READ_AHEAD_BYTES / chunk.length);
    gate.resolve();
    await done;
    expect(src.reads()).toBe(65);
  });

  test("an oversize line is one refusal and the stream goes on; a read error ends it like EOF", async () => {
    const src = chunks(["x".repeat(50), "y".repeat(50), "\nok\ntail"], true);
    const seen: Line[] = [];
    await pump(src.reader, 10, async (line) => void seen.push(line));
    expect(seen).toEqual([
      { kind: "oversize", bytes: 100 },
      { kind: "line", text: "ok", bytes: 2 },
      { kind: "line", text: "tail", bytes: 4 },
    ]);
  });
});

describe("relayLine", () => {
  test("forward goes onward, a refusal's answer goes back; the guard is not asked about framing errors", async () => {
    const guard = fakeGuard();
    const onward: string[] = [];
    const back: string[] = [];
    const sink = (to: string[]): LineSink => (text) => void to.push(text);
    await relayLine(guard, "client", { kind: "line", text: "hello", bytes: 5 }, sink(onward), sink(back));
    await relayLine(guard, "client", { kind: "oversize", bytes: 99 }, sink(onward), sink(back));
    await relayLine(guard, "server", { kind: "invalid_utf8", bytes: 3 }, sink(onward), sink(back));
    expect(onward).toEqual(["hello|c"]);
    expect(back).toEqual(["refused oversize 99"]);
    expect(guard.refused).toEqual([
      { side: "client", failure: "oversize", bytes: 99 },
      { side: "server", failure: "invalid_utf8", bytes: 3 },
    ]);
  });

  test("it settles only once the reader has taken what it was given, and says it is stalled", async () => {
    const gate = deferred();
    let settled = false;
    let stalls = 0;
    const relayed = relayLine(fakeGuard(), "server", { kind: "line", text: "r", bytes: 1 }, () => gate.promise, () => undefined, () => stalls++).then(() => (settled = true));
    await Bun.sleep(10);
    expect(settled).toBe(false);
    expect(stalls).toBe(1);
    gate.resolve();
    await relayed;
    expect(settled).toBe(true);
  });
});

describe("writableSink", () => {
  test("a write the stream holds back waits for drain; writes while it waits share the wait", async () => {
    const out = new ClientOut(true);
    const sink = writableSink(out);
    const first = sink("one");
    const second = sink("two");
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBe(first);
    let drained = false;
    void first!.then(() => (drained = true));
    await Bun.sleep(5);
    expect(drained).toBe(false);
    out.release();
    await first;
    expect(sink("three")).toBeUndefined();
    expect(out.lines).toEqual(["one", "two", "three"]);
    // Listeners are not left behind on the stream (one each for error and close stays, for good).
    expect([out.listenerCount("drain"), out.listenerCount("error"), out.listenerCount("close")]).toEqual([0, 1, 1]);
  });

  test("a stream that fails releases the wait, and later lines are dropped", async () => {
    const out = new ClientOut(true);
    const sink = writableSink(out);
    const waiting = sink("one");
    out.fail();
    await waiting;
    expect(sink("two")).toBeUndefined();
    expect(out.lines).toEqual(["one"]);
  });
});
