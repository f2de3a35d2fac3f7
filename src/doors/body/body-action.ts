/**
 * @module request_body_scanning.action applied to a request-body or header Verdict: `block` keeps
 * the engine's decision; `warn` lets a policy deny through as a recorded warning. An engine failure
 * (timeout, size, internal error) stays a deny either way: fail closed.
 */
import type { Verdict } from "../../engine/index.ts";

export function applyBodyAction(verdict: Verdict, action: "block" | "warn"): Verdict {
  if (action === "block" || verdict.decision === "allow" || verdict.failure !== undefined) return verdict;
  return { decision: "allow", action: "allow", findings: verdict.findings, warned: true };
}
