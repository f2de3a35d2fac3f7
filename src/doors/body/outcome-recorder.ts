/**
 * @module Book-keeping shared by the text and SSE scanners: bytes released, warnings collected
 * (deduplicated by rule and location, bounded), the strip flag, and the one outcome a stream settles
 * with — whichever of end, block or abort comes first.
 */
import type { Finding, Verdict } from "../../engine/index.ts";
import { MAX_OUTCOME_FINDINGS } from "./limits.ts";
import type { ResponseOutcome, TextSubjectKind, VerdictReport } from "./scan-types.ts";

export class OutcomeRecorder {
  bytes = 0;
  stripped = false;
  private readonly warnings: Finding[] = [];
  private readonly seen = new Set<string>();
  private settledWith: ResponseOutcome | undefined;
  private resolve!: (o: ResponseOutcome) => void;
  readonly outcome: Promise<ResponseOutcome>;

  constructor(private readonly onVerdict: ((r: VerdictReport) => void) | undefined) {
    this.outcome = new Promise((r) => (this.resolve = r));
  }

  get settled(): ResponseOutcome | undefined {
    return this.settledWith;
  }

  report(action: VerdictReport["action"], verdict: Verdict, subject: TextSubjectKind, at: number): void {
    if (action !== "block") this.keep(verdict.findings);
    if (action === "strip") this.stripped = true;
    try {
      this.onVerdict?.({ action, verdict, subject, at });
    } catch {
      // A reporting hook must not break the stream.
    }
  }

  allow(failure?: string): ResponseOutcome {
    return this.settle({ decision: "allow", findings: this.warnings, bytes: this.bytes, ...(this.stripped ? { stripped: true } : {}), ...(failure ? { failure } : {}) });
  }

  deny(findings: readonly Finding[], failure?: string): ResponseOutcome {
    return this.settle({ decision: "deny", findings, bytes: this.bytes, ...(this.stripped ? { stripped: true } : {}), ...(failure ? { failure } : {}) });
  }

  private settle(o: ResponseOutcome): ResponseOutcome {
    if (this.settledWith) return this.settledWith;
    this.settledWith = o;
    this.resolve(o);
    return o;
  }

  private keep(findings: readonly Finding[]): void {
    for (const f of findings) {
      if (this.warnings.length >= MAX_OUTCOME_FINDINGS) return;
      const key = `${f.rule_id}\u0000${f.location ?? ""}\u0000${f.encoding ?? ""}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.warnings.push(f);
    }
  }
}
