/**
 * @module What the response scanner is handed and what it reports. The scan function is injected:
 * this module never imports an engine scanner, it only builds Subjects and reads Verdicts.
 */
import type { Finding, Subject, Verdict } from "../../engine/index.ts";

/** The injected engine call (one policy for the whole response). Never rejects (the engine fails closed). */
export type ScanFn = (subject: Subject) => Promise<Verdict>;

/** How a piece of response text is scanned: `content` = prompt injection, `text` = DLP. */
export type TextSubjectKind = "content" | "text";

/** One non-clean verdict and what the scanner did about it. */
export interface VerdictReport {
  readonly action: "warn" | "strip" | "block";
  readonly verdict: Verdict;
  readonly subject: TextSubjectKind;
  /** SSE: the event's index (0-based). Text: the character offset of the scanned window. */
  readonly at: number;
}

/** How a scanned response ended (same shape as the HTTP doors' StreamOutcome). */
export interface ResponseOutcome {
  readonly decision: "allow" | "deny";
  /** Deny: the deciding verdict's findings. Allow: the warnings collected (deduplicated, bounded). */
  readonly findings: readonly Finding[];
  readonly failure?: string;
  /** Bytes released downstream. */
  readonly bytes: number;
  /** True when some span (text) or event (SSE) was stripped. */
  readonly stripped?: boolean;
}

export type Handling = "clean" | "warn" | "strip" | "block";

/** What a verdict asks of a stream: strip needs a deny with action strip and no engine failure. */
export function handlingOf(verdict: Verdict): Handling {
  if (verdict.failure !== undefined) return "block";
  if (verdict.decision === "allow") return verdict.findings.length > 0 ? "warn" : "clean";
  return verdict.action === "strip" ? "strip" : "block";
}

export function subjectOf(kind: TextSubjectKind, text: string, host: string | undefined): Subject {
  if (kind === "content") return host === undefined ? { kind, content: text } : { kind, content: text, host };
  return host === undefined ? { kind, text } : { kind, text, host };
}
