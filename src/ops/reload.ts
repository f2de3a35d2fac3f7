/**
 * @module The reload controller (pipelock-core §9.4): on SIGHUP, a config-file change (fs.watch on
 * the file's directory, debounced, so editors that replace the file are seen) or an admin request,
 * load and validate the config, build and warm the policy, run the weakening check, and hand the
 * new build to the swap callback in one call. A bad config or a refused weakening keeps the
 * running policy and says why. Every outcome is logged, recorded as an event and counted. Requests
 * in flight keep the policy they captured when they started (the doors capture it).
 */
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { formatIssue, loadConfig } from "../config/index.ts";
import { warmPolicy } from "../engine/index.ts";
import type { OpsEvent, PipelockMetrics } from "../evidence/index.ts";
import { buildPolicy, type PolicyBuild } from "../policy/index.ts";
import { findWeakenings, restartOnlyChanges, type Weakening } from "./weakening.ts";

export type ReloadTrigger = "signal" | "watch" | "api" | "manual";
export type ReloadOutcomeKind = "applied" | "applied_weakening" | "unchanged" | "invalid" | "refused_weakening";

export interface ReloadOutcome {
  readonly outcome: ReloadOutcomeKind;
  readonly trigger: ReloadTrigger;
  readonly message: string;
  readonly weakenings: readonly Weakening[];
  /** Located config problems for `invalid`. */
  readonly issues: readonly string[];
  /** Settings that changed but need a restart. */
  readonly restartRequired: readonly string[];
}

export interface ReloadOptions {
  /** The config file (undefined: the embedded default; reload then only re-reads rule packs). */
  readonly configPath?: string;
  readonly ruleDirs?: readonly string[];
  readonly current: () => PolicyBuild;
  /** The atomic swap: one assignment in the composition root. */
  readonly swap: (next: PolicyBuild) => void;
  /** `--allow-weakening` on the command line. */
  readonly allowWeakening?: boolean;
  readonly metrics?: PipelockMetrics;
  readonly record?: (event: OpsEvent) => void;
  readonly log?: (line: string) => void;
  /** Called after a swap (kill switch, emitters follow the new config). */
  readonly applied?: (next: PolicyBuild, previous: PolicyBuild) => void;
}

export class ReloadController {
  private watcher: FSWatcher | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private busy = false;

  constructor(private readonly o: ReloadOptions) {
    o.metrics?.policyRules.set([], o.current().policy.rules.length);
    o.metrics?.policyPacks.set([], o.current().packs.length);
  }

  /** Reload now. Synchronous: loading and compiling never wait on I/O besides file reads. */
  reload(trigger: ReloadTrigger): ReloadOutcome {
    if (this.busy) return this.finish(trigger, "unchanged", "a reload is already running", [], [], []);
    this.busy = true;
    try {
      return this.run(trigger);
    } catch (err) {
      return this.finish(trigger, "invalid", `reload failed: ${(err as Error).message}`, [], [], []);
    } finally {
      this.busy = false;
    }
  }

  /** Watch the config file; changes reload after `debounceMs` of quiet. */
  watch(debounceMs: number): void {
    if (this.watcher || this.o.configPath === undefined) return;
    const file = resolve(this.o.configPath);
    const name = basename(file);
    try {
      this.watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
        if (changed !== null && changed !== name) return;
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.reload("watch"), debounceMs);
      });
      this.watcher.on("error", (err) => this.o.log?.(`pipelock: config watch stopped: ${err.message}; SIGHUP still reloads`));
    } catch (err) {
      this.o.log?.(`pipelock: cannot watch ${file} (${(err as Error).message}); SIGHUP still reloads`);
    }
  }

  unwatch(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private run(trigger: ReloadTrigger): ReloadOutcome {
    const cfg = loadConfig(this.o.configPath);
    const built = cfg.ok ? buildPolicy(cfg.loaded, { ruleDirs: this.o.ruleDirs ?? [] }) : cfg;
    if (!built.ok) {
      const issues = built.issues.map(formatIssue);
      return this.finish(trigger, "invalid", `the new config is invalid; keeping the running policy:\n${issues.join("\n")}`, [], issues, []);
    }
    const next = built.build;
    const previous = this.o.current();
    if (fingerprint(next) === fingerprint(previous)) return this.finish(trigger, "unchanged", "no change", [], [], []);
    const weakenings = findWeakenings(previous, next);
    const restart = restartOnlyChanges(previous.config.config, next.config.config);
    const allowed = this.o.allowWeakening === true || next.config.config.reload.allow_weakening;
    if (weakenings.length > 0 && !allowed) {
      return this.finish(
        trigger,
        "refused_weakening",
        `reload refused: the new config weakens protection (set reload.allow_weakening: true or start with --allow-weakening to accept):\n${weakenings.map((w) => `  - ${w.message}`).join("\n")}`,
        weakenings,
        [],
        restart,
      );
    }
    // Full collections between warm phases keep the compile garbage from raising the peak RSS.
    warmPolicy(next.policy, () => Bun.gc(true));
    this.o.swap(next);
    this.o.applied?.(next, previous);
    this.o.metrics?.policyRules.set([], next.policy.rules.length);
    this.o.metrics?.policyPacks.set([], next.packs.length);
    const kind = weakenings.length > 0 ? "applied_weakening" : "applied";
    const note = restart.length > 0 ? `; needs a restart to take effect: ${restart.join(", ")}` : "";
    const weak = weakenings.length > 0 ? `; weakening accepted:\n${weakenings.map((w) => `  - ${w.message}`).join("\n")}` : "";
    return this.finish(trigger, kind, `reloaded: ${next.policy.rules.length} rules from ${next.packs.length} packs${note}${weak}`, weakenings, [], restart);
  }

  private finish(trigger: ReloadTrigger, outcome: ReloadOutcomeKind, message: string, weakenings: readonly Weakening[], issues: readonly string[], restartRequired: readonly string[]): ReloadOutcome {
    const m = this.o.metrics;
    m?.reloads.inc([trigger, outcome]);
    const applied = outcome === "applied" || outcome === "applied_weakening";
    for (const w of weakenings) m?.reloadWeakenings.inc([w.kind, applied ? "true" : "false"]);
    if (applied || outcome === "unchanged") {
      m?.lastReloadSuccess.set([], 1);
      if (applied) m?.lastReloadSuccessTime.set([], Math.floor(Date.now() / 1000));
    } else m?.lastReloadSuccess.set([], 0);
    if (outcome !== "unchanged" || trigger !== "watch") this.o.log?.(`pipelock: ${message}`);
    this.o.record?.({
      ts: new Date().toISOString(),
      kind: "config_reload",
      outcome,
      message: message.split("\n")[0]!,
      severity: outcome === "applied" || outcome === "unchanged" ? "info" : "warn",
      detail: {
        trigger,
        ...(weakenings.length > 0 ? { weakenings: weakenings.map((w) => ({ kind: w.kind, message: w.message })) } : {}),
        ...(issues.length > 0 ? { issues: issues.slice(0, 20) } : {}),
        ...(restartRequired.length > 0 ? { restart_required: restartRequired } : {}),
      },
    });
    return { outcome, trigger, message, weakenings, issues, restartRequired };
  }
}

/** Identity of a build: its config values and the packs' content hashes. */
function fingerprint(b: PolicyBuild): string {
  return JSON.stringify([b.config.config, b.packs.map((p) => p.sha256)]);
}
