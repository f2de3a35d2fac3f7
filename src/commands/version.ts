/** @module `pipelock version`: version, build commit, runtime and the loaded packs with hashes. */
import { BUILD_COMMIT, VERSION } from "../version.ts";
import { loadPolicyOrFail, printOut } from "./_io.ts";
import { parseFlags } from "./_flags.ts";

export async function runVersion(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { config: "string", "rules-dir": "strings", json: "boolean" });
  const build = loadPolicyOrFail(flags.string("config"), flags.strings("rules-dir"));
  const packs = build.packs.map((p) => ({ name: p.name, version: p.version, origin: p.origin, rules: p.rules.length, sha256: p.sha256, ...(p.signedBy ? { signed_by: p.signedBy } : {}) }));
  if (flags.bool("json")) {
    printOut(JSON.stringify({ version: VERSION, commit: BUILD_COMMIT, bun: Bun.version, packs }, null, 2));
    return 0;
  }
  const lines = [`pipelock ${VERSION} (commit ${BUILD_COMMIT}, bun ${Bun.version})`, "rule packs:"];
  for (const p of packs) lines.push(`  ${p.name} ${p.version}  ${String(p.rules).padStart(3)} rules  ${p.origin.padEnd(7)}  sha256:${p.sha256}${p.signed_by ? `  signed by ${p.signed_by}` : ""}`);
  printOut(lines.join("\n"));
  return 0;
}
