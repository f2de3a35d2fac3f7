/**
 * @module The Finding for a matched chain: which chain, which calls made it up (tool names and step
 * classes only: arguments are never kept, so nothing secret can show), and the `suppress` entry
 * that would exempt it for the tool that completed it.
 */
import { suppressSnippet } from "../../findings/exempt.ts";
import { truncateExcerpt } from "../../findings/redact.ts";
import type { Finding } from "../../types.ts";
import type { CallRecord, CompiledChain } from "./types.ts";

/** Where chain findings say they matched. */
export const CHAIN_LOCATION = "tool_calls";

export function chainFinding(chain: CompiledChain, calls: readonly CallRecord[]): Finding {
  const last = calls[calls.length - 1];
  const steps = calls.map((call, i) => `${stepLabel(chain.steps[i] ?? [], call)} (${call.tool})`).join(" → ");
  return {
    scanner: "tool_policy",
    rule_id: chain.id,
    severity: chain.severity,
    action: chain.action,
    message: `Tool-call chain ${chain.name}: ${chain.description}: ${steps}`,
    location: CHAIN_LOCATION,
    excerpt: truncateExcerpt(calls.map((c) => c.tool).join(" → ")),
    mitre: chain.mitre,
    owasp: chain.owasp,
    exempt: suppressSnippet(chain.id, last ? { tool: last.tool } : {}),
  };
}

/** The step's class this call satisfied, as words (`secret_read` → `secret read`). */
function stepLabel(step: readonly string[], call: CallRecord): string {
  const cls = step.find((c) => call.classes.includes(c)) ?? step[0] ?? "step";
  return cls.replace(/_/g, " ");
}
