/**
 * @module Where the interception CA lives on disk: default paths (`~/.pipelock/ca.pem`,
 * `ca-key.pem`, or `$PIPELOCK_HOME`), writing a new CA (directory 0700, key 0600, never over an
 * existing one unless forced, key written atomically) and reading it back with a permission check.
 */
import { chmodSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { CaError, loadCa, type CaFiles, type CertificateAuthority } from "./ca.ts";

export const CA_CERT_FILE = "ca.pem";
export const CA_KEY_FILE = "ca-key.pem";
/** Key files must not be readable beyond owner and group, nor writable beyond the owner (≤ 0640). */
export const KEY_MODE_FORBIDDEN = 0o037;
/** Largest CA file read (a PEM certificate or key is a few KiB). */
export const MAX_CA_FILE_BYTES = 64 * 1024;

export interface CaPaths {
  readonly certPath: string;
  readonly keyPath: string;
}

/** Pipelock's home: explicit, else `$PIPELOCK_HOME`, else `~/.pipelock`. */
export function pipelockHome(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(explicit || env.PIPELOCK_HOME || join(homedir(), ".pipelock"));
}

/** CA paths from config values (empty = default under the home directory). */
export function caPaths(options: { caCert?: string; caKey?: string; home?: string } = {}, env: NodeJS.ProcessEnv = process.env): CaPaths {
  const home = pipelockHome(options.home, env);
  const expand = (p: string) => (p.startsWith("~/") ? join(homedir(), p.slice(2)) : p);
  return {
    certPath: resolve(options.caCert ? expand(options.caCert) : join(home, CA_CERT_FILE)),
    keyPath: resolve(options.caKey ? expand(options.caKey) : join(home, CA_KEY_FILE)),
  };
}

export class CaExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists (use --force to replace the CA; every client trusting the old one must be updated)`);
    this.name = "CaExistsError";
  }
}

function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Write bytes to `path` through a 0600 temp file in the same directory, then rename over it. */
function writeAtomic(path: string, text: string, mode: number, exclusive: boolean): void {
  if (exclusive && existsSync(path)) throw new CaExistsError(path);
  const tmp = join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, text);
    if (mode !== 0o600) chmodSync(tmp, mode);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

/** Store a new CA. @throws CaExistsError when either file exists and `force` is not set. */
export function writeCaFiles(paths: CaPaths, files: CaFiles, options: { force?: boolean } = {}): void {
  if (!options.force) {
    for (const p of [paths.keyPath, paths.certPath]) if (existsSync(p)) throw new CaExistsError(p);
  }
  ensurePrivateDir(dirname(paths.keyPath));
  ensurePrivateDir(dirname(paths.certPath));
  writeAtomic(paths.keyPath, files.keyPem, 0o600, !options.force);
  writeAtomic(paths.certPath, files.certPem, 0o644, !options.force);
}

function readBounded(path: string, what: string): { text: string; mode: number } {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CaError(code === "ENOENT" ? `${what} ${path} does not exist (run \`pipelock tls init\`)` : `cannot read ${what} ${path}: ${(err as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new CaError(`${what} ${path} is not a regular file`);
    if (st.size > MAX_CA_FILE_BYTES) throw new CaError(`${what} ${path} is larger than ${MAX_CA_FILE_BYTES} bytes`);
    return { text: readFileSync(fd, "utf8"), mode: st.mode };
  } finally {
    closeSync(fd);
  }
}

/** Read the CA certificate PEM only (show-ca). */
export function readCaCertPem(paths: CaPaths): string {
  return readBounded(paths.certPath, "CA certificate").text;
}

/** Read and check the CA. @throws CaError (missing, too open, mismatched, not a CA, expired). */
export function readCa(paths: CaPaths, now: Date = new Date()): CertificateAuthority {
  const key = readBounded(paths.keyPath, "CA key");
  if (process.platform !== "win32" && (key.mode & KEY_MODE_FORBIDDEN) !== 0) {
    throw new CaError(`CA key ${paths.keyPath} has mode ${(key.mode & 0o777).toString(8)}; allow at most 0640 (chmod 600 ${paths.keyPath})`);
  }
  return loadCa({ certPem: readCaCertPem(paths), keyPem: key.text }, now);
}

/** True when both CA files exist. */
export function caExists(paths: CaPaths): boolean {
  return existsSync(paths.certPath) && existsSync(paths.keyPath) && statSync(paths.keyPath).isFile();
}
