/**
 * runStdioRelay against real child processes with a pass-through guard: a burst keeps its order
 * both ways with one message at a time per side in the guard; an oversize line is refused and the
 * session goes on; a server that does not read its stdin stops pipelock reading the client; a
 * client that does not read its stdout stops pipelock reading the server; the server's exit code
 * (or signal) comes back; the end of the client's input closes the server's stdin once every line
 * is delivered and insists (SIGTERM) after the grace period, also when the server is not reading.
 */
import { describe, expect, test } from "bun:test";
import { runStdioRelay } from "../../../../src/doors/mcp/index.ts";
import { clientIn, ClientOut, fakeGuard, until } from "./_pipes.ts";

const BUN = process.execPath;
/** Echoes every line back. */
const ECHO = "require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => process.stdout.write(l + '\\n'));";
/** Says its pid, then never reads its stdin. */
const DEAF = "process.stdout.write(JSON.stringify({ pid: process.pid }) + '\\n'); setInterval(() => {}, 1000);";
/** Says its pid, then writes `n` lines of 32 KiB as fast as its stdout takes them, then exits. */
const FLOOD = (n: number) =>
  `process.stdout.write(JSON.stringify({ pid: process.pid }) + '\\n'); let i = 0; const line = 'x'.repeat(32768); const go = () => { while (i < ${n}) { if (!process.stdout.write(i++ + line + '\\n')) return void process.stdout.once('drain', go); } }; go();`;

const relay = (script: string, guard: ReturnType<typeof fakeGuard>, input: ReadableStream<Uint8Array>, out: ClientOut, maxMessageBytes = 1 << 20) =>
  runStdioRelay({ command: [BUN, "-e", script], env: { PATH: process.env["PATH"] ?? "" }, guard, maxMessageBytes, clientIn: input, clientOut: out, graceMs: 500 });

describe("stdio relay", () => {
  test("a burst in one chunk: both directions in order, one message at a time per side", async () => {
    // An uneven guard: every third message waits for a macrotask.
    const guard = fakeGuard((n) => (n % 3 === 0 ? Bun.sleep(0) : undefined));
    const input = clientIn();
    const out = new ClientOut();
    const done = relay(ECHO, guard, input.stream, out);
    const burst = Array.from({ length: 300 }, (_, i) => `m${i}`);
    input.raw(`${burst.join("\n")}\n`);
    await until(() => out.lines.length === burst.length, "the echoes");
    expect(out.lines).toEqual(burst.map((m) => `${m}|c|s`));
    expect(guard.maxInFlight).toEqual({ client: 1, server: 1 });
    input.end();
    expect(await done).toEqual({ ok: true, code: 0 });
  });

  test("an oversize client line is refused without reaching the server; the next one goes through", async () => {
    const guard = fakeGuard();
    const input = clientIn();
    const out = new ClientOut();
    const done = relay(ECHO, guard, input.stream, out, 64);
    input.raw("y".repeat(40));
    input.raw(`${"y".repeat(40)}\nsmall\n`);
    await until(() => out.lines.length === 2, "two answers");
    expect(out.lines).toEqual(["refused oversize 80", "small|c|s"]);
    input.end();
    expect(await done).toEqual({ ok: true, code: 0 });
  });

  test("a server that does not read its stdin: pipelock stops reading the client", async () => {
    const guard = fakeGuard();
    const out = new ClientOut();
    let pulled = 0;
    const line = `${"z".repeat(64 * 1024 - 1)}\n`;
    const offered = 64 * 1024 * 1024;
    const input = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          if (pulled >= offered) return c.close();
          pulled += line.length;
          c.enqueue(new TextEncoder().encode(line));
        },
      },
      { highWaterMark: 0 },
    );
    const done = relay(DEAF, guard, input, out);
    await until(() => out.lines.length === 1, "the server's pid");
    const { pid } = JSON.parse(out.lines[0]!.replace(/\|s$/, "")) as { pid: number };
    // Whatever pipelock was going to buffer, it has by now (a relay that does not wait reads it all).
    await until(() => pulled > 0, "a first read");
    await Bun.sleep(300);
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
    process.kill(pid, "SIGTERM");
    expect(await done).toEqual({ ok: true, code: 143 });
  });

  test("a client that does not read its stdout: pipelock stops reading the server, then delivers everything in order", async () => {
    const guard = fakeGuard();
    const out = new ClientOut(true);
    const input = clientIn();
    const lines = 400; // 12.5 MiB
    const done = relay(FLOOD(lines), guard, input.stream, out);
    await until(() => out.writes >= 1, "the server's pid");
    await Bun.sleep(300);
    // One write taken, none after it: the server's output waits in the pipe, not in pipelock.
    expect(out.writes).toBe(1);
    out.release();
    expect(await done).toEqual({ ok: true, code: 0 });
    expect(out.lines).toHaveLength(lines + 1);
    expect(out.lines.slice(1).every((l, i) => l.startsWith(String(i)) && l.endsWith("x|s"))).toBe(true);
  });

  test("the server's exit code comes back when the client's input ends", async () => {
    const input = clientIn();
    const done = relay("process.stdin.on('end', () => process.exit(5)); process.stdin.resume();", fakeGuard(), input.stream, new ClientOut());
    input.end();
    expect(await done).toEqual({ ok: true, code: 5 });
  });

  test("end of input, server reading but staying: stdin closed, then SIGTERM after the grace period", async () => {
    const input = clientIn();
    const done = relay("process.stdin.resume(); setInterval(() => {}, 1000); process.on('SIGTERM', () => process.exit(9));", fakeGuard(), input.stream, new ClientOut());
    input.send("bye");
    input.end();
    expect(await done).toEqual({ ok: true, code: 9 });
  });

  test("end of input, server not reading: the end is still seen and the server is ended", async () => {
    const input = clientIn();
    const out = new ClientOut();
    const done = relay(DEAF, fakeGuard(), input.stream, out);
    await until(() => out.lines.length === 1, "the server's pid");
    // More than the server's pipe holds (pipelock is left waiting on it), less than it reads ahead.
    for (let i = 0; i < 8; i++) input.send("w".repeat(64 * 1024));
    input.end();
    expect(await done).toEqual({ ok: true, code: 143 });
  });

  test("end of input while the guard still decides the last line: the server gets it before its stdin closes", async () => {
    const input = clientIn();
    const out = new ClientOut();
    // Slower than the grace period (500 ms), as a person answering an ask prompt would be.
    const done = relay(ECHO, fakeGuard((n) => (n === 0 ? Bun.sleep(800) : undefined)), input.stream, out);
    input.send("slow");
    input.end();
    expect(await done).toEqual({ ok: true, code: 0 });
    expect(out.lines).toEqual(["slow|c|s"]);
  });
});
