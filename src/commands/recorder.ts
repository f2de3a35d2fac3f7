/**
 * @module `pipelock recorder verify|show|query DIR`: check a flight-recorder directory's hash chain
 * and checkpoint signatures, and list its entries filtered by time, verdict, rule, session, door or
 * type. verify exits 0 when intact (a crash's cut-off tail is reported, not fatal, unless
 * --strict), 1 when tampered, 2 on usage errors.
 */
import { existsSync, statSync } from "node:fs";
import { queryDir, readPublicKeyArg, verifyDir, ENTRY_TYPES, type Entry, type EntryFilter, type EntryType, type VerifyReport } from "../evidence/index.ts";
import { EXIT, printErr, printOut, UsageError } from "./_io.ts";
import { parseFlags } from "./_flags.ts";

export const RECORDER_USAGE = `usage: pipelock recorder verify DIR [--key PUB] [--strict] [--allow-pruned] [--json]
       pipelock recorder show|query DIR [--since T] [--until T] [--verdict allow|deny] [--rule ID|GLOB]
                                        [--session S] [--door D] [--type T] [--limit N] [--json]
       T: ISO time (2026-09-01T12:00:00Z) or an age like 15m, 2h, 7d`;

/** Longest target shown per line by `show` (--json prints entries whole). */
const MAX_TARGET_SHOWN = 120;

export function runRecorder(argv: string[]): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "verify":
      return verify(rest);
    case "show":
    case "query":
      return show(rest);
    default:
      throw new UsageError(sub === undefined ? RECORDER_USAGE : `unknown recorder command "${sub}"\n${RECORDER_USAGE}`);
  }
}

function dirArg(positionals: readonly string[]): string {
  const [dir] = positionals;
  if (dir === undefined || positionals.length !== 1) throw new UsageError(RECORDER_USAGE);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  return dir;
}

