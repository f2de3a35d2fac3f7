/**
 * @module The usual ScanMessage: client→server text is a DLP `text` subject, server→client text an
 * injection `content` subject, both through the injected engine scan (the door never scans itself).
 * Any deny closes with 1008. `strip` on a server message forwards the message with the matched
 * spans cut out (`stripInjection`, from the composition root) once a rescan of the result is clean;
 * anything else it cannot apply — and `ask`, with no human on a socket — blocks (fail closed).
 */
import type { Subject, Verdict } from "../../engine/index.ts";
import type { ScanMessage, ScanMessageResult } from "./scan-types.ts";

export type SubjectScan = (subject: Subject) => Promise<Verdict>;

/** Cut the injection spans out of a text; undefined when it cannot. */
export type StripInjection = (text: string) => string | undefined;

/** The upstream host from the context goes into the subject so per-domain exemptions apply. */
export function engineMessageScanner(scan: SubjectScan, stripInjection?: StripInjection): ScanMessage {
  return async (text, direction, context): Promise<ScanMessageResult> => {
    const where = context?.host !== undefined ? { host: context.host } : {};
    const verdict = await scan(direction === "client_to_server" ? { kind: "text", text, ...where } : { kind: "content", content: text, ...where });
    const base = { findings: verdict.findings, action: verdict.action, ...(verdict.failure ? { failure: verdict.failure } : {}) };
    if (verdict.decision === "allow") return { allow: true, ...base };
    if (direction === "server_to_client" && verdict.action === "strip" && verdict.failure === undefined && stripInjection !== undefined) {
      const stripped = stripInjection(text);
      // Trusted only as far as a rescan of the result agrees.
      if (stripped !== undefined && stripped !== text && (await scan({ kind: "content", content: stripped, ...where })).decision === "allow") {
        return { allow: true, text: stripped, findings: verdict.findings, action: "strip" };
      }
    }
    const rule = verdict.findings.find((f) => f.action !== "warn")?.rule_id ?? verdict.findings[0]?.rule_id;
    const what = direction === "client_to_server" ? "outgoing message" : "incoming message";
    return { allow: false, reason: `blocked by pipelock: ${what}${rule ? ` (${rule})` : verdict.failure ? ` (${verdict.failure})` : ""}`, ...base };
  };
}
