/**
 * @module Config → operations settings: paths resolved against the config file's directory,
 * durations in milliseconds, emitter settings with the instance id filled in.
 */
import { hostname } from "node:os";
import { isAbsolute, resolve } from "node:path";
import type { Config, LoadedConfig } from "../config/index.ts";
import type { OtlpSettings, SyslogSettings, WebhookSettings } from "../evidence/index.ts";
import type { KillSwitchSettings } from "./kill-switch.ts";

/** Syslog facility numbers (RFC 5424 §6.2.1). */
const FACILITY: Readonly<Record<string, number>> = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11,
  audit: 13, local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
};

/** Env var that can hold the admin API token instead of the config. */
export const TOKEN_ENV = "PIPELOCK_KILLSWITCH_API_TOKEN";

export function resolvePath(loaded: LoadedConfig, path: string): string {
  return isAbsolute(path) ? path : resolve(loaded.baseDir ?? process.cwd(), path);
}

/** "24h" / "30m" / "500ms" / seconds → milliseconds. */
export function durationMs(value: string | number): number {
  if (typeof value === "number") return value * 1000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (!m) throw new TypeError(`bad duration "${value}"`);
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : m[2] === "m" ? n * 60_000 : n * 3_600_000;
}

export function killSwitchSettings(loaded: LoadedConfig): KillSwitchSettings {
  const k = loaded.config.kill_switch;
  return {
    enabled: k.enabled,
    message: k.message,
    ...(k.sentinel_file !== undefined ? { sentinelFile: resolvePath(loaded, k.sentinel_file) } : {}),
    allowlistIps: k.allowlist_ips,
    healthExempt: k.health_exempt,
    metricsExempt: k.metrics_exempt,
  };
}

export function adminToken(config: Config): string | undefined {
  return config.kill_switch.api_token ?? (process.env[TOKEN_ENV] || undefined);
}

export function instanceId(config: Config): string {
  return config.emit.instance_id ?? (hostname() || "pipelock");
}

export interface EmitterSettings {
  readonly webhook?: WebhookSettings;
  readonly syslog?: SyslogSettings;
  readonly otlp?: OtlpSettings;
}

export function emitterSettings(loaded: LoadedConfig): EmitterSettings {
  const e = loaded.config.emit;
  const instance = instanceId(loaded.config);
  return {
    ...(e.webhook
      ? {
          webhook: {
            url: e.webhook.url,
            ...(e.webhook.auth_token !== undefined ? { authToken: e.webhook.auth_token } : {}),
            minSeverity: e.webhook.min_severity,
            timeoutMs: e.webhook.timeout_seconds * 1000,
            queueSize: e.webhook.queue_size,
            maxRetries: e.webhook.max_retries,
            instance,
          },
        }
      : {}),
    ...(e.syslog
      ? {
          syslog: {
            address: e.syslog.address,
            minSeverity: e.syslog.min_severity,
            facility: FACILITY[e.syslog.facility] ?? 16,
            tag: e.syslog.tag,
            queueSize: e.syslog.queue_size,
            instance,
            ...(e.syslog.tls_ca_file !== undefined ? { tlsCaFile: resolvePath(loaded, e.syslog.tls_ca_file) } : {}),
          },
        }
      : {}),
    ...(e.otlp
      ? {
          otlp: {
            endpoint: e.otlp.endpoint,
            minSeverity: e.otlp.min_severity,
            headers: e.otlp.headers,
            timeoutMs: e.otlp.timeout_seconds * 1000,
            queueSize: e.otlp.queue_size,
            gzip: e.otlp.gzip,
            batchSize: e.otlp.batch_size,
            maxRetries: e.otlp.max_retries,
            instance,
          },
        }
      : {}),
  };
}

/** "127.0.0.1:9090" / "[::1]:9090" / ":9090" (loopback) → hostname and port. */
export function parseListenAddress(listen: string): { hostname: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(listen);
  if (!m || Number(m[3]) > 65535) throw new TypeError(`listen address "${listen}" is not host:port`);
  // An empty host means loopback, never all interfaces.
  return { hostname: m[1] ?? (m[2] || "127.0.0.1"), port: Number(m[3]) };
}
