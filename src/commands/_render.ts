/**
 * @module Human-readable rendering of a scan response: the verdict, then each finding with where it
 * matched, a redacted excerpt, the MITRE technique and the config snippet that would exempt it.
 */
import type { ScanApiResponse } from "../doors/scanapi/index.ts";

/** Multi-line text for a terminal. */
export function renderResponse(r: ScanApiResponse, subject: string): string {
  if (r.status === "error") {
    const e = r.errors[0];
    return `DENY  ${subject}\n  input rejected: ${e?.code ?? "error"}: ${e?.message ?? "unknown error"}`;
  }
  const head = `${r.decision === "deny" ? "DENY " : "ALLOW"}  ${subject}`;
  if (r.findings.length === 0) return head;
  const lines = [head];
  for (const f of r.findings) {
    const mark = f.action === "warn" || r.decision === "allow" ? "!" : "x";
    lines.push(`  ${mark} ${f.rule_id} (${f.severity}, ${f.action}): ${f.message}`);
    if (f.evidence?.location) lines.push(`      where:   ${f.evidence.location}`);
    if (f.evidence?.excerpt) lines.push(`      excerpt: ${f.evidence.excerpt}`);
    if (f.mitre && f.mitre.length > 0) lines.push(`      mitre:   ${f.mitre.join(", ")}`);
    if (f.exempt) {
      lines.push("      exempt:  add to your config:");
      for (const l of f.exempt.split("\n")) lines.push(`        ${l}`);
    }
  }
  if (r.findings.some((f) => f.rule_id === "url.dns_failure")) lines.push("  (no DNS here? `pipelock check --offline` skips lookups and checks IP literals and internal names only)");
  if (r.decision === "allow") lines.push("  (findings are warnings only: enforce is off, the mode is audit, or the rule's action is warn)");
  return lines.join("\n");
}
