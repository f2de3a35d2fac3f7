/**
 * @module Builds dist/pipelock: one self-contained executable with the rule packs and the RE2 WASM
 * module embedded, so it runs from any directory with no node_modules and no network.
 *
 * - re2-wasm's loader reads `re2.wasm` from disk next to itself; a plugin inlines the bytes instead.
 * - The binary must not pick up a `.env` or `bunfig.toml` from the user's working directory: a file
 *   there must not be able to reconfigure a security tool. Both autoloads are turned off.
 */
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

import { formatIssue } from "./src/config/index.ts";
import { BUILTIN_PACKS, loadPackText } from "./src/rules/index.ts";

const outfile = process.argv[2] ?? "dist/pipelock";

// The binary loads its embedded packs without re-running their examples (startup time), so every
// pack is proven here, in full, before it is embedded.
for (const pack of BUILTIN_PACKS) {
  const r = loadPackText(pack.text, pack.file, "builtin");
  if (!r.ok) {
    console.error(r.issues.map(formatIssue).join("\n"));
    console.error(`build: ${pack.file} does not load; not building`);
    process.exit(1);
  }
}
const wasmPath = require.resolve("re2-wasm/build/wasm/re2.wasm");
const wasmBase64 = readFileSync(wasmPath).toString("base64");
const commit = (() => {
  const r = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "unknown";
})();

const result = await Bun.build({
  entrypoints: ["src/cli.ts"],
  compile: { outfile, autoloadDotenv: false, autoloadBunfig: false },
  minify: true,
  // Startup time: each command's modules load only when it runs (src/cli.ts imports them on demand),
  // and the JavaScript ships precompiled to bytecode (about half of a cold `check`).
  splitting: true,
  format: "esm",
  bytecode: true,
  define: { PIPELOCK_BUILD_COMMIT: JSON.stringify(commit) },
  plugins: [
    {
      name: "inline-re2-wasm",
      setup(build) {
        build.onLoad({ filter: /re2-wasm[\\/]build[\\/]wasm[\\/]re2\.js$/ }, (args) => {
          const source = readFileSync(args.path, "utf8");
          const needle = "var wasmBinary;";
          if (!source.includes(needle)) throw new Error(`re2-wasm loader changed: "${needle}" not found in ${args.path}`);
          return { contents: source.replace(needle, `var wasmBinary = Buffer.from("${wasmBase64}", "base64");`), loader: "js" };
        });
      },
    },
  ],
});

if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.error(`built ${outfile} (commit ${commit})`);
