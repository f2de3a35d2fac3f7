/**
 * @module Baseline files: tool fingerprints pinned across sessions (`pipelock mcp baseline`
 * writes one, `mcp proxy --baseline` and `mcp scan --baseline` read it). JSON, versioned, bounded
 * in size; a file that does not parse or has the wrong shape is an error, never an empty pin set.
 */
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { isObject } from "../jsonrpc/index.ts";
import { MAX_TOOLS, type PinnedTool } from "./tool-registry.ts";

export const BASELINE_VERSION = 1;
/** Largest baseline file read. */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface BaselineFile {
  readonly version: typeof BASELINE_VERSION;
  readonly created: string;
  /** `serverInfo` from initialize, when the server sent one. */
  readonly server?: { readonly name?: string; readonly version?: string };
  readonly tools: Readonly<Record<string, { readonly sha256: string; readonly tool: unknown }>>;
}

export class BaselineError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "BaselineError";
  }
}

/** Read and check a baseline file. @throws BaselineError */
export function readBaseline(file: string): Map<string, PinnedTool> {
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_BASELINE_BYTES) throw new BaselineError(file, `larger than ${MAX_BASELINE_BYTES} bytes`);
    text = bytes.toString("utf8");
  } catch (err) {
    if (err instanceof BaselineError) throw err;
    throw new BaselineError(file, `cannot read: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BaselineError(file, "not valid JSON");
  }
  return parseBaseline(file, parsed);
}

export function parseBaseline(file: string, parsed: unknown): Map<string, PinnedTool> {
  if (!isObject(parsed) || parsed["version"] !== BASELINE_VERSION || !isObject(parsed["tools"])) {
    throw new BaselineError(file, `not a pipelock baseline (expected {"version": ${BASELINE_VERSION}, "tools": {...}})`);
  }
  const entries = Object.entries(parsed["tools"]);
  if (entries.length > MAX_TOOLS) throw new BaselineError(file, `more than ${MAX_TOOLS} tools`);
  const pins = new Map<string, PinnedTool>();
  for (const [name, entry] of entries) {
    if (!isObject(entry) || typeof entry["sha256"] !== "string" || !/^[0-9a-f]{64}$/.test(entry["sha256"])) {
      throw new BaselineError(file, `tools.${name}: needs "sha256" (64 lower-case hex characters)`);
    }
    pins.set(name, { fingerprint: entry["sha256"], tool: entry["tool"] });
  }
  return pins;
}

/** Write atomically (temp file + rename). */
export function writeBaseline(file: string, tools: ReadonlyMap<string, PinnedTool>, server?: BaselineFile["server"]): BaselineFile {
  const body: BaselineFile = {
    version: BASELINE_VERSION,
    created: new Date().toISOString(),
    ...(server ? { server } : {}),
    tools: Object.fromEntries([...tools].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, pin]) => [name, { sha256: pin.fingerprint, tool: pin.tool }])),
  };
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o644 });
  renameSync(tmp, file);
  return body;
}