function verify(argv: string[]): number {
  const flags = parseFlags(argv, { key: "string", strict: "boolean", "allow-pruned": "boolean", json: "boolean" });
  const dir = dirArg(flags.positionals);
  const keyArg = flags.string("key");
  let publicKey: Uint8Array | undefined;
  if (keyArg !== undefined) {
    try {
      publicKey = readPublicKeyArg(keyArg);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const reports = verifyDir(dir, { ...(publicKey ? { publicKey } : {}), allowPruned: flags.bool("allow-pruned") });
  const strict = flags.bool("strict");
  const failed = (r: VerifyReport) => r.problem !== undefined || (strict && (r.truncatedTail !== undefined || r.unsignedTail > 0 || (publicKey !== undefined && r.signaturesVerified === 0)));
  if (flags.bool("json")) printOut(JSON.stringify(reports, null, 2));
  else if (reports.length === 0) printOut(`no evidence files (evidence-*.jsonl) in ${dir}`);
  else for (const r of reports) printOut(describe(r, strict));
  if (reports.length === 0) return strict ? EXIT.deny : EXIT.allow;
  return reports.some(failed) ? EXIT.deny : EXIT.allow;
}

function describe(r: VerifyReport, strict: boolean): string {
  const lines: string[] = [];
  const range = r.lastSeq !== undefined ? `seq ${r.firstSeq}..${r.lastSeq}` : "no entries";
  lines.push(`${r.problem ? "CHAIN BROKEN" : "CHAIN VALID"}: session ${r.session}: ${r.entries} entries (${range}) in ${r.files} file(s), ${r.checkpoints} checkpoint(s)`);
  if (r.problem) {
    lines.push(`  first problem (${r.problem.kind}): ${r.problem.message}`);
    lines.push("  everything before it verifies; nothing from that point on can be trusted");
  }
  lines.push(r.keyChecked ? `  signatures: ${r.signaturesVerified} checkpoint signature(s) verified` : "  signatures: NOT checked (pass --key PUB to check them)");
  if (r.lastHash) lines.push(`  last hash: ${r.lastHash}`);
  for (const rec of r.recoveries) {
    lines.push(`  recovered crash: seq ${rec.seq} acknowledges ${rec.partialBytes > 0 ? `a cut-off entry of ${rec.partialBytes} bytes at the end of ${rec.file}` : rec.lostEntries > 0 ? `${rec.lostEntries} entries lost after write failures` : `a lost entry in ${rec.file}`}`);
  }
  if (r.truncatedTail) {
    const t = r.truncatedTail;
    lines.push(`  truncated tail: ${t.file} line ${t.line}: ${t.bytes} bytes of an entry cut off mid-write${t.afterSeq !== undefined ? ` after seq ${t.afterSeq}` : ""} (a crash or kill); only that entry is lost, everything before it verifies${strict ? " [--strict: fail]" : ""}`);
  }
  if (!r.problem && r.unsignedTail > 0) lines.push(`  ${r.unsignedTail} entr${r.unsignedTail === 1 ? "y" : "ies"} after the last checkpoint ${r.unsignedTail === 1 ? "is" : "are"} not covered by a signature yet (written since the last checkpoint, or the process stopped without its final checkpoint)${strict ? " [--strict: fail]" : ""}`);
  return lines.join("\n");
}

function show(argv: string[]): number {
  const flags = parseFlags(argv, { since: "string", until: "string", verdict: "string", rule: "string", session: "string", door: "string", type: "string", limit: "string", json: "boolean" });
  const dir = dirArg(flags.positionals);
  const verdict = flags.string("verdict");
  if (verdict !== undefined && verdict !== "allow" && verdict !== "deny") throw new UsageError("--verdict must be allow or deny");
  const type = flags.string("type");
  if (type !== undefined && !(ENTRY_TYPES as readonly string[]).includes(type)) throw new UsageError(`--type must be one of ${ENTRY_TYPES.join(", ")}`);
  const limitText = flags.string("limit");
  const limit = limitText === undefined ? Number.POSITIVE_INFINITY : Number(limitText);
  if (!(limit > 0) || (limitText !== undefined && !/^\d+$/.test(limitText))) throw new UsageError("--limit must be a positive integer");
  const filter: EntryFilter = {
    ...optTime("since", flags.string("since")),
    ...optTime("until", flags.string("until")),
    ...(verdict ? { verdict } : {}),
    ...(flags.string("rule") ? { rule: flags.string("rule")! } : {}),
    ...(flags.string("session") ? { session: flags.string("session")! } : {}),
    ...(flags.string("door") ? { door: flags.string("door")! } : {}),
    ...(type ? { type: type as EntryType } : {}),
  };
  let n = 0;
  for (const found of queryDir(dir, filter, limit)) {
    printOut(flags.bool("json") ? JSON.stringify(found.entry) : summarize(found.entry));
    n += 1;
  }
  if (!flags.bool("json")) printErr(`${n} entr${n === 1 ? "y" : "ies"}`);
  return EXIT.allow;
}

function optTime(key: "since" | "until", value: string | undefined): Partial<EntryFilter> {
  if (value === undefined) return {};
  const age = /^(\d+)(s|m|h|d)$/.exec(value);
  if (age) return { [key]: Date.now() - Number(age[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[age[2] as "s" | "m" | "h" | "d"] };
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--${key} "${value}" is not an ISO time or an age like 2h`);
  return { [key]: t };
}

function summarize(e: Entry): string {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const head = `${e.ts}  #${e.seq}  ${e.type.padEnd(10)}`;
  if (e.type === "decision") {
    const rule = typeof d.rule_id === "string" ? `  ${d.rule_id}` : "";
    const who = [d.session ? `session=${d.session}` : "", d.agent ? `agent=${d.agent}` : ""].filter(Boolean).join(" ");
    const target = String(d.target ?? d.subject ?? "");
    const shown = target.length > MAX_TARGET_SHOWN ? `${target.slice(0, MAX_TARGET_SHOWN - 1)}…` : target;
    return `${head}  ${String(d.decision ?? "?").padEnd(5)}  ${String(d.door ?? "")}  ${shown}${rule}${who ? `  ${who}` : ""}`;
  }
  if (e.type === "checkpoint") return `${head}  seq ${d.first_seq}..${d.last_seq}  ${d.signature ? `signed ${d.key_id}` : "unsigned"}`;
  return `${head}  ${String(d.message ?? d.reason ?? JSON.stringify(d))}`;
}
