/**
 * @module Config section `kill_switch` (reference key names): deny everything while active. Four
 * OR'd sources: `enabled` here, a `sentinel_file` that exists, SIGUSR1 (toggle) and the admin API
 * (bearer `api_token`, or env PIPELOCK_KILLSWITCH_API_TOKEN). Health and metrics stay up.
 */
import * as v from "valibot";

const listen = v.pipe(v.string(), v.regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):\d{1,5}$/, "must be host:port (e.g. 127.0.0.1:9091)"));

export const KillSwitchSection = v.strictObject({
  /** A source, not a feature toggle: true = deny everything from startup. */
  enabled: v.optional(v.boolean(), false),
  message: v.optional(v.pipe(v.string(), v.maxLength(512)), "Emergency deny-all active"),
  /** Active while this file exists (checked every second). Relative to the config file. */
  sentinel_file: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** Bearer token for the admin API (at least 16 characters). */
  api_token: v.optional(v.pipe(v.string(), v.minLength(16, "api_token must be at least 16 characters"))),
  /** A separate listener for the kill-switch API only (otherwise it shares `metrics_listen`). */
  api_listen: v.optional(listen),
  health_exempt: v.optional(v.boolean(), true),
  metrics_exempt: v.optional(v.boolean(), true),
  api_exempt: v.optional(v.boolean(), true),
  /** Client addresses the doors still serve while active (exact IPs). */
  allowlist_ips: v.optional(v.array(v.string()), []),
});

export type KillSwitchConfig = v.InferOutput<typeof KillSwitchSection>;
export const KILL_SWITCH_DEFAULT: KillSwitchConfig = v.parse(KillSwitchSection, {});
