/**
 * @module The `redirect` action's local handlers: a profile with `exec` runs a command in place of
 * the dangerous tool call and its output becomes the tool result (which the guard then scans like
 * any server content). Filtered environment, bounded output, a timeout; a failure, a non-zero exit
 * or a timeout is a deny, never a pass-through.
 */
import type { RedirectProfile } from "../inspect/settings.ts";

/** Most bytes of handler output kept. */
export const MAX_REDIRECT_OUTPUT = 1024 * 1024;
/** Environment variables a handler inherits (plus the manifest). */
const HANDLER_ENV = ["PATH", "HOME", "USER", "LANG", "TERM", "TZ", "TMPDIR", "SHELL"];

export type RedirectOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export interface Redirector {
  run(profile: Extract<RedirectProfile, { kind: "exec" }>, call: { readonly tool: string; readonly arguments: unknown; readonly ruleId: string }): Promise<RedirectOutcome>;
}

export const execRedirector: Redirector = {
  async run(profile, call) {
    const argv = [...profile.exec, ...(profile.preserveArgv ? [JSON.stringify(call.arguments ?? {})] : [])];
    const env: Record<string, string> = {};
    for (const k of HANDLER_ENV) if (process.env[k] !== undefined) env[k] = process.env[k]!;
    env["__PIPELOCK_REDIRECT_MANIFEST"] = JSON.stringify({ profile: profile.name, tool: call.tool, rule: call.ruleId, reason: profile.reason });
    let proc: ReturnType<typeof Bun.spawn>;
    try {
      proc = Bun.spawn(argv, { stdin: "ignore", stdout: "pipe", stderr: "ignore", env });
    } catch (err) {
      return { ok: false, reason: `redirect handler could not start: ${(err as Error).message}` };
    }
    const timer = setTimeout(() => proc.kill("SIGKILL"), profile.timeoutMs);
    try {
      const [text, code] = await Promise.all([readBounded(proc.stdout as ReadableStream<Uint8Array>), proc.exited]);
      if (code !== 0) return { ok: false, reason: `redirect handler exited with ${code}` };
      if (text === undefined) return { ok: false, reason: `redirect handler wrote more than ${MAX_REDIRECT_OUTPUT} bytes` };
      return { ok: true, text };
    } finally {
      clearTimeout(timer);
    }
  },
};

async function readBounded(stream: ReadableStream<Uint8Array>): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > MAX_REDIRECT_OUTPUT) over = true;
    else chunks.push(chunk);
  }
  if (over) return undefined;
  return new TextDecoder().decode(Buffer.concat(chunks));
}
