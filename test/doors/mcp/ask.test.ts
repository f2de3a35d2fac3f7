/**
 * @module `ask` on a real terminal: ttyPrompter under a pseudo-terminal (util-linux `script`)
 * allows only on an explicit yes; no, silence past the timeout, and no terminal at all deny.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const BUN = resolve(import.meta.dir, "../../../node_modules/.bin/bun");
const ASK = resolve(import.meta.dir, "fixtures/ask-once.ts");
const dir = mkdtempSync(join(tmpdir(), "pipelock-ask-"));

async function askUnderPty(answer: string | undefined, timeoutMs: number, name: string): Promise<{ answer: string; screen: string }> {
  const out = join(dir, name);
  const proc = Bun.spawn(["script", "-qfec", `${BUN} ${ASK} ${timeoutMs} ${out}`, "/dev/null"], { stdin: "pipe", stdout: "pipe", stderr: "ignore" });
  const screen = new Response(proc.stdout as ReadableStream).text();
  await Bun.sleep(700);
  if (answer !== undefined) proc.stdin.write(answer);
  proc.stdin.flush();
  await proc.exited;
  proc.stdin.end();
  return { answer: readFileSync(out, "utf8"), screen: await screen };
}

describe("ttyPrompter", () => {
  test.each([
    ["y\n", "true"],
    ["yes\n", "true"],
    ["n\n", "false"],
    ["maybe\n", "false"],
  ])("answer %j → %s", async (answer, allowed) => {
    const r = await askUnderPty(answer, 5000, `a-${allowed}-${answer.trim()}`);
    expect(r.answer).toBe(allowed);
    expect(r.screen).toContain("pipelock test question");
  }, 20_000);

  test("no answer within the timeout denies", async () => {
    const r = await askUnderPty(undefined, 300, "timeout");
    expect(r.answer).toBe("false");
    expect(r.screen).toContain("denied");
  }, 20_000);

  test("no controlling terminal denies at once", async () => {
    const out = join(dir, "no-tty");
    const proc = Bun.spawn(["setsid", "-w", BUN, ASK, "5000", out], { stdin: "ignore", stdout: "ignore", stderr: "ignore" });
    expect(await proc.exited).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("false");
  }, 20_000);
});
