/**
 * @module Redaction before anything leaves the process or reaches the disk. Events arrive with
 * findings already redacted by the engine; this is the second line: URL query values and
 * credentials are removed wherever a URL appears, and every string is run through the running
 * policy's DLP rules and known secrets (canaries, environment values), each match masked as
 * `AKIA…[20 chars]`. Strings seen clean are cached (bounded) so repeated targets cost a Map lookup.
 */
import { redactSecret, type CompiledPolicy, type Finding } from "../engine/index.ts";
import type { DecisionEvent, OpsEvent } from "./event.ts";

/** Clean strings remembered per policy. */
const CLEAN_CACHE_MAX = 4096;
/** Longest string scanned; longer ones are cut first (events never need more). */
const MAX_FIELD_CHARS = 4096;

/** `?k=v&k2=v2` → `?k&k2`; `scheme://user:pass@host` → `scheme://host`. */
export function stripUrlSecrets(text: string): string {
  let out = text;
  if (out.includes("@")) out = out.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, "$1");
  if (out.includes("=") && (out.includes("?") || out.includes("&"))) out = out.replace(/([?&][^=&#\s?]{1,64})=[^&#\s]*/g, "$1");
  return out;
}

export class Redactor {
  private clean = new Set<string>();
  private cachePolicy: CompiledPolicy | undefined;
  /** Strings changed since creation (for the redactions metric). */
  count = 0;

  constructor(private readonly policy: () => CompiledPolicy | undefined) {}

  /** Mask one string. */
  text(value: string): string {
    const p = this.policy();
    if (p !== this.cachePolicy) {
      this.clean = new Set();
      this.cachePolicy = p;
    }
    if (this.clean.has(value)) return value;
    let out = value.length > MAX_FIELD_CHARS ? `${value.slice(0, MAX_FIELD_CHARS)}…` : value;
    out = stripUrlSecrets(out);
    if (p) out = p.secrets.mask(maskDlp(out, p));
    if (out === value) {
      if (this.clean.size >= CLEAN_CACHE_MAX) this.clean.clear();
      this.clean.add(value);
    } else this.count += 1;
    return out;
  }

  event(e: DecisionEvent): DecisionEvent {
    const out: Record<string, unknown> = { ...e };
    for (const key of ["target", "method", "session", "agent", "failure"] as const) {
      const v = e[key];
      if (typeof v === "string") out[key] = this.text(v);
    }
    if (e.findings.length > 0) out.findings = e.findings.map((f) => this.finding(f));
    return out as unknown as DecisionEvent;
  }

  ops(e: OpsEvent): OpsEvent {
    return { ...e, message: this.text(e.message), ...(e.detail ? { detail: this.value(e.detail) as Record<string, unknown> } : {}) };
  }

  private finding(f: Finding): Finding {
    const message = this.text(f.message);
    const excerpt = f.excerpt === undefined ? undefined : this.text(f.excerpt);
    const location = f.location === undefined ? undefined : this.text(f.location);
    if (message === f.message && excerpt === f.excerpt && location === f.location) return f;
    return { ...f, message, ...(excerpt !== undefined ? { excerpt } : {}), ...(location !== undefined ? { location } : {}) };
  }

  /** Any JSON value, strings masked (bounded depth). */
  private value(v: unknown, depth = 0): unknown {
    if (typeof v === "string") return this.text(v);
    if (depth > 8 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => this.value(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.value(x, depth + 1)]));
  }
}

function maskDlp(text: string, policy: CompiledPolicy): string {
  if (text.length < 8) return text;
  const matches = policy.dlp.findMatches(text).sort((a, b) => b.start - a.start);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const m of matches) {
    if (m.end > lastStart) continue;
    out = `${out.slice(0, m.start)}${redactSecret(m.text)}${out.slice(m.end)}`;
    lastStart = m.start;
  }
  return out;
}
