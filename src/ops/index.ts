/**
 * @module Operations: the one entry point the composition root (`pipelock run`) calls. It builds
 * the evidence pipeline (flight recorder, metrics, emitters), the kill switch, the reload
 * controller (SIGHUP, config watch, admin API) and the admin listener, and tears them down.
 *
 *   const ops = await startOperations({ configPath, ruleDirs, getBuild: () => current, onPolicySwap: (b) => { current = b; } });
 *   // doors: sink = ops.sink; check ops.killSwitch.active() first; bump ops.metrics.* connection counters
 *   await ops.stop();
 */
import { LoadError, type LoadIssue } from "../config/index.ts";
import { collectProcessMetrics, createMetrics, EvidencePipeline, Redactor, type Emitter, type EvidenceSink, type PipelockMetrics } from "../evidence/index.ts";
import type { PolicyBuild } from "../policy/index.ts";
import { VERSION } from "../version.ts";
import { createAdminHandler, type AdminDeps } from "./admin.ts";
import { createEmitters, openRecorder, rateLimitedLog } from "./evidence-setup.ts";
import { KillSwitch } from "./kill-switch.ts";
import { ReloadController, type ReloadOutcome, type ReloadTrigger } from "./reload.ts";
import { adminToken, killSwitchSettings, parseListenAddress } from "./settings.ts";

export { KillSwitch, KILL_SWITCH_SOURCES, MAX_CHANGE_LISTENERS, SENTINEL_POLL_MS, type KillSwitchSettings, type KillSwitchSource, type KillSwitchStatus } from "./kill-switch.ts";
export { ReloadController, type ReloadOutcome, type ReloadOutcomeKind, type ReloadTrigger, type ReloadOptions } from "./reload.ts";
export { findWeakenings, restartOnlyChanges, type Weakening } from "./weakening.ts";
export { createAdminHandler, tokenMatches, type AdminDeps, type AdminRoutes } from "./admin.ts";
export { killSwitchSettings, emitterSettings, parseListenAddress, durationMs, TOKEN_ENV } from "./settings.ts";

/** Emitters get this long to deliver what is queued at shutdown. */
export const SHUTDOWN_DRAIN_MS = 2000;

export interface OperationsOptions {
  readonly configPath?: string;
  readonly ruleDirs?: readonly string[];
  /** The running build (read at every reload and by the redactor). */
  readonly getBuild: () => PolicyBuild;
  /** The atomic swap: assign the new build; requests in flight keep the one they captured. */
  readonly onPolicySwap: (next: PolicyBuild) => void;
  /** `--allow-weakening`. */
  readonly allowWeakening?: boolean;
  /** Install SIGHUP (reload) and SIGUSR1 (kill-switch toggle) handlers (default true). */
  readonly signals?: boolean;
  /** Overrides `metrics_listen` (e.g. a `--admin-listen` flag). */
  readonly adminListen?: string;
  /** Where operational lines go (default stderr). */
  readonly log?: (line: string) => void;
}

export interface Operations {
  /** Hand this to every door: decisions (and ops events) go to recorder, metrics and emitters. */
  readonly sink: EvidenceSink;
  readonly metrics: PipelockMetrics;
  readonly killSwitch: KillSwitch;
  reload(trigger?: ReloadTrigger): ReloadOutcome;
  /** Serve /health and /metrics on another listener (e.g. the main one when there is no admin listener). */
  readonly publicHandler: (req: Request) => Promise<Response>;
  /** `http://host:port` of the admin listener, when one runs. */
  readonly adminUrl?: string;
  /** `http://host:port` of the separate kill-switch API listener (`kill_switch.api_listen`). */
  readonly apiUrl?: string;
  /** Process everything emitted so far (tests). */
  flush(): void;
  /** Final checkpoint, emitter drain, listeners and handlers removed. Idempotent. */
  stop(): Promise<void>;
}

