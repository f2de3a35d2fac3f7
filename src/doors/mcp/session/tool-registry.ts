/**
 * @module ToolRegistry: what one session knows about its tools. The first definition of each tool
 * seen in a `tools/list` fixes its fingerprint (or a pinned baseline fixes it across sessions);
 * a later different definition is drift (a rug pull). Only tools that were listed and accepted
 * are callable (session binding); a tool whose definition drifted and was refused stays blocked
 * for the rest of the session. Bounded at MAX_TOOLS names.
 */
import { sharedFingerprintMemo, type FingerprintMemo } from "./fingerprint-memo.ts";
import { describeDrift } from "./tool-fingerprint.ts";

export { MAX_MEMO_CHARS } from "./fingerprint-memo.ts";

/** Most tool names remembered per session (more are refused, not silently ignored). */
export const MAX_TOOLS = 10_000;

export interface PinnedTool {
  readonly fingerprint: string;
  /** The pinned definition, for a readable drift description. */
  readonly tool?: unknown;
}

export type Observation =
  | { readonly status: "new"; readonly fingerprint: string }
  | { readonly status: "same"; readonly fingerprint: string }
  | { readonly status: "drift"; readonly fingerprint: string; readonly change: string; readonly against: "session" | "baseline" }
  | { readonly status: "unpinned"; readonly fingerprint: string }
  | { readonly status: "over_limit"; readonly fingerprint: string };

export type Callable = { readonly ok: true } | { readonly ok: false; readonly why: "unlisted" | "blocked" | "no_list"; readonly detail?: string };

interface Known {
  readonly fingerprint: string;
  readonly tool: unknown;
}

export class ToolRegistry {
  private readonly first = new Map<string, Known>();
  private readonly listed = new Set<string>();
  private readonly blocked = new Map<string, string>();
  private listSeen = false;

  /**
   * `pins`: fingerprints from a baseline file; when given, every listed tool must match one.
   * `memo`: where unchanged tools skip the hash (shared by the sessions of the process).
   */
  constructor(
    private readonly pins?: ReadonlyMap<string, PinnedTool>,
    private readonly memo: FingerprintMemo = sharedFingerprintMemo,
  ) {}

  /** Compare one listed tool against the first definition (or the pin). Does not accept it. */
  observe(name: string, tool: unknown): Observation {
    const fingerprint = this.memo.fingerprint(name, tool);
    if (this.pins !== undefined) {
      const pin = this.pins.get(name);
      if (pin === undefined) return { status: "unpinned", fingerprint };
      if (pin.fingerprint !== fingerprint) return { status: "drift", fingerprint, change: describeDrift(pin.tool, tool), against: "baseline" };
    }
    const known = this.first.get(name);
    if (known === undefined) {
      if (this.first.size >= MAX_TOOLS) return { status: "over_limit", fingerprint };
      this.first.set(name, { fingerprint, tool });
      return this.pins !== undefined ? { status: "same", fingerprint } : { status: "new", fingerprint };
    }
    if (known.fingerprint === fingerprint) return { status: "same", fingerprint };
    return { status: "drift", fingerprint, change: describeDrift(known.tool, tool), against: "session" };
  }

  /** A tools/list response was processed (binding's "no list yet" ends). */
  markListed(): void {
    this.listSeen = true;
  }

  /** The tool went to the client in a list: calls to it are bound to this session. */
  accept(name: string): void {
    if (this.listed.size < MAX_TOOLS || this.listed.has(name)) this.listed.add(name);
  }

  /** The tool was refused (poisoned or drifted): calls to it are denied from now on. */
  block(name: string, why: string): void {
    if (this.blocked.size < MAX_TOOLS || this.blocked.has(name)) this.blocked.set(name, why);
    this.listed.delete(name);
  }

  callable(name: string): Callable {
    const why = this.blocked.get(name);
    if (why !== undefined) return { ok: false, why: "blocked", detail: why };
    if (this.listed.has(name)) return { ok: true };
    return { ok: false, why: this.listSeen ? "unlisted" : "no_list" };
  }

  get hasList(): boolean {
    return this.listSeen;
  }

  /** The first definition of a tool seen in this session. */
  definition(name: string): unknown {
    return this.first.get(name)?.tool;
  }

  /** Fingerprints fixed in this session, for writing a baseline. */
  snapshot(): Map<string, PinnedTool> {
    return new Map([...this.first].map(([name, k]) => [name, { fingerprint: k.fingerprint, tool: k.tool }]));
  }
}
