/**
 * @module The listener's session table: downstream `Mcp-Session-Id` → the guard of that session.
 * Ids are the upstream's own (passed through, never re-minted), so a session the proxy does not
 * know — expired, deleted, or from before a restart — is a 404 and the client re-initializes
 * (its tool fingerprints start fresh with it). Bounded: past `max` the least recently used session
 * is closed; idle sessions expire.
 */
import type { McpGuard } from "../inspect/index.ts";

/** Sessions idle this long are forgotten. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;

interface Entry {
  readonly guard: McpGuard;
  seen: number;
}

export class HttpSessions {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly max: number, private readonly idleMs = SESSION_IDLE_MS, private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.entries.size;
  }

  get(id: string): McpGuard | undefined {
    const e = this.entries.get(id);
    if (e === undefined) return undefined;
    if (this.now() - e.seen > this.idleMs || e.guard.session.closed) {
      this.delete(id, "idle");
      return undefined;
    }
    e.seen = this.now();
    this.entries.delete(id);
    this.entries.set(id, e);
    return e.guard;
  }

  set(id: string, guard: McpGuard): void {
    if (this.entries.has(id)) return;
    while (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest, "evicted: too many sessions");
    }
    this.entries.set(id, { guard, seen: this.now() });
  }

  delete(id: string, reason: string): void {
    const e = this.entries.get(id);
    if (e === undefined) return;
    e.guard.session.close(reason);
    this.entries.delete(id);
  }
}
