/**
 * @module `pipelock tls init | show-ca`: create the interception CA (never over an existing one
 * without --force) and print how each runtime is told to trust it; print the CA certificate PEM.
 */
import { isAbsolute, resolve } from "node:path";
import { durationMs, LoadError, loadConfig } from "../config/index.ts";
import { CaError, CaExistsError, caPaths, createCa, KEY_TYPES, loadCa, MAX_CA_VALIDITY_HOURS, readCaCertPem, writeCaFiles, type CaPaths, type KeyType } from "../doors/tls/index.ts";
import { EXIT, printErr, printOut, UsageError } from "./_io.ts";
import { parseFlags } from "./_flags.ts";

export const TLS_USAGE = `usage: pipelock tls init [--key-type ecdsa|rsa] [--validity 87600h] [--name CN] [--force] [--config FILE] [--home DIR]
       pipelock tls show-ca [--config FILE] [--home DIR]
  CA files: tls_interception.ca_cert / ca_key from --config, else <home>/ca.pem and <home>/ca-key.pem
  (home: --home, $PIPELOCK_HOME, or ~/.pipelock)`;

/** How to make each runtime trust the CA at `certPath`. */
export function trustInstructions(certPath: string): string {
  return `Trust it in the agent's environment (per runtime):
  Node, Bun, Claude Code   export NODE_EXTRA_CA_CERTS=${certPath}
  Go, curl, httpx, Bun     export SSL_CERT_FILE=<bundle>    (system roots + this CA, see below)
  Python requests          export REQUESTS_CA_BUNDLE=<bundle>   (replaces certifi: give it the bundle)
  curl (one call)          curl --cacert ${certPath} ...     or export CURL_CA_BUNDLE=<bundle>
  git                      export GIT_SSL_CAINFO=<bundle>
  npm / pip                npm config set cafile <bundle>;  pip --cert <bundle> (or PIP_CERT)
A bundle keeps the public roots working for hosts on the passthrough list:
  cat /etc/ssl/certs/ca-certificates.crt ${certPath} > ~/.pipelock/bundle.pem
System store (every program that uses it; needs root):
  Debian/Ubuntu/Alpine     cp ${certPath} /usr/local/share/ca-certificates/pipelock.crt && update-ca-certificates
  RHEL/Fedora              cp ${certPath} /etc/pki/ca-trust/source/anchors/pipelock.pem && update-ca-trust
  macOS                    security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${certPath}
  Windows                  certutil -addstore Root ${certPath}
  (Node and Bun read the system store only with --use-system-ca / --use-openssl-ca.)
Then enable interception in the config:
  tls_interception:
    enabled: true`;
}

function pathsFrom(configPath: string | undefined, home: string | undefined): CaPaths {
  const base = home ? { home } : {};
  if (configPath === undefined) return caPaths(base);
  const cfg = loadConfig(configPath);
  if (!cfg.ok) throw new LoadError(cfg.issues);
  const section = cfg.loaded.config.tls_interception;
  const dir = cfg.loaded.baseDir ?? process.cwd();
  const rel = (p: string) => (p && !isAbsolute(p) && !p.startsWith("~/") ? resolve(dir, p) : p);
  return caPaths({ ...base, caCert: rel(section.ca_cert), caKey: rel(section.ca_key) });
}

function validityHours(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) * 3_600_000 : durationMs(text);
  const hours = ms === undefined ? NaN : ms / 3_600_000;
  if (!(hours >= 1 && hours <= MAX_CA_VALIDITY_HOURS)) throw new UsageError(`--validity must be 1h..${MAX_CA_VALIDITY_HOURS}h (a number of hours or a duration like 8760h)`);
  return hours;
}

function runInit(argv: string[]): number {
  const flags = parseFlags(argv, { "key-type": "string", validity: "string", name: "string", force: "boolean", config: "string", home: "string" });
  if (flags.positionals.length > 0) throw new UsageError(TLS_USAGE);
  const keyType = (flags.string("key-type") ?? "ecdsa") as KeyType;
  if (!KEY_TYPES.includes(keyType)) throw new UsageError(`--key-type must be one of ${KEY_TYPES.join(", ")}`);
  const hours = validityHours(flags.string("validity"));
  const name = flags.string("name");
  const paths = pathsFrom(flags.string("config"), flags.string("home"));
  const files = createCa({ keyType, ...(hours !== undefined ? { validityHours: hours } : {}), ...(name ? { commonName: name } : {}) });
  try {
    writeCaFiles(paths, files, { force: flags.bool("force") });
  } catch (err) {
    if (err instanceof CaExistsError) {
      printErr(`pipelock: ${err.message}`);
      return EXIT.deny;
    }
    throw err;
  }
  const ca = loadCa(files);
  printOut(`created ${keyType === "rsa" ? "RSA" : "ECDSA P-256"} CA, valid until ${ca.notAfter.toISOString()}
  certificate  ${paths.certPath}
  private key  ${paths.keyPath} (mode 0600; keep it secret: it can impersonate any site to clients that trust it)
  SHA-256      ${ca.fingerprint256}

${trustInstructions(paths.certPath)}`);
  return EXIT.allow;
}

function runShowCa(argv: string[]): number {
  const flags = parseFlags(argv, { config: "string", home: "string" });
  if (flags.positionals.length > 0) throw new UsageError(TLS_USAGE);
  const paths = pathsFrom(flags.string("config"), flags.string("home"));
  try {
    const pem = readCaCertPem(paths);
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new CaError(`${paths.certPath} holds no PEM certificate`);
    process.stdout.write(pem.endsWith("\n") ? pem : `${pem}\n`);
    return EXIT.allow;
  } catch (err) {
    if (err instanceof CaError) {
      printErr(`pipelock: ${err.message}`);
      return EXIT.deny;
    }
    throw err;
  }
}

export async function runTls(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "init") return runInit(rest);
  if (sub === "show-ca") return runShowCa(rest);
  throw new UsageError(sub ? `unknown tls command "${sub}"\n${TLS_USAGE}` : TLS_USAGE);
}
