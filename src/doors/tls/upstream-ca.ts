/**
 * @module Extra certificate authorities trusted for upstream TLS (`tls_interception.upstream_ca`):
 * read each PEM file (bounded), keep only CERTIFICATE blocks, and return them for the dialer, which
 * trusts them on top of the bundled roots (`createDial({ extraCa })`).
 */
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CaError } from "./ca.ts";

/** A bundle file may hold many certificates (a system bundle is ~200 KiB). */
export const MAX_UPSTREAM_CA_FILE_BYTES = 4 * 1024 * 1024;
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/g;

/** PEM certificates from `files` (relative paths against `baseDir`). @throws CaError naming the bad file. */
export function loadUpstreamCa(files: readonly string[], baseDir: string = process.cwd()): string[] {
  const out: string[] = [];
  for (const file of files) {
    const path = resolve(baseDir, file);
    let text: string;
    try {
      const fd = openSync(path, "r");
      try {
        const size = fstatSync(fd).size;
        if (size > MAX_UPSTREAM_CA_FILE_BYTES) throw new CaError(`upstream CA file ${path} is larger than ${MAX_UPSTREAM_CA_FILE_BYTES} bytes`);
        text = readFileSync(fd, "utf8");
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      if (err instanceof CaError) throw err;
      throw new CaError(`cannot read upstream CA file ${path}: ${(err as Error).message}`);
    }
    const blocks = text.match(CERT_BLOCK) ?? [];
    if (blocks.length === 0) throw new CaError(`upstream CA file ${path} holds no PEM CERTIFICATE block`);
    out.push(...blocks.map((b) => `${b}\n`));
  }
  return out;
}
