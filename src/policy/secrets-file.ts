/**
 * @module `dlp.secrets_file`: literal secrets the operator wants watched for, one per line, matched
 * like environment secrets (raw and encoded). The file must be private (no group write, nothing for
 * others): a secrets list anyone can read is itself a leak, and one anyone can edit can blind DLP.
 */
import { readFileSync, statSync } from "node:fs";

/** Longest line kept (bytes); longer lines are skipped. */
export const MAX_SECRET_LINE_BYTES = 4096;
/** Most secrets read from the file. */
export const MAX_SECRETS_FROM_FILE = 1000;
/** Group write and any access by others. */
const UNSAFE_MODE_BITS = 0o027;

export type SecretsFileResult = { ok: true; secrets: { name: string; value: string }[] } | { ok: false; message: string };

/** Read and filter the file at `path`. Never throws. */
export function readSecretsFile(path: string, minLength: number): SecretsFileResult {
  let text: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, message: `dlp.secrets_file ${path} is not a regular file` };
    if ((st.mode & UNSAFE_MODE_BITS) !== 0) {
      return { ok: false, message: `dlp.secrets_file ${path} has mode ${(st.mode & 0o777).toString(8)}: it must not be group-writable or accessible to others (chmod 600)` };
    }
    text = readFileSync(path, "utf8");
  } catch (err) {
    return { ok: false, message: `dlp.secrets_file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  return { ok: true, secrets: parseSecretsText(text, minLength) };
}

/** The secrets in a file's text: BOM stripped, `#` comments and short, NUL-bearing or overlong lines skipped, deduplicated. */
export function parseSecretsText(text: string, minLength: number): { name: string; value: string }[] {
  const seen = new Set<string>();
  const out: { name: string; value: string }[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length && out.length < MAX_SECRETS_FROM_FILE; i++) {
    const value = (lines[i] ?? "").trim();
    if (value.length === 0 || value.startsWith("#") || value.includes("\u0000")) continue;
    if (value.length < minLength || Buffer.byteLength(value) > MAX_SECRET_LINE_BYTES || seen.has(value)) continue;
    seen.add(value);
    out.push({ name: `secrets_file:${i + 1}`, value });
  }
  return out;
}
