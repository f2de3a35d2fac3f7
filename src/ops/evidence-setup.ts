/**
 * @module Build the evidence side from a loaded config: the flight recorder (with its signing key)
 * and the emitters. Problems are located config issues (startup refuses to run half-configured).
 */
import type { LoadedConfig, LoadIssue } from "../config/index.ts";
import {
  createOtlpEmitter,
  createSyslogEmitter,
  createWebhookEmitter,
  loadSigningKey,
  RecorderWriter,
  type CheckpointAnchor,
  type Emitter,
  type PipelockMetrics,
  type SigningKey,
} from "../evidence/index.ts";
import { durationMs, emitterSettings, resolvePath } from "./settings.ts";

export type Built<T> = { ok: true; value: T; warnings: string[] } | { ok: false; issues: LoadIssue[] };

export function openRecorder(loaded: LoadedConfig, metrics: PipelockMetrics, onError: (m: string) => void, onCheckpoint?: (a: CheckpointAnchor) => void): Built<RecorderWriter | undefined> {
  const fr = loaded.config.flight_recorder;
  if (!fr.enabled || fr.dir === undefined) return { ok: true, value: undefined, warnings: [] };
  const issue = (path: string, message: string): Built<never> => ({ ok: false, issues: [{ file: loaded.file, line: 1, col: 1, path, message }] });
  const warnings: string[] = [];
  let key: SigningKey | undefined;
  if (fr.sign_checkpoints) {
    if (fr.signing_key_path === undefined) warnings.push("flight_recorder.sign_checkpoints is on but signing_key_path is not set: checkpoints are written unsigned (create a key with `pipelock keygen`)");
    else {
      try {
        key = loadSigningKey(resolvePath(loaded, fr.signing_key_path));
      } catch (err) {
        return issue("flight_recorder.signing_key_path", (err as Error).message);
      }
    }
  }
  try {
    const writer = RecorderWriter.open({
      dir: resolvePath(loaded, fr.dir),
      checkpointInterval: fr.checkpoint_interval,
      maxEntriesPerFile: fr.max_entries_per_file,
      maxFileBytes: fr.max_file_bytes,
      rotateIntervalMs: durationMs(fr.rotate_interval),
      fsync: fr.fsync,
      writeThrough: fr.write_through,
      retentionDays: fr.retention_days,
      metrics,
      onError,
      ...(onCheckpoint ? { onCheckpoint } : {}),
      ...(key ? { signingKey: key } : {}),
    });
    return { ok: true, value: writer, warnings };
  } catch (err) {
    return issue("flight_recorder.dir", (err as Error).message);
  }
}

export function createEmitters(loaded: LoadedConfig, metrics: PipelockMetrics, onError: (m: string) => void): Built<Emitter[]> {
  const s = emitterSettings(loaded);
  const out: Emitter[] = [];
  try {
    if (s.webhook) out.push(createWebhookEmitter(s.webhook, metrics, onError));
    if (s.syslog) out.push(createSyslogEmitter(s.syslog, metrics, onError));
    if (s.otlp) out.push(createOtlpEmitter(s.otlp, metrics, onError));
  } catch (err) {
    return { ok: false, issues: [{ file: loaded.file, line: 1, col: 1, path: "emit", message: (err as Error).message }] };
  }
  return { ok: true, value: out, warnings: [] };
}

/** Print-worthy errors at most once per interval per key (a dead sink must not flood stderr). */
export function rateLimitedLog(log: (line: string) => void, intervalMs = 60_000): (message: string) => void {
  const last = new Map<string, number>();
  return (message) => {
    const key = message.slice(0, 40);
    const now = Date.now();
    if ((last.get(key) ?? 0) + intervalMs > now) return;
    if (last.size > 256) last.clear();
    last.set(key, now);
    log(`pipelock: ${message}`);
  };
}
