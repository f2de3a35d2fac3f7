/**
 * @module The config snippet that would exempt a finding, ready to paste. Scoped as narrowly as
 * the subject allows (a URL prefix, a tool), so that exempting one false positive does not turn
 * the rule off everywhere.
 */

export interface ExemptScope {
  /** Destination URL of the subject, when there is one. */
  readonly url?: string;
  readonly tool?: string;
}

/** YAML snippet suppressing `ruleId` within `scope`. */
export function suppressSnippet(ruleId: string, scope: ExemptScope = {}): string {
  const lines = ["suppress:", `  - rule: ${ruleId}`];
  const path = scope.url ? urlScope(scope.url) : undefined;
  if (path) lines.push(`    path: "${path}"`);
  if (scope.tool) lines.push(`    tool: ${JSON.stringify(scope.tool)}`);
  lines.push(`    reason: "explain why this is safe"`);
  return lines.join("\n");
}

/** `https://host/*` for a URL (the whole site), or undefined when the URL cannot be parsed. */
function urlScope(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/*`;
  } catch {
    return undefined;
  }
}
