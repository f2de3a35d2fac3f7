/**
 * @module Test helper: a fake engine `scan` driven by regexes, recording every Subject it was given,
 * so the body module can be tested without the real rule packs (a few tests use the real engine).
 */
import type { Finding, RuleAction, Subject, Verdict } from "../../../src/engine/index.ts";

export interface FakeRule {
  readonly id: string;
  readonly pattern: RegExp;
  readonly action: RuleAction;
  /** Which subject kinds the rule looks at (default: content and text). */
  readonly kinds?: readonly ("content" | "text")[];
}

export interface FakeScan {
  (subject: Subject): Promise<Verdict>;
  readonly calls: Subject[];
  /** Total characters scanned. */
  chars: number;
}

export function fakeScan(rules: readonly FakeRule[]): FakeScan {
  const calls: Subject[] = [];
  const fn = (async (subject: Subject): Promise<Verdict> => {
    calls.push(subject);
    const text = subject.kind === "content" ? subject.content : subject.kind === "text" ? subject.text : "";
    fn.chars += text.length;
    const findings: Finding[] = [];
    for (const r of rules) {
      if (r.kinds && !r.kinds.includes(subject.kind as "content" | "text")) continue;
      if (subject.kind !== "content" && subject.kind !== "text") continue;
      r.pattern.lastIndex = 0;
      if (r.pattern.test(text)) {
        findings.push({ scanner: subject.kind === "content" ? "prompt_injection" : "dlp", rule_id: r.id, severity: "high", action: r.action, message: `${r.id} matched` });
      }
    }
    const enforcing = findings.filter((f) => f.action !== "warn");
    if (enforcing.length === 0) return { decision: "allow", action: "allow", findings, warned: findings.length > 0 };
    const action = enforcing.some((f) => f.action === "block") ? "block" : enforcing[0]!.action;
    return { decision: "deny", action, findings, warned: false };
  }) as FakeScan;
  (fn as { calls: Subject[] }).calls = calls;
  fn.chars = 0;
  return fn;
}

/** Concatenate byte chunks and decode as UTF-8. */
export function textOf(chunks: readonly Uint8Array[]): string {
  return Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))).toString("utf8");
}

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
