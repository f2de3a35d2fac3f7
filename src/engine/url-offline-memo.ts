/**
 * @module Recent offline URL scans per compiled policy. Every layer of the URL scan but DNS is a
 * pure function of the policy and the URL, and agents repeat URLs a lot (every call to a model API
 * or an MCP endpoint is the same URL), so a repeated URL costs a lookup instead of a parse, list,
 * SSRF, DLP and entropy pass. The DNS-backed check is never remembered: it runs on every request.
 * Bounded: URLs up to MAX_MEMO_URL_CHARS, MAX_MEMO_URLS per policy (the map starts over when full).
 * Remembered findings are frozen; callers get a fresh array.
 */
import { BoundedMemo, perOwner } from "./memo/index.ts";
import type { CompiledPolicy } from "./policy/compile-policy.ts";
import type { OfflineUrlScan } from "./scanners/url/index.ts";

export const MAX_MEMO_URLS = 1024;
export const MAX_MEMO_URL_CHARS = 2048;

const memoFor = perOwner((_policy: CompiledPolicy) => new BoundedMemo<string, OfflineUrlScan>(MAX_MEMO_URLS));

/** The offline scan of `url` under `policy`: remembered, or computed by `scan` (and remembered). */
export function offlineUrlScan(policy: CompiledPolicy, url: string, scan: () => OfflineUrlScan): OfflineUrlScan {
  if (url.length > MAX_MEMO_URL_CHARS) return scan();
  const memo = memoFor(policy);
  const known = memo.get(url);
  if (known !== undefined) return { ...known, findings: [...known.findings] };
  const fresh = scan();
  // An internal error is not an answer about the URL: never remember it.
  if (fresh.findings.some((f) => f.rule_id === "engine.internal_error" || f.rule_id === "url.internal_error")) return fresh;
  memo.set(url, Object.freeze({ ...fresh, findings: Object.freeze(fresh.findings.map((f) => Object.freeze(f))) as unknown as OfflineUrlScan["findings"] }));
  return { ...fresh, findings: [...fresh.findings] };
}
