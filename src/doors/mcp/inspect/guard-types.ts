/**
 * @module Types shared by the guard's parts: what a guard needs (its dependencies) and what it
 * decides for one JSON-RPC message.
 */
import type { DoorName, EventSink } from "../../../evidence/index.ts";
import type { Prompter } from "../actions/ask.ts";
import type { Redirector } from "../actions/redirect.ts";
import type { JsonObject } from "../jsonrpc/index.ts";
import type { McpSession } from "../session/index.ts";
import type { McpScanner } from "./scanner.ts";
import type { McpGuardSettings } from "./settings.ts";

/** Who sent a message. */
export type Side = "client" | "server";

export interface GuardDeps {
  readonly session: McpSession;
  readonly scanner: McpScanner;
  readonly settings: McpGuardSettings;
  readonly sink: EventSink;
  readonly door: DoorName;
  /** Upstream host (HTTP/WS) for per-domain exemptions; absent for stdio. */
  readonly host?: string;
  readonly agent?: string;
  /** Human approval for `ask`; absent = deny. */
  readonly prompter?: Prompter;
  /** Local handlers for `redirect` profiles with `exec`; absent = deny. */
  readonly redirector?: Redirector;
  /** The kill switch: a message while it is on (every message is then refused), else undefined. */
  readonly killSwitch?: () => string | undefined;
}

/** What to do with one message. */
export type Outcome =
  /** Deliver to the other side (`changed`: the message was rewritten and must be re-serialized). */
  | { readonly kind: "forward"; readonly message: JsonObject; readonly changed: boolean }
  /** Do not deliver; answer the sender with this message instead. */
  | { readonly kind: "reply"; readonly message: JsonObject }
  /** Do not deliver and do not answer (notifications, stray responses). */
  | { readonly kind: "drop" };
