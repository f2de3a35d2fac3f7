/**
 * @module `pipelock keygen [--out DIR] [--name NAME] [--force]`: create the Ed25519 key the flight
 * recorder signs checkpoints with: NAME.key (PKCS#8 PEM, mode 0600) and NAME.pub (SPKI PEM),
 * readable by `openssl pkey` too. Refuses to overwrite a key unless --force.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { generateSigningKey } from "../evidence/index.ts";
import { EXIT, printOut, UsageError } from "./_io.ts";
import { parseFlags } from "./_flags.ts";

export const KEYGEN_USAGE = `usage: pipelock keygen [--out DIR] [--name NAME] [--force]
       writes DIR/NAME.key (0600) and DIR/NAME.pub; defaults: --out . --name pipelock-recorder`;

export function runKeygen(argv: string[]): number {
  const flags = parseFlags(argv, { out: "string", name: "string", force: "boolean" });
  if (flags.positionals.length > 0) throw new UsageError(`unexpected argument "${flags.positionals[0]}"\n${KEYGEN_USAGE}`);
  const dir = resolve(flags.string("out") ?? ".");
  const name = flags.string("name") ?? "pipelock-recorder";
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name) || name.startsWith(".")) throw new UsageError("--name must be letters, digits, _, . or - (not starting with .)");
  const keyPath = join(dir, `${name}.key`);
  const pubPath = join(dir, `${name}.pub`);
  const force = flags.bool("force");
  for (const p of [keyPath, pubPath]) if (existsSync(p) && !force) throw new UsageError(`${p} already exists; refusing to overwrite a key (--force to replace it)`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = generateSigningKey();
  writeFileSync(keyPath, key.privatePem, { mode: 0o600, flag: force ? "w" : "wx" });
  writeFileSync(pubPath, key.publicPem, { mode: 0o644, flag: force ? "w" : "wx" });
  printOut(
    [
      `private key: ${keyPath} (mode 0600; only the pipelock process needs it)`,
      `public key:  ${pubPath}`,
      `public key (hex): ${key.publicHex}`,
      `key id: ${key.keyId}`,
      "use it in pipelock.yaml:",
      "  flight_recorder:",
      "    enabled: true",
      "    dir: ./evidence",
      `    signing_key_path: ${keyPath}`,
      `verify with: pipelock recorder verify ./evidence --key ${pubPath}`,
    ].join("\n"),
  );
  return EXIT.allow;
}
