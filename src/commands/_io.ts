/**
 * @module Shared plumbing for commands: exit codes, usage errors, printing located issues, and
 * loading the policy the way every command does (config file or embedded default, packs).
 */
import { LoadError, loadConfig } from "../config/index.ts";
import { buildPolicy, type PolicyBuild } from "../policy/index.ts";

/** Exit codes shared by every command. */
export const EXIT = { allow: 0, deny: 1, usage: 2 } as const;

/** Thrown for a bad command line; the CLI prints it with a usage hint and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}


export function printErr(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
}

export function printOut(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** Load config (file or embedded default) and build the policy, or throw LoadError (exit 2). */
export function loadPolicyOrFail(configPath: string | undefined, ruleDirs: readonly string[] = []): PolicyBuild {
  const cfg = loadConfig(configPath);
  if (!cfg.ok) throw new LoadError(cfg.issues);
  for (const w of cfg.loaded.warnings) printErr(`warning: ${w}`);
  const built = buildPolicy(cfg.loaded, { ruleDirs });
  if (!built.ok) throw new LoadError(built.issues);
  return built.build;
}

/** Read all of stdin as bytes. */
export async function readStdin(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Decode bytes as UTF-8, or undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
