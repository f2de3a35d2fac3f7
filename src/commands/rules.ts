/**
 * @module `pipelock rules list | test [PACK…] | lint FILE… | keygen | sign PACK | verify PACK`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { formatIssue, loadConfig } from "../config/index.ts";
import { BUILTIN_PACKS, generateKeyPair, loadPackFile, loadPackText, publicKeyOf, signBytes, verifyBytes, type LoadedPack } from "../rules/index.ts";
import { EXIT, loadPolicyOrFail, printErr, printOut, UsageError } from "./_io.ts";
import { parseFlags } from "./_flags.ts";

export const RULES_USAGE = `usage: pipelock rules list [--config F] [--rules-dir D] [--json]
       pipelock rules test [PACK_FILE…]            (no files: every pack the config loads)
       pipelock rules lint FILE…
       pipelock rules keygen [--out FILE]
       pipelock rules sign PACK_FILE --key SECRET_KEY_FILE
       pipelock rules verify PACK_FILE (--pubkey HEX | --config F)`;

export async function runRules(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "list":
      return listRules(rest);
    case "test":
      return testPacks(rest);
    case "lint":
      return lintPacks(rest);
    case "keygen":
      return keygen(rest);
    case "sign":
      return sign(rest);
    case "verify":
      return verify(rest);
    default:
      throw new UsageError(sub ? `unknown rules command "${sub}"\n${RULES_USAGE}` : RULES_USAGE);
  }
}

function listRules(argv: string[]): number {
  const flags = parseFlags(argv, { config: "string", "rules-dir": "strings", json: "boolean" });
  const build = loadPolicyOrFail(flags.string("config"), flags.strings("rules-dir"));
  const rows = build.policy.rules.map((r) => ({ id: r.id, kind: r.kind, severity: r.severity, action: r.action, pack: r.pack, name: r.name, mitre: r.mitre }));
  if (flags.bool("json")) {
    printOut(JSON.stringify(rows, null, 2));
    return EXIT.allow;
  }
  const width = Math.max(...rows.map((r) => r.id.length), 4);
  printOut([`${"ID".padEnd(width)}  KIND              SEVERITY  ACTION    PACK`, ...rows.map((r) => `${r.id.padEnd(width)}  ${r.kind.padEnd(16)}  ${r.severity.padEnd(8)}  ${r.action.padEnd(8)}  ${r.pack}`), `${rows.length} rules active`].join("\n"));
  return EXIT.allow;
}

/** Load each pack (which runs every example) and report. */
function testPacks(argv: string[]): number {
  const flags = parseFlags(argv, { config: "string", "rules-dir": "strings" });
  const wanted = flags.positionals;
  const packs: LoadedPack[] = [];
  let failed = false;
  const take = (r: ReturnType<typeof loadPackText>, label: string) => {
    if (r.ok) packs.push(r.pack);
    else {
      failed = true;
      printErr(r.issues.map(formatIssue).join("\n"));
      printErr(`FAIL ${label}`);
    }
  };
  // Arguments are pack files, or names of built-in packs; none means every pack the config loads.
  // Embedded packs load without re-running examples at startup, so here they run in full.
  const builtins = BUILTIN_PACKS.filter((b) => wanted.length === 0 || wanted.some((w) => b.file === w || b.file.endsWith(`/${w}.yaml`) || builtinName(b.text) === w));
  for (const b of builtins) take(loadPackText(b.text, b.file, "builtin"), b.file);
  const files = wanted.filter((w) => !builtins.some((b) => b.file === w || b.file.endsWith(`/${w}.yaml`) || builtinName(b.text) === w));
  for (const file of files) {
    if (!existsSync(file)) throw new UsageError(`"${file}" is neither a pack file nor a built-in pack name`);
    take(loadPackFile(file, { requireSigned: false, trustedKeys: trustedKeysFrom(flags.string("config")) }), file);
  }
  if (wanted.length === 0) packs.push(...loadPolicyOrFail(flags.string("config"), flags.strings("rules-dir")).packs.filter((p) => p.origin !== "builtin"));
  if (failed) return EXIT.deny;
  for (const p of packs) {
    const examples = p.spec.rules.reduce((n, r) => n + r.examples.match.length + r.examples.no_match.length, 0);
    printOut(`ok   ${p.name} ${p.version}: ${p.rules.length} rules, ${examples} examples pass (${p.file})`);
  }
  return EXIT.allow;
}

/** The `name:` of an embedded pack, read without a full load. */
function builtinName(text: string): string | undefined {
  return /^name:\s*(\S+)\s*$/m.exec(text)?.[1];
}

