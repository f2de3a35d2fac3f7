/** @module `pipelock config defaults | validate FILE`. */
import { DEFAULT_CONFIG_TEXT } from "../config/index.ts";
import { EXIT, loadPolicyOrFail, printOut, UsageError } from "./_io.ts";
import { parseFlags } from "./_flags.ts";

export const CONFIG_USAGE = `usage: pipelock config defaults
       pipelock config validate FILE [--rules-dir DIR]`;

export async function runConfig(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "defaults") {
    parseFlags(rest, {});
    printOut(DEFAULT_CONFIG_TEXT);
    return EXIT.allow;
  }
  if (sub === "validate") {
    const flags = parseFlags(rest, { "rules-dir": "strings" });
    const [file] = flags.positionals;
    if (!file || flags.positionals.length !== 1) throw new UsageError("usage: pipelock config validate FILE");
    const build = loadPolicyOrFail(file, flags.strings("rules-dir"));
    printOut(`ok: ${file} (mode ${build.config.config.mode}, ${build.policy.rules.length} rules from ${build.packs.length} packs)`);
    return EXIT.allow;
  }
  throw new UsageError(sub ? `unknown config command "${sub}"\n${CONFIG_USAGE}` : CONFIG_USAGE);
}
