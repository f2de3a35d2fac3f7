/**
 * @module Scanning the strings of one JSON-RPC payload. What a server sends (tool results,
 * resources, prompts, sampling and elicitation requests, notifications, errors) gets the injection
 * scan and DLP, with `strip` cutting injections out string by string; what a client sends (params,
 * answers to server requests) gets DLP (keys and scalars included) and the injection scan, under
 * the `mcp_input_scanning` switches.
 */
import type { SubjectKind, Verdict } from "../../../engine/index.ts";
import { collectStrings, joinTexts, mapStrings } from "./extract-text.ts";
import type { McpScanner } from "./scanner.ts";
import type { McpGuardSettings } from "./settings.ts";
import { ALLOW, settle, stricter, type Adjustment } from "./verdicts.ts";

export interface PayloadResult {
  readonly verdict: Verdict;
  /** The payload to forward (a stripped copy when `strip` applied). */
  readonly value: unknown;
  readonly changed: boolean;
  readonly subject?: SubjectKind;
}

/** Server → client strings: injection + DLP; `strip` applied when it is the deciding action. */
export async function inspectServerPayload(scanner: McpScanner, value: unknown, path: string, host?: string): Promise<PayloadResult> {
  const items = collectStrings(value, path);
  if (items.length === 0) return { verdict: ALLOW, value, changed: false };
  const text = joinTexts(items);
  const [content, dlp] = await Promise.all([scanner.scan(host ? { kind: "content", content: text, host } : { kind: "content", content: text }), scanner.scan({ kind: "text", text })]);
  const verdict = stricter(content, dlp);
  if (verdict.decision === "deny" && verdict === content && content.action === "strip" && dlp.decision === "allow") {
    const stripped = stripAll(scanner, value);
    if (stripped !== undefined) {
      const strippedText = joinTexts(collectStrings(stripped, path));
      const again = await scanner.scan(host ? { kind: "content", content: strippedText, host } : { kind: "content", content: strippedText });
      if (again.decision === "allow") return { verdict: { decision: "allow", action: "strip", findings: content.findings, warned: true }, value: stripped, changed: true, subject: "content" };
    }
  }
  return { verdict, value, changed: false, subject: verdict === dlp && dlp.findings.length > 0 ? "text" : "content" };
}

/** Client → server strings (not a tool call): DLP and injection, under the input-scanning switches. */
export async function inspectClientPayload(scanner: McpScanner, settings: McpGuardSettings, value: unknown, path: string, extra: readonly string[] = []): Promise<PayloadResult> {
  if (!settings.input.enabled) return { verdict: ALLOW, value, changed: false };
  const items = collectStrings(value, path, { includeKeys: true, includeScalars: true });
  for (const e of extra) if (e.length > 0) items.push({ path: "id", text: e });
  if (items.length === 0) return { verdict: ALLOW, value, changed: false };
  const text = joinTexts(items);
  const [dlp, content] = await Promise.all([scanner.scan({ kind: "text", text }), scanner.scan({ kind: "content", content: text })]);
  const adjust = inputAdjustment(settings);
  const verdict = stricter(settle(scanner, dlp, [], adjust), settle(scanner, content, [], adjust));
  return { verdict, value, changed: false, subject: verdict === content ? "content" : "text" };
}

/** Section switches for what the client sends. */
export function inputAdjustment(settings: McpGuardSettings): Adjustment {
  const input = ["dlp", "prompt_injection"] as const;
  const off = [...(settings.input.enabled ? [] : input), ...(settings.policy.enabled ? [] : (["tool_policy"] as const))];
  const warn = settings.input.action === "warn" ? input : [];
  return { off, warn };
}

function stripAll(scanner: McpScanner, value: unknown): unknown | undefined {
  let failed = false;
  const out = mapStrings(value, (s) => {
    const clean = scanner.strip(s);
    if (clean === undefined) failed = true;
    return clean ?? s;
  });
  return failed ? undefined : out;
}