/** Full load of each file plus advice: always-run rules, missing MITRE ids, clashes with built-in ids. */
function lintPacks(argv: string[]): number {
  const flags = parseFlags(argv, {});
  if (flags.positionals.length === 0) throw new UsageError("rules lint needs at least one FILE");
  const builtinIds = new Set<string>();
  for (const b of BUILTIN_PACKS) {
    const r = loadPackText(b.text, b.file, "builtin");
    if (r.ok) for (const rule of r.pack.rules) builtinIds.add(rule.id);
  }
  let errors = 0;
  for (const file of flags.positionals) {
    const r = loadPackFile(file, { requireSigned: false, trustedKeys: [] });
    if (!r.ok) {
      errors += r.issues.length;
      printErr(r.issues.map(formatIssue).join("\n"));
      continue;
    }
    const notes: string[] = [];
    for (const rule of r.pack.spec.rules) {
      const pos = r.pack.ruleLines[rule.id] ?? { line: 1, col: 1 };
      const where = `${file}:${pos.line}:${pos.col}`;
      if (builtinIds.has(rule.id)) {
        errors++;
        printErr(`${where}: rule id "${rule.id}" is already used by a built-in pack`);
      }
      if (rule.pattern && !rule.keywords?.length && !rule.trigger) notes.push(`${where}: warning: rule "${rule.id}" has no keywords, so it runs over every whole text (slow); add keywords that occur in every match`);
      if (!rule.mitre?.length) notes.push(`${where}: warning: rule "${rule.id}" has no mitre technique id`);
    }
    for (const n of notes) printErr(n);
    printOut(`${errors === 0 ? "ok  " : "FAIL"} ${file}: ${r.pack.rules.length} rules`);
  }
  return errors === 0 ? EXIT.allow : EXIT.deny;
}

function keygen(argv: string[]): number {
  const flags = parseFlags(argv, { out: "string" });
  const out = flags.string("out") ?? "pipelock-rules.key";
  if (existsSync(out)) throw new UsageError(`${out} already exists; refusing to overwrite a key`);
  const pair = generateKeyPair();
  writeFileSync(out, `${pair.secretKeyHex}\n`, { mode: 0o600, flag: "wx" });
  printOut(
    [
      `secret key written to ${out} (mode 0600): keep it off the machines that run pipelock`,
      `public key: ${pair.publicKeyHex}`,
      "trust it in pipelock.yaml:",
      "  rules:",
      "    require_signed: true",
      "    trusted_keys:",
      "      - name: my-team",
      `        public_key: ${pair.publicKeyHex}`,
    ].join("\n"),
  );
  return EXIT.allow;
}

function sign(argv: string[]): number {
  const flags = parseFlags(argv, { key: "string" });
  const [pack] = flags.positionals;
  const keyFile = flags.string("key");
  if (!pack || !keyFile || flags.positionals.length !== 1) throw new UsageError("usage: pipelock rules sign PACK_FILE --key SECRET_KEY_FILE");
  const secret = readFileSync(keyFile, "utf8").trim();
  const bytes = readFileSync(pack);
  const r = loadPackText(bytes, pack, "file");
  if (!r.ok) {
    printErr(r.issues.map(formatIssue).join("\n"));
    printErr("refusing to sign a pack that does not load");
    return EXIT.deny;
  }
  writeFileSync(`${pack}.sig`, `${signBytes(bytes, secret)}\n`);
  printOut(`signed ${pack} → ${pack}.sig (public key ${publicKeyOf(secret)})`);
  return EXIT.allow;
}

function verify(argv: string[]): number {
  const flags = parseFlags(argv, { pubkey: "string", config: "string" });
  const [pack] = flags.positionals;
  if (!pack || flags.positionals.length !== 1) throw new UsageError("usage: pipelock rules verify PACK_FILE (--pubkey HEX | --config F)");
  const keys = flags.string("pubkey") ? [{ name: "--pubkey", public_key: flags.string("pubkey")! }] : trustedKeysFrom(flags.string("config"));
  if (keys.length === 0) throw new UsageError("no key to verify with: pass --pubkey HEX or a --config with rules.trusted_keys");
  const sigFile = `${pack}.sig`;
  if (!existsSync(sigFile)) {
    printErr(`FAIL ${pack}: no signature file ${sigFile}`);
    return EXIT.deny;
  }
  const bytes = readFileSync(pack);
  const signature = readFileSync(sigFile, "utf8");
  const by = keys.find((k) => verifyBytes(bytes, signature, k.public_key));
  if (!by) {
    printErr(`FAIL ${pack}: signature does not verify with ${keys.map((k) => k.name).join(", ")}`);
    return EXIT.deny;
  }
  printOut(`ok   ${pack}: signed by ${by.name}`);
  return EXIT.allow;
}

function trustedKeysFrom(configPath: string | undefined): { name: string; public_key: string }[] {
  if (configPath === undefined) return [];
  const cfg = loadConfig(configPath);
  if (!cfg.ok) throw new UsageError(cfg.issues.map(formatIssue).join("\n"));
  return [...cfg.loaded.config.rules.trusted_keys];
}
