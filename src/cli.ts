/**
 * @module Entry point: parse the command word, dispatch to src/commands/*, map failures to exit
 * codes (2 for usage and configuration errors; scans decide 0/1 themselves). Each command's module
 * is imported only when that command runs, so a one-shot `pipelock check` does not load the proxy,
 * MCP, TLS or recorder code (startup time).
 */
import { EXIT, printErr, printOut, UsageError } from "./commands/_io.ts";

type Runner = (argv: string[]) => Promise<number> | number;

/** Command word → its runner, loaded on demand. */
const COMMANDS: Readonly<Record<string, () => Promise<Runner>>> = {
  check: async () => (await import("./commands/check.ts")).runCheck,
  run: async () => (await import("./commands/run.ts")).runRun,
  rules: async () => (await import("./commands/rules.ts")).runRules,
  config: async () => (await import("./commands/config.ts")).runConfig,
  keygen: async () => (await import("./commands/keygen.ts")).runKeygen,
  recorder: async () => (await import("./commands/recorder.ts")).runRecorder,
  tls: async () => (await import("./commands/tls.ts")).runTls,
  mcp: async () => (await import("./commands/mcp.ts")).runMcp,
  version: async () => (await import("./commands/version.ts")).runVersion,
  "--version": async () => (await import("./commands/version.ts")).runVersion,
};

const HELP_WORDS = new Set(["help", "--help", "-h"]);

/** The help text, with every command's usage (their modules are loaded only for this). */
async function helpText(): Promise<string> {
  const [check, run, rules, config, tls, keygen, recorder] = await Promise.all([
    import("./commands/check.ts"),
    import("./commands/run.ts"),
    import("./commands/rules.ts"),
    import("./commands/config.ts"),
    import("./commands/tls.ts"),
    import("./commands/keygen.ts"),
    import("./commands/recorder.ts"),
  ]);
  return `pipelock — the security boundary between AI agents and everything they reach

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

${check.CHECK_USAGE}
${run.RUN_USAGE}
${rules.RULES_USAGE}
${config.CONFIG_USAGE}
${tls.TLS_USAGE}
${keygen.KEYGEN_USAGE}
${recorder.RECORDER_USAGE}`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || HELP_WORDS.has(command)) {
    printOut(await helpText());
    return command === undefined ? EXIT.usage : EXIT.allow;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) throw new UsageError(`unknown command "${command}" (try: pipelock help)`);
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    const { formatIssue, LoadError } = await import("./config/index.ts");
    if (err instanceof LoadError) printErr(err.issues.map(formatIssue).join("\n"));
    else if (err instanceof UsageError) printErr(`pipelock: ${err.message}`);
    else printErr(`pipelock: internal error: ${(err as Error)?.stack ?? String(err)}`);
    process.exitCode = EXIT.usage;
  },
);
