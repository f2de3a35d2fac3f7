/**
 * @module The kill switch: deny everything while any of four sources is on (pipelock-core §9.5):
 * `kill_switch.enabled` in the config, SIGUSR1 (each signal toggles), a sentinel file (active while
 * it exists; a stat error other than "not found" counts as active: fail closed), and the admin API.
 * `active()` is a field read, so doors can call it first on every request. Signal and API states
 * survive reloads; config and sentinel follow the running config.
 */
import { statSync } from "node:fs";
import type { OpsEvent } from "../evidence/index.ts";
import type { PipelockMetrics } from "../evidence/index.ts";

export const KILL_SWITCH_SOURCES = ["config", "signal", "sentinel", "api"] as const;
export type KillSwitchSource = (typeof KILL_SWITCH_SOURCES)[number];
/** How often the sentinel file is checked. */
export const SENTINEL_POLL_MS = 1000;
/** onChange subscribers at once (the composition root needs one). */
export const MAX_CHANGE_LISTENERS = 16;

export interface KillSwitchSettings {
  readonly enabled: boolean;
  readonly message: string;
  /** Absolute path, or undefined. */
  readonly sentinelFile?: string;
  readonly allowlistIps: readonly string[];
  readonly healthExempt: boolean;
  readonly metricsExempt: boolean;
}

export interface KillSwitchStatus {
  readonly active: boolean;
  readonly sources: Readonly<Record<KillSwitchSource, boolean>>;
  readonly message: string;
  /** Who set the API source, and when (ISO), when it is on. */
  readonly api?: { readonly by: string; readonly since: string };
}

export class KillSwitch {
  private readonly on: Record<KillSwitchSource, boolean> = { config: false, signal: false, sentinel: false, api: false };
  private engaged = false;
  private settings: KillSwitchSettings;
  private timer: ReturnType<typeof setInterval> | undefined;
  private apiBy: { by: string; since: string } | undefined;
  private readonly listeners = new Set<(active: boolean) => void>();

  constructor(
    settings: KillSwitchSettings,
    private readonly hooks: { metrics?: PipelockMetrics; record?: (e: OpsEvent) => void; log?: (line: string) => void } = {},
  ) {
    this.settings = settings;
    this.set("config", settings.enabled, "config");
    this.checkSentinel();
  }

  /** True while any source is on. Doors check this first. */
  active(): boolean {
    return this.engaged;
  }

  /** The message to answer with while active (undefined when not active). */
  reason(): string | undefined {
    if (!this.engaged) return undefined;
    const by = KILL_SWITCH_SOURCES.filter((s) => this.on[s]).join(", ");
    return `${this.settings.message} (kill switch: ${by})`;
  }

  /** Client addresses still served while active (kill_switch.allowlist_ips). */
  exempt(clientIp: string | undefined): boolean {
    return clientIp !== undefined && this.settings.allowlistIps.includes(clientIp);
  }

  get healthExempt(): boolean {
    return this.settings.healthExempt;
  }

  status(): KillSwitchStatus {
    return { active: this.engaged, sources: { ...this.on }, message: this.settings.message, ...(this.on.api && this.apiBy ? { api: this.apiBy } : {}) };
  }

  /**
   * Call `listener` each time the switch as a whole turns on or off (e.g. to cut live connections),
   * synchronously after the change; a throwing listener is contained. Returns the unsubscribe.
   */
  onChange(listener: (active: boolean) => void): () => void {
    if (this.listeners.size >= MAX_CHANGE_LISTENERS) throw new Error(`kill switch: more than ${MAX_CHANGE_LISTENERS} change listeners`);
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** SIGUSR1: flip the signal source. */
  toggleSignal(): void {
    this.set("signal", !this.on.signal, "SIGUSR1");
  }

  /** Admin API: set the API source. */
  setApi(active: boolean, by: string): void {
    this.apiBy = active ? { by, since: new Date().toISOString() } : undefined;
    this.set("api", active, by);
  }

  /** New config (reload): config source and sentinel path follow it; signal/API states stay. */
  update(settings: KillSwitchSettings): void {
    this.settings = settings;
    this.set("config", settings.enabled, "config reload");
    this.checkSentinel();
  }

  /** Start polling the sentinel file. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.checkSentinel(), SENTINEL_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Read the sentinel now (also called by the poller). */
  checkSentinel(): void {
    const path = this.settings.sentinelFile;
    let present = false;
    if (path !== undefined) {
      try {
        statSync(path);
        present = true;
      } catch (err) {
        present = (err as NodeJS.ErrnoException).code !== "ENOENT";
      }
    }
    this.set("sentinel", present, path ?? "sentinel");
  }

  private set(source: KillSwitchSource, value: boolean, by: string): void {
    const m = this.hooks.metrics;
    if (this.on[source] !== value) {
      this.on[source] = value;
      m?.killSwitchToggles.inc([source]);
      const was = this.engaged;
      this.engaged = KILL_SWITCH_SOURCES.some((s) => this.on[s]);
      const message = `kill switch source ${source} ${value ? "on" : "off"} (${by}); kill switch ${this.engaged ? "ACTIVE: denying all traffic" : "inactive"}`;
      this.hooks.log?.(`pipelock: ${message}`);
      this.hooks.record?.({
        ts: new Date().toISOString(),
        kind: "kill_switch",
        outcome: value ? "activated" : "deactivated",
        message,
        severity: this.engaged && !was ? "critical" : this.engaged ? "warn" : "info",
        detail: { source, by, active: this.engaged, sources: { ...this.on } },
      });
      if (this.engaged !== was) this.notify();
    }
    m?.killSwitchActive.set([source], value ? 1 : 0);
    m?.killSwitchEngaged.set([], this.engaged ? 1 : 0);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(this.engaged);
      } catch {
        // A failing subscriber must not stop the switch or the other subscribers.
      }
    }
  }
}
