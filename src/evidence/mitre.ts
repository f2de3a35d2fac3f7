/**
 * @module MITRE technique ids for events. Findings carry the ids their rule declares (ATT&CK `T…`
 * and ATLAS `AML.T…`); when a finding has none, the scanner's usual technique stands in (the
 * reference's table, pipelock-aux §6.3, mapped onto our scanner names). Operational events carry none.
 */
import type { Finding, ScannerName } from "../engine/index.ts";

/** Fallback technique per scanner. */
export const SCANNER_TECHNIQUE: Readonly<Record<ScannerName, string | undefined>> = {
  dlp: "T1048", // Exfiltration Over Alternative Protocol
  url: "T1071.001", // Application Layer Protocol: Web Protocols
  prompt_injection: "AML.T0051", // LLM Prompt Injection (ATLAS)
  tool_policy: "T1059", // Command and Scripting Interpreter
  tool_description: "T1195.002", // Compromise Software Supply Chain
  engine: undefined,
};

/** SSRF findings are discovery of internal services, whatever the scanner default says. */
const RULE_TECHNIQUE: readonly [RegExp, string][] = [
  [/ssrf|internal|metadata/i, "T1046"],
  [/crlf|traversal/i, "T1190"],
];

/** Every technique id of a finding (declared, else the fallback). */
export function techniquesOf(f: Finding): string[] {
  if (f.mitre && f.mitre.length > 0) return [...f.mitre];
  if (f.scanner === "url") for (const [re, id] of RULE_TECHNIQUE) if (re.test(f.rule_id)) return [id];
  const id = SCANNER_TECHNIQUE[f.scanner];
  return id ? [id] : [];
}

/** The primary ATT&CK (Enterprise) id: the first `T…` id, else the first id of any kind. */
export function primaryTechnique(ids: readonly string[]): string | undefined {
  return ids.find((id) => /^T\d{4}/.test(id)) ?? ids[0];
}
