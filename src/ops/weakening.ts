/**
 * @module The weakening check for reloads: what in a new policy protects less than the running
 * one. Rules removed or their action lowered, mode lowered (strict > balanced > audit), enforce
 * off, DLP / injection / other scanners off, kill switch or recorder off, suppressions or SSRF
 * exceptions added, blocklist entries removed... A reload with any of these is refused unless
 * weakening is explicitly allowed. Also lists settings that only take effect after a restart.
 */
import type { Config } from "../config/index.ts";
import type { PolicyBuild } from "../policy/index.ts";

/** Listed ids per weakening (the count is always given). */
const MAX_LISTED = 10;

export interface Weakening {
  /** Stable kind for metrics: rules_removed, action_lowered, mode_lowered, ... */
  readonly kind: string;
  readonly message: string;
}

const MODE_RANK: Readonly<Record<Config["mode"], number>> = { audit: 0, balanced: 1, strict: 2 };
const ACTION_RANK: Readonly<Record<string, number>> = { block: 5, redirect: 4, ask: 3, strip: 2, warn: 1 };
const CONFIDENCE_RANK: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2 };

/** Protective switches: on → off is a weakening. Paths into Config. */
const PROTECTIVE_SWITCHES: readonly [string, string][] = [
  ["enforce", "enforce_off"],
  ["response_scanning.enabled", "injection_disabled"],
  ["dlp.scan_env", "dlp_env_scan_disabled"],
  ["dlp.include_defaults", "dlp_defaults_disabled"],
  ["response_scanning.include_defaults", "injection_defaults_disabled"],
  ["kill_switch.enabled", "kill_switch_off"],
  ["flight_recorder.enabled", "recorder_disabled"],
  ["flight_recorder.redact", "recorder_redaction_disabled"],
  ["flight_recorder.sign_checkpoints", "recorder_signing_disabled"],
  ["rules.require_signed", "unsigned_packs_allowed"],
  ["tool_chain_detection.enabled", "chain_detection_disabled"],
  ["seed_phrase_detection.enabled", "seed_phrase_disabled"],
  ["address_protection.enabled", "address_protection_disabled"],
  ["canary_tokens.enabled", "canary_tokens_disabled"],
  ["forward_proxy.sni_verification", "sni_verification_disabled"],
  ["explain_blocks", "explain_blocks_disabled"],
];

/** List-valued settings where removing an entry weakens. */
const SHRINKING_LISTS: readonly [string, string][] = [
  ["fetch_proxy.monitoring.blocklist", "blocklist_reduced"],
  ["internal", "internal_cidrs_reduced"],
];
/** List-valued settings where adding an entry weakens. */
const GROWING_LISTS: readonly [string, string][] = [
  ["ssrf.ip_allowlist", "ssrf_exceptions_added"],
  ["trusted_domains", "trusted_domains_added"],
  ["rules.disabled", "rules_disabled"],
];

/** Settings read once at startup. */
const RESTART_ONLY: readonly string[] = [
  "fetch_proxy.listen", "scan_api.listen", "metrics_listen", "kill_switch.api_listen",
  "flight_recorder.enabled", "flight_recorder.dir", "flight_recorder.signing_key_path", "flight_recorder.checkpoint_interval",
  "flight_recorder.max_entries_per_file", "flight_recorder.max_file_bytes", "flight_recorder.rotate_interval", "flight_recorder.fsync",
  "flight_recorder.write_through", "flight_recorder.redact", "flight_recorder.include_allowed", "flight_recorder.retention_days",
  "forward_proxy.enabled", "reverse_proxy", "metrics.path", "metrics.enabled",
];

