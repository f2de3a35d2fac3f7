/**
 * @module Live connections that outlast their admission — passthrough CONNECT tunnels, intercepted
 * TLS connections, WebSocket relays — register a `cut` callback while they run, so the kill switch
 * can end them at once (`cutAll`) instead of only refusing new ones. The registry is bounded
 * (MAX_LIVE_CONNECTIONS: past it a door denies), and every cut records exactly one deny event with
 * the door the connection came through, so a door never records its own event for a cut.
 */
import type { DoorName, EventSink } from "../../evidence/index.ts";
import type { BlockInfo } from "./block.ts";
import { emitDecision } from "./events.ts";
import { killSwitchBlock } from "./respond.ts";

/** Connections tracked at once (above the listener's own connection cap, so it only bites on a leak). */
export const MAX_LIVE_CONNECTIONS = 8_192;
/** The failure recorded for a cut connection: the same code killSwitchBlock uses for refused requests. */
export const KILL_SWITCH_FAILURE = "kill_switch_active";

export interface LiveConnection {
  /** The door the connection was opened through (recorded in the cut's event). */
  readonly door: DoorName;
  readonly method?: string;
  /** Already redacted (no query values, no credentials). */
  readonly target?: string;
  readonly agent?: string;
  /** Status recorded with the cut (e.g. 1008 for a WebSocket); none for a raw tunnel. */
  readonly status?: number;
  /** End the connection now; `reason` names why (the kill switch's message). A throw is contained. */
  readonly cut: (reason: string) => void;
}

export interface LiveConnections {
  /** Track `connection` until the returned release runs (idempotent); undefined when the registry is full. */
  register(connection: LiveConnection): (() => void) | undefined;
  /** Cut every tracked connection once (the kill switch engaged), recording one deny event each; returns how many. */
  cutAll(reason: string): number;
  readonly size: number;
  /** The bound this registry was created with. */
  readonly capacity: number;
}

export function createLiveConnections(sink: EventSink, max = MAX_LIVE_CONNECTIONS): LiveConnections {
  // Entries are wrapped so one object registered twice is two connections.
  const live = new Set<{ readonly connection: LiveConnection }>();
  return {
    capacity: max,
    get size() {
      return live.size;
    },
    register(connection) {
      if (live.size >= max) return undefined;
      const entry = { connection };
      live.add(entry);
      return () => void live.delete(entry);
    },
    cutAll(reason) {
      const all = [...live];
      live.clear();
      for (const { connection: c } of all) {
        emitDecision(sink, {
          door: c.door,
          direction: "request",
          decision: "deny",
          findings: [],
          failure: KILL_SWITCH_FAILURE,
          ...(c.method !== undefined ? { method: c.method } : {}),
          ...(c.target !== undefined ? { target: c.target } : {}),
          ...(c.agent !== undefined ? { agent: c.agent } : {}),
          ...(c.status !== undefined ? { status: c.status } : {}),
        });
        try {
          c.cut(reason);
        } catch {
          // One connection failing to close must not keep the others open.
        }
      }
      return all.length;
    },
  };
}

export type LiveAdmission = { readonly ok: true; readonly release: () => void } | { readonly ok: false; readonly block: BlockInfo };

/**
 * Admit a long-lived connection at the moment it starts relaying: refused while the kill switch is
 * engaged (it may have engaged while the connection was being checked) or when the registry is full.
 * Call it in the same synchronous step that starts the relay, so no cutAll can fall in between.
 */
export function admitLive(ctx: { readonly killSwitch?: () => string | undefined; readonly live?: LiveConnections }, connection: LiveConnection, explain: boolean): LiveAdmission {
  const killed = killSwitchBlock(ctx, explain);
  if (killed) return { ok: false, block: killed };
  if (!ctx.live) return { ok: true, release: () => {} };
  const release = ctx.live.register(connection);
  if (release) return { ok: true, release };
  return {
    ok: false,
    block: { code: "unavailable", direction: "request", reason: `too many live connections (${ctx.live.capacity})`, failure: "live_connection_limit", explain },
  };
}
