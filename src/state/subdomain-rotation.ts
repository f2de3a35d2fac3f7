/**
 * @module Subdomain rotation: how many distinct subdomains of one base domain an agent reached in the
 * current and previous window. Data leaving through DNS names (`<chunk>.evil.example`) needs a new
 * name per chunk; hex chunks stay under the per-label entropy threshold (hex tops out at 4 bits per
 * character), so the count of new names is the signal that does not depend on the encoding. Names
 * are kept as 64-bit fingerprints, never as text (the labels may be the data).
 */
import { STATE_NAMESPACES, type StateStore, type StateValue } from "../engine/state/index.ts";
import { bucketKeys } from "./limit-keys.ts";

export type RotationCheck = { readonly ok: true } | { readonly ok: false; readonly seen: number; readonly retryAfterMs: number };

/**
 * Admit `host` (a subdomain of `base`) unless it is new and the agent already reached `limit`
 * distinct subdomains of `base`; a new name that is admitted is recorded. The apex, IPs and limit 0
 * always pass.
 */
export async function checkSubdomain(store: StateStore, agent: string, host: string, base: string, limit: number, windowMs: number, now: number): Promise<RotationCheck> {
  if (limit <= 0 || host === base || !host.endsWith(`.${base}`)) return { ok: true };
  const keyFor = bucketKeys(STATE_NAMESPACES.subdomains, agent, base);
  const bucket = Math.floor(now / windowMs);
  const fp = fingerprint(host);
  const previous = await namesIn(store, keyFor(bucket - 1));
  const current = await namesIn(store, keyFor(bucket));
  if (previous.has(fp) || current.has(fp)) return { ok: true };
  const seen = new Set([...previous, ...current]).size;
  if (seen >= limit) {
    // Names of the previous bucket drop out at the next boundary, this bucket's at the one after.
    const turns = current.size >= limit ? 2 : 1;
    return { ok: false, seen, retryAfterMs: (bucket + turns) * windowMs - now };
  }
  // Room for duplicates from concurrent first visits, so they never push distinct names out.
  await store.appendBounded(keyFor(bucket), fp, 2 * limit + 2, 2 * windowMs);
  return { ok: true };
}

async function namesIn(store: StateStore, key: string): Promise<Set<string>> {
  const list = (await store.get<StateValue>(key))?.value;
  const names = new Set<string>();
  if (Array.isArray(list)) for (const item of list) if (typeof item === "string") names.add(item);
  return names;
}

/** Two FNV-1a passes with different seeds: a 64-bit name for a host. */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x2f1a7c3b;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}
