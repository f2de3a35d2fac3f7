/**
 * @module Start-up for TLS interception: from settings to a ready interceptor. Reads the CA from
 * the configured (or default) paths and fails closed: interception enabled without a usable CA is
 * an error that stops `pipelock run`, never a silent fallback to passthrough.
 */
import { isAbsolute, resolve } from "node:path";
import type { TlsInterceptionSettings } from "../../config/sections/tls-interception.ts";
import { caPaths, readCa } from "./ca-store.ts";
import { createInterceptor, type TlsInterceptor } from "./interceptor.ts";
import { loadUpstreamCa } from "./upstream-ca.ts";

export interface OpenedInterception {
  readonly interceptor: TlsInterceptor;
  /** PEM certificates to pass to `createDial({ extraCa })` for upstream verification. */
  readonly upstreamCa: readonly string[];
  readonly caCertPath: string;
}

export interface OpenOptions {
  /** Directory of the config file: relative CA paths resolve against it. */
  readonly configDir?: string;
  /** `--home` / `$PIPELOCK_HOME` override. */
  readonly home?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Undefined when interception is disabled. @throws CaError when enabled and the CA cannot be used. */
export function openInterception(settings: TlsInterceptionSettings, options: OpenOptions = {}): OpenedInterception | undefined {
  if (!settings.enabled) return undefined;
  const base = options.configDir ?? process.cwd();
  const rel = (p: string) => (p && !isAbsolute(p) && !p.startsWith("~/") ? resolve(base, p) : p);
  const paths = caPaths({ caCert: rel(settings.caCert), caKey: rel(settings.caKey), ...(options.home ? { home: options.home } : {}) }, options.env);
  const ca = readCa(paths);
  return {
    interceptor: createInterceptor({ ca, settings }),
    upstreamCa: loadUpstreamCa(settings.upstreamCaFiles, base),
    caCertPath: paths.certPath,
  };
}
