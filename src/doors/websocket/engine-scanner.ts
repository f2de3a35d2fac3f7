/**
 * @module The usual ScanMessage: client→server text is a DLP `text` subject, server→client text an
 * injection `content` subject, both through the injected engine scan (the door never scans itself).
 * Any deny closes with 1008; `strip` and `ask` cannot be applied to a frame and block (fail closed).
 */
import type { Subject, Verdict } from "../../engine/index.ts";
import type { ScanMessage, ScanMessageResult } from "./scan-types.ts";

export type SubjectScan = (subject: Subject) => Promise<Verdict>;

/** The upstream host from the context goes into the subject so per-domain exemptions apply. */
export function engineMessageScanner(scan: SubjectScan): ScanMessage {
  return async (text, direction, context): Promise<ScanMessageResult> => {
    const where = context?.host !== undefined ? { host: context.host } : {};
    const verdict = await scan(direction === "client_to_server" ? { kind: "text", text, ...where } : { kind: "content", content: text, ...where });
    const base = { findings: verdict.findings, action: verdict.action, ...(verdict.failure ? { failure: verdict.failure } : {}) };
    if (verdict.decision === "allow") return { allow: true, ...base };
    const rule = verdict.findings.find((f) => f.action !== "warn")?.rule_id ?? verdict.findings[0]?.rule_id;
    const what = direction === "client_to_server" ? "outgoing message" : "incoming message";
    return { allow: false, reason: `blocked by pipelock: ${what}${rule ? ` (${rule})` : verdict.failure ? ` (${verdict.failure})` : ""}`, ...base };
  };
}
