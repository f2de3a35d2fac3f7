/**
 * @module The `ask` action: a human approves or refuses one MCP message on the controlling terminal
 * (/dev/tty — stdin and stdout carry the protocol). One question at a time; no terminal, a read
 * error, anything but "y"/"yes", or the timeout all deny.
 */
import { createReadStream, createWriteStream, openSync, closeSync, constants } from "node:fs";

export interface Prompter {
  /** Resolves true only on an explicit yes within `timeoutMs`. Never rejects. */
  ask(question: string, timeoutMs: number): Promise<boolean>;
}

/** Denies every question (no human available: tests, services, `--no-ask`). */
export const DENY_PROMPTER: Prompter = { ask: async () => false };

/** Longest answer line read. */
const MAX_ANSWER_CHARS = 64;

/** A prompter on the terminal at `path`. */
export function ttyPrompter(path = "/dev/tty"): Prompter {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ask(question, timeoutMs) {
      const next = queue.then(() => askOnce(path, question, timeoutMs));
      queue = next.catch(() => false);
      return next.catch(() => false);
    },
  };
}

/** Longest wait for the closing note to reach the terminal. */
const NOTE_FLUSH_MS = 500;

function askOnce(path: string, question: string, timeoutMs: number): Promise<boolean> {
  // Probe first: with no controlling terminal, opening fails at once (ENXIO) and we deny.
  try {
    closeSync(openSync(path, constants.O_RDWR | constants.O_NOCTTY));
  } catch {
    return Promise.resolve(false);
  }
  return new Promise<boolean>((resolve) => {
    const out = createWriteStream(path, { flags: "w" });
    const input = createReadStream(path, { encoding: "utf8" });
    let answer = "";
    let settled = false;
    const finish = (yes: boolean, note?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      input.destroy();
      // Resolve once the note reached the terminal (the caller may exit right after), but never
      // wait on a stuck terminal for longer than NOTE_FLUSH_MS.
      const done = () => resolve(yes);
      const fallback = setTimeout(done, NOTE_FLUSH_MS);
      out.end(note ? `${note}\n` : undefined, () => {
        clearTimeout(fallback);
        done();
      });
    };
    const timer = setTimeout(() => finish(false, `\npipelock: no answer within ${Math.round(timeoutMs / 1000)} s — denied`), timeoutMs);
    input.on("data", (chunk) => {
      answer += String(chunk);
      const nl = answer.indexOf("\n");
      if (nl >= 0 || answer.length > MAX_ANSWER_CHARS) {
        const word = answer.slice(0, nl >= 0 ? nl : MAX_ANSWER_CHARS).trim().toLowerCase();
        const yes = word === "y" || word === "yes";
        finish(yes, yes ? "pipelock: allowed once" : "pipelock: denied");
      }
    });
    input.on("error", () => finish(false));
    out.on("error", () => finish(false));
    out.write(`\n${question}\nAllow? [y/N] (denies in ${Math.round(timeoutMs / 1000)} s) `);
  });
}
