/**
 * @module Shared test fixtures for evidence tests: temp dirs, a signing key, sample events, a
 * recorder filled with entries.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSigningKey, loadSigningKey, RecorderWriter, type DecisionEvent, type RecorderOptions, type SigningKey } from "../../src/evidence/index.ts";

export function tmp(prefix = "pipelock-ev-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh key written to `dir` (0600); returns the loaded key and file paths. */
export function makeKey(dir: string, name = "rec"): { key: SigningKey; keyPath: string; pubPath: string } {
  const g = generateSigningKey();
  const keyPath = join(dir, `${name}.key`);
  const pubPath = join(dir, `${name}.pub`);
  writeFileSync(keyPath, g.privatePem, { mode: 0o600 });
  writeFileSync(pubPath, g.publicPem);
  return { key: loadSigningKey(keyPath), keyPath, pubPath };
}

/** Write `n` decision entries and close (final checkpoint). */
export function fill(options: RecorderOptions, n: number, detail: (i: number) => unknown = (i) => ({ i, decision: i % 4 === 0 ? "deny" : "allow" })): RecorderWriter {
  const w = RecorderWriter.open(options);
  for (let i = 0; i < n; i++) {
    w.append("decision", detail(i));
    if (i % 5 === 4) w.flush();
  }
  w.close();
  return w;
}

export const DENY_EVENT: DecisionEvent = {
  ts: "2026-09-01T12:00:00.000Z",
  door: "fetch",
  direction: "request",
  decision: "deny",
  action: "block",
  subject: "url",
  target: "https://api.example.com/upload?token",
  method: "GET",
  status: 403,
  session: "s-1",
  agent: "agent-a",
  findings: [
    { scanner: "dlp", rule_id: "dlp.aws_access_key_id", severity: "critical", action: "block", message: "AWS access key id", location: "url.query.token", excerpt: "AKIA…[20 chars]", mitre: ["T1552.001"] },
  ],
  duration_ms: 1.5,
  bytes: 100,
};

export const ALLOW_EVENT: DecisionEvent = {
  ts: "2026-09-01T12:00:01.000Z",
  door: "forward",
  direction: "request",
  decision: "allow",
  action: "allow",
  subject: "url",
  target: "https://registry.example.org/pkg",
  findings: [],
  duration_ms: 0.2,
};
