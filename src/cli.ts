/**
 * @module Entry point: parse the command word, dispatch to src/commands/*, map failures to exit
 * codes (2 for usage and configuration errors; scans decide 0/1 themselves).
 */
import { formatIssue, LoadError } from "./config/index.ts";
import { CHECK_USAGE, runCheck } from "./commands/check.ts";
import { CONFIG_USAGE, runConfig } from "./commands/config.ts";
import { KEYGEN_USAGE, runKeygen } from "./commands/keygen.ts";
import { RECORDER_USAGE, runRecorder } from "./commands/recorder.ts";
import { EXIT, printErr, printOut, UsageError } from "./commands/_io.ts";
import { RULES_USAGE, runRules } from "./commands/rules.ts";
import { RUN_USAGE, runRun } from "./commands/run.ts";
import { runVersion } from "./commands/version.ts";
import { runTls, TLS_USAGE } from "./commands/tls.ts";
import { MCP_USAGE, runMcp } from "./commands/mcp.ts";

const HELP = `pipelock — the security boundary between AI agents and everything they reach

commands:
  run        start pipelock (health + Scan API) on the config or the embedded default
  check      scan one URL, text, content, tool call or tool description; exit 0 allow, 1 deny, 2 error
  rules      list | test | lint | keygen | sign | verify rule packs
  config     defaults | validate FILE
  keygen     create the Ed25519 key that signs flight-recorder checkpoints
  recorder   verify | show | query a flight-recorder directory
  tls        init | show-ca: the TLS interception CA
  mcp        proxy | scan | baseline: wrap an MCP server with scanning both ways
  version    version, build commit and loaded rule packs

${CHECK_USAGE}
${RUN_USAGE}
${RULES_USAGE}
${CONFIG_USAGE}
${TLS_USAGE}
${KEYGEN_USAGE}
${RECORDER_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "check":
      return runCheck(rest);
    case "run":
      return runRun(rest);
    case "rules":
      return runRules(rest);
    case "config":
      return runConfig(rest);
    case "keygen":
      return runKeygen(rest);
    case "recorder":
      return runRecorder(rest);
    case "tls":
      return runTls(rest);
    case "mcp":
      return runMcp(rest);
    case "version":
    case "--version":
      return runVersion(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      printOut(HELP);
      return command === undefined ? EXIT.usage : EXIT.allow;
    default:
      throw new UsageError(`unknown command "${command}" (try: pipelock help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof LoadError) printErr(err.issues.map(formatIssue).join("\n"));
    else if (err instanceof UsageError) printErr(`pipelock: ${err.message}`);
    else printErr(`pipelock: internal error: ${(err as Error)?.stack ?? String(err)}`);
    process.exitCode = EXIT.usage;
  },
);
