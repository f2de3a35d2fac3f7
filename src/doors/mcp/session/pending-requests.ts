/**
 * @module PendingRequests: ids of requests one side sent and the other has not answered yet, with
 * what each asked for. A response whose id is not here answers a request that was never sent (or
 * was already answered) and is refused: a server must not be able to inject results. Bounded:
 * past MAX_PENDING the oldest entry is forgotten (a late answer to it is then refused too).
 */
import type { JsonRpcId } from "../jsonrpc/index.ts";

/** Most requests in flight per direction and session. */
export const MAX_PENDING = 10_000;
/** Answered requests remembered for resumed streams (a replay may repeat an answer). */
export const MAX_ANSWERED = 1_000;

export interface PendingInfo {
  /** The request id as sent. */
  readonly id?: JsonRpcId;
  readonly method: string;
  /** `tools/call`: the tool actually called (after a redirect, the safe tool). */
  readonly tool?: string;
  /** The tool the client asked for when a redirect swapped it. */
  readonly redirectedFrom?: string;
}

export class PendingRequests {
  // Keyed by the id itself: a Map tells 1 from "1" (SameValueZero), as idKey does, without
  // building a string per lookup.
  private readonly entries = new Map<JsonRpcId, PendingInfo>();
  private readonly answered = new Map<JsonRpcId, PendingInfo>();

  constructor(private readonly max: number = MAX_PENDING) {}

  get size(): number {
    return this.entries.size;
  }

  /** Record a request; false when the same id is already in flight (a duplicate id is refused). */
  add(id: JsonRpcId, info: PendingInfo): boolean {
    if (this.entries.has(id)) return false;
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(id, info.id === undefined ? { ...info, id } : info);
    return true;
  }

  has(id: JsonRpcId): boolean {
    return this.entries.has(id);
  }

  /** Consume the entry for a response (one answer per request). */
  take(id: JsonRpcId): PendingInfo | undefined {
    const info = this.entries.get(id);
    if (info === undefined) return undefined;
    this.entries.delete(id);
    if (this.answered.size >= MAX_ANSWERED) {
      const oldest = this.answered.keys().next().value;
      if (oldest !== undefined) this.answered.delete(oldest);
    }
    this.answered.set(id, info);
    return info;
  }

  /**
   * A response replayed on a resumed stream (Last-Event-ID) may repeat an answer already seen:
   * accepted when the request was really sent and answered recently. Never used on live streams.
   */
  takeReplayed(id: JsonRpcId): PendingInfo | undefined {
    return this.take(id) ?? this.answered.get(id);
  }

  /** Every request still waiting (oldest first), forgotten: the peer that should answer is gone. */
  drain(): PendingInfo[] {
    const waiting = [...this.entries.values()];
    this.entries.clear();
    return waiting;
  }

  /** Forget a request the proxy answered itself. */
  drop(id: JsonRpcId): void {
    this.entries.delete(id);
  }
}