/** @throws LoadError (exit 2) when the recorder or an emitter cannot start as configured. */
export async function startOperations(options: OperationsOptions): Promise<Operations> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const errors = rateLimitedLog(log);
  const first = options.getBuild();
  const cfg = first.config.config;
  const metrics = createMetrics({ maxSeriesPerFamily: cfg.metrics.max_series_per_family });
  const stopProcess = cfg.metrics.process_metrics ? collectProcessMetrics(metrics) : () => {};

  const issues: LoadIssue[] = [];
  let anchorTo: EvidencePipeline | undefined;
  const recorder = openRecorder(first.config, metrics, errors, (a) => anchorTo?.anchor(a));
  const emitters = createEmitters(first.config, metrics, errors);
  if (!recorder.ok) issues.push(...recorder.issues);
  if (!emitters.ok) issues.push(...emitters.issues);
  if (issues.length > 0) {
    stopProcess();
    if (recorder.ok) recorder.value?.close();
    throw new LoadError(issues);
  }
  for (const w of recorder.ok ? recorder.warnings : []) log(`warning: ${w}`);

  const redactor = new Redactor(() => options.getBuild().policy);
  const pipeline = new EvidencePipeline({
    metrics,
    redactor,
    ...(recorder.ok && recorder.value ? { recorder: recorder.value } : {}),
    recordAllowed: cfg.flight_recorder.include_allowed,
    redactRecorder: cfg.flight_recorder.redact,
    emitters: emitters.ok ? emitters.value : [],
    onError: errors,
  });
  anchorTo = pipeline;
  const record = (e: Parameters<EvidenceSink["emitOps"]>[0]) => pipeline.emitOps(e);
  const killSwitch = new KillSwitch(killSwitchSettings(first.config), { metrics, record, log });
  killSwitch.start();

  const reloader = new ReloadController({
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    ruleDirs: options.ruleDirs ?? [],
    current: options.getBuild,
    swap: options.onPolicySwap,
    allowWeakening: options.allowWeakening === true,
    metrics,
    record,
    log,
    applied: (next, previous) => {
      killSwitch.update(killSwitchSettings(next.config));
      if (JSON.stringify(next.config.config.emit) !== JSON.stringify(previous.config.config.emit)) {
        const fresh = createEmitters(next.config, metrics, errors);
        if (fresh.ok) for (const old of pipeline.setEmitters(fresh.value)) void old.close(SHUTDOWN_DRAIN_MS);
        else log(`pipelock: emitters kept unchanged: ${fresh.issues.map((i) => i.message).join("; ")}`);
      }
    },
  });
  if (cfg.reload.watch && options.configPath !== undefined) reloader.watch(cfg.reload.debounce_ms);

  const onHup = () => void reloader.reload("signal");
  const onUsr1 = () => killSwitch.toggleSignal();
  if (options.signals !== false) {
    process.on("SIGHUP", onHup);
    process.on("SIGUSR1", onUsr1);
  }

  const deps: AdminDeps = {
    metrics,
    killSwitch,
    reload: () => reloader.reload("api"),
    token: () => adminToken(options.getBuild().config.config),
    metricsPath: () => cfg.metrics.path,
    metricsEnabled: () => cfg.metrics.enabled,
  };
  const servers: { stop(force?: boolean): Promise<void> | void }[] = [];
  const serve = (listen: string, routes: "all" | "api") => {
    const at = parseListenAddress(listen);
    const server = Bun.serve({ hostname: at.hostname, port: at.port, fetch: createAdminHandler(deps, routes) });
    servers.push(server);
    const host = at.hostname.includes(":") ? `[${at.hostname}]` : at.hostname;
    return `http://${host}:${server.port}`;
  };
  let adminUrl: string | undefined;
  let apiUrl: string | undefined;
  try {
    const adminListen = options.adminListen ?? cfg.metrics_listen;
    if (adminListen !== undefined) adminUrl = serve(adminListen, "all");
    if (cfg.kill_switch.api_listen !== undefined) apiUrl = serve(cfg.kill_switch.api_listen, "api");
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop(true)));
    killSwitch.stop();
    reloader.unwatch();
    process.off("SIGHUP", onHup);
    process.off("SIGUSR1", onUsr1);
    await pipeline.close(0);
    stopProcess();
    throw new LoadError([{ file: first.config.file, line: 1, col: 1, path: "metrics_listen", message: `admin listener: ${(err as Error).message}` }]);
  }
  if (adminUrl) log(`pipelock: admin on ${adminUrl} (${cfg.metrics.path}, /health, /admin/kill-switch, /admin/reload)`);
  if (apiUrl) log(`pipelock: kill-switch API on ${apiUrl}`);

  pipeline.emitOps({
    ts: new Date().toISOString(),
    kind: "startup",
    outcome: "started",
    message: `pipelock ${VERSION} started: ${first.policy.rules.length} rules, mode ${cfg.mode}`,
    severity: "info",
    detail: { version: VERSION, mode: cfg.mode, rules: first.policy.rules.length, config: first.config.file, kill_switch: killSwitch.active() },
  });

  let stopped = false;
  return {
    sink: pipeline,
    metrics,
    killSwitch,
    reload: (trigger = "manual") => reloader.reload(trigger),
    publicHandler: createAdminHandler(deps, "public"),
    ...(adminUrl ? { adminUrl } : {}),
    ...(apiUrl ? { apiUrl } : {}),
    flush: () => pipeline.drain(),
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off("SIGHUP", onHup);
      process.off("SIGUSR1", onUsr1);
      reloader.unwatch();
      killSwitch.stop();
      await Promise.all(servers.map((s) => s.stop(true)));
      pipeline.emitOps({ ts: new Date().toISOString(), kind: "shutdown", outcome: "stopped", message: "pipelock stopping", severity: "info" });
      await pipeline.close(SHUTDOWN_DRAIN_MS);
      stopProcess();
    },
  };
}

export type { Emitter };