export function findWeakenings(before: PolicyBuild, after: PolicyBuild): Weakening[] {
  const out: Weakening[] = [];
  const a = before.config.config;
  const b = after.config.config;
  if (MODE_RANK[b.mode] < MODE_RANK[a.mode]) out.push({ kind: "mode_lowered", message: `mode lowered from ${a.mode} to ${b.mode}` });

  const newRules = new Map(after.policy.rules.map((r) => [r.id, r] as const));
  const removed = before.policy.rules.filter((r) => !newRules.has(r.id)).map((r) => r.id);
  if (removed.length > 0) out.push({ kind: "rules_removed", message: `${removed.length} rule(s) removed: ${list(removed)}` });
  const lowered: string[] = [];
  for (const r of before.policy.rules) {
    const n = newRules.get(r.id);
    if (n && (ACTION_RANK[n.action] ?? 0) < (ACTION_RANK[r.action] ?? 0)) lowered.push(`${r.id} ${r.action}→${n.action}`);
  }
  if (lowered.length > 0) out.push({ kind: "action_lowered", message: `${lowered.length} rule action(s) lowered: ${list(lowered)}` });
  const dlpBefore = before.policy.rules.filter((r) => r.kind === "dlp").length;
  const dlpAfter = after.policy.rules.filter((r) => r.kind === "dlp").length;
  if (dlpBefore > 0 && dlpAfter === 0) out.push({ kind: "dlp_disabled", message: "DLP is off: no dlp rule remains" });
  if (before.policy.settings.injection.enabled && !after.policy.settings.injection.enabled) out.push({ kind: "injection_scanning_off", message: "prompt-injection scanning is off" });

  for (const [path, kind] of PROTECTIVE_SWITCHES) {
    if (get(a, path) === true && get(b, path) === false) out.push({ kind, message: `${path} turned off` });
  }
  for (const [path, kind] of SHRINKING_LISTS) {
    const gone = diff(get(a, path), get(b, path));
    if (gone.length > 0) out.push({ kind, message: `${path}: ${gone.length} entr${gone.length === 1 ? "y" : "ies"} removed: ${list(gone)}` });
  }
  for (const [path, kind] of GROWING_LISTS) {
    const added = diff(get(b, path), get(a, path));
    if (added.length > 0) out.push({ kind, message: `${path}: ${added.length} entr${added.length === 1 ? "y" : "ies"} added: ${list(added)}` });
  }
  if (a.mode === "strict" && b.mode === "strict") {
    const added = diff(b.api_allowlist, a.api_allowlist);
    if (added.length > 0) out.push({ kind: "allowlist_widened", message: `api_allowlist: ${added.length} host(s) added: ${list(added)}` });
  }
  const supBefore = new Set(a.suppress.map((s) => JSON.stringify(s)));
  const supAdded = b.suppress.filter((s) => !supBefore.has(JSON.stringify(s))).map((s) => s.rule + (s.path ? ` @ ${s.path}` : "") + (s.tool ? ` tool ${s.tool}` : ""));
  if (supAdded.length > 0) out.push({ kind: "suppressions_added", message: `${supAdded.length} suppression(s) added: ${list(supAdded)}` });
  if ((CONFIDENCE_RANK[b.rules.min_confidence] ?? 0) > (CONFIDENCE_RANK[a.rules.min_confidence] ?? 0)) {
    out.push({ kind: "min_confidence_raised", message: `rules.min_confidence raised from ${a.rules.min_confidence} to ${b.rules.min_confidence}` });
  }
  return out;
}

/** Settings that changed but only apply after a restart. */
export function restartOnlyChanges(before: Config, after: Config): string[] {
  return RESTART_ONLY.filter((p) => JSON.stringify(get(before, p)) !== JSON.stringify(get(after, p)));
}

function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Entries of `x` not in `y` (both lists of strings; anything else is empty). */
function diff(x: unknown, y: unknown): string[] {
  const xs = Array.isArray(x) ? x.map(String) : [];
  const ys = new Set(Array.isArray(y) ? y.map(String) : []);
  return xs.filter((v) => !ys.has(v));
}

function list(items: readonly string[]): string {
  return items.length <= MAX_LISTED ? items.join(", ") : `${items.slice(0, MAX_LISTED).join(", ")}, … (+${items.length - MAX_LISTED})`;
}
