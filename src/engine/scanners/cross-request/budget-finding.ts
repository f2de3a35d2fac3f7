/**
 * @module The finding for a session that went over its entropy budget: how much, in what window,
 * and the config lines that would exempt the destination or raise the budget.
 */
import type { Finding } from "../../types.ts";
import type { EntropyBudgetSettings } from "./settings.ts";

export const ENTROPY_BUDGET_RULE_ID = "dlp.entropy_budget";
export const ENTROPY_BUDGET_LOCATION = "cross_request.entropy_budget";

/** Finding for `windowBits` spent against `settings.bitsPerWindow`, sent to `host` when known. */
export function entropyBudgetFinding(windowBits: number, settings: EntropyBudgetSettings, host?: string): Finding {
  const minutes = Math.round((settings.windowMs / 60_000) * 10) / 10;
  // The last two labels only: a long first label could itself be the data being sent.
  const exemptHost = host ? JSON.stringify(exemptPattern(host)) : '"*.example.com"';
  return {
    scanner: "dlp",
    rule_id: ENTROPY_BUDGET_RULE_ID,
    severity: "medium",
    action: settings.action,
    message: `This session sent ${windowBits} bits of high-entropy data in the last ${minutes} min (budget ${settings.bitsPerWindow}): encoded data may be leaving in pieces`,
    location: ENTROPY_BUDGET_LOCATION,
    mitre: ["T1030", "T1041"],
    exempt: [
      "cross_request_detection:",
      "  entropy_budget:",
      `    exempt_domains: [${exemptHost}]   # or raise bits_per_window (now ${settings.bitsPerWindow})`,
    ].join("\n"),
  };
}

/** `*.<last two labels>` for a name, the address itself for an IP literal. */
function exemptPattern(host: string): string {
  if (host.includes(":") || /^[\d.]+$/.test(host)) return host;
  const labels = host.split(".").filter((l) => l.length > 0);
  return labels.length <= 2 ? labels.join(".") : `*.${labels.slice(-2).join(".")}`;
}
