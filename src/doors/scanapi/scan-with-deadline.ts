/**
 * @module Runs the injected scan under the door's deadline and the client's connection, and
 * sorts the result into what the door answers. Only a well-formed Verdict is ever a verdict:
 * a throw, a timeout, a cancel or a malformed answer is never an allow.
 */
import type { Subject, Verdict } from "../../engine/types.ts";
import type { ScanApiDeps } from "./settings.ts";

export type ScanOutcome =
  | { readonly type: "verdict"; readonly verdict: Verdict }
  | { readonly type: "deadline" }
  | { readonly type: "canceled" }
  | { readonly type: "error" };

function isVerdict(value: unknown): value is Verdict {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (v.decision === "allow" || v.decision === "deny") && Array.isArray(v.findings);
}

/** Classifies what the scan resolved with; an engine that failed closed is still a deny. */
function classify(value: unknown): ScanOutcome {
  if (!isVerdict(value)) return { type: "error" };
  if (value.failure === "scan_timeout") return { type: "deadline" };
  if (value.failure === "canceled") return { type: "canceled" };
  if (value.failure !== undefined && value.decision !== "deny") {
    return { type: "verdict", verdict: { ...value, decision: "deny" } };
  }
  return { type: "verdict", verdict: value };
}

export async function scanWithDeadline(
  scan: ScanApiDeps["scan"],
  subject: Subject,
  deadlineMs: number,
  clientSignal: AbortSignal | undefined,
): Promise<ScanOutcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onClientAbort: (() => void) | undefined;

  const deadline = new Promise<ScanOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new DOMException("scan deadline exceeded", "TimeoutError"));
      resolve({ type: "deadline" });
    }, deadlineMs);
  });
  const canceled = new Promise<ScanOutcome>((resolve) => {
    if (clientSignal === undefined) return;
    onClientAbort = () => {
      controller.abort(new DOMException("client canceled the request", "AbortError"));
      resolve({ type: "canceled" });
    };
    if (clientSignal.aborted) onClientAbort();
    else clientSignal.addEventListener("abort", onClientAbort, { once: true });
  });
  // A scan that throws synchronously is caught too.
  const scanned = Promise.resolve()
    .then(() => scan(subject, { signal: controller.signal, deadlineMs }))
    .then(classify, (): ScanOutcome => ({ type: "error" }));

  try {
    return await Promise.race([scanned, deadline, canceled]);
  } finally {
    clearTimeout(timer);
    if (onClientAbort !== undefined) clientSignal?.removeEventListener("abort", onClientAbort);
  }
}
