/**
 * @module `pipelock tls init | show-ca` on the compiled binary: files and modes, refusal to overwrite,
 * --force, RSA, config paths, a CA that openssl and a real TLS handshake accept, and errors.
 */
import { describe, expect, test } from "bun:test";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import tls from "node:tls";
import { issueLeaf, loadCa } from "../../src/doors/tls/index.ts";
import { pipelock, tempDir } from "./_binary.ts";

const openssl = (...args: string[]) => Bun.spawnSync(["openssl", ...args], { stdout: "pipe", stderr: "pipe" });
const mode = (p: string) => statSync(p).mode & 0o777;

describe("tls init", () => {
  test("creates a 0700 home with a 0600 key and prints how to trust the CA", async () => {
    const home = join(tempDir(), "pl");
    const r = await pipelock(["tls", "init", "--home", home]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(mode(home)).toBe(0o700);
    expect(mode(join(home, "ca-key.pem"))).toBe(0o600);
    for (const hint of ["NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "GIT_SSL_CAINFO", "--cacert", "update-ca-certificates"]) expect(r.stdout).toContain(hint);
    expect(r.stdout).toContain(join(home, "ca.pem"));
    const text = openssl("x509", "-in", join(home, "ca.pem"), "-noout", "-text").stdout.toString();
    expect(text).toMatch(/CA:TRUE, pathlen:0/);
    expect(text).toContain("ecdsa-with-SHA256");
  });

  test("refuses to overwrite (exit 1, files unchanged) and replaces with --force", async () => {
    const home = join(tempDir(), "pl");
    expect((await pipelock(["tls", "init", "--home", home])).code).toBe(0);
    const before = await Bun.file(join(home, "ca.pem")).text();
    const again = await pipelock(["tls", "init", "--home", home]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("--force");
    expect(await Bun.file(join(home, "ca.pem")).text()).toBe(before);
    const forced = await pipelock(["tls", "init", "--home", home, "--force", "--key-type", "rsa", "--validity", "8760h"]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("RSA CA");
    expect(await Bun.file(join(home, "ca.pem")).text()).not.toBe(before);
    expect(openssl("x509", "-in", join(home, "ca.pem"), "-noout", "-text").stdout.toString()).toContain("sha256WithRSAEncryption");
  });

  test("PIPELOCK_HOME is the default home", async () => {
    const home = join(tempDir(), "env-home");
    expect((await pipelock(["tls", "init"], { env: { PIPELOCK_HOME: home } })).code).toBe(0);
    expect((await pipelock(["tls", "show-ca"], { env: { PIPELOCK_HOME: home } })).stdout).toBe(await Bun.file(join(home, "ca.pem")).text());
  });

  test("--config uses tls_interception.ca_cert / ca_key relative to the config file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "pipelock.yaml"), "tls_interception:\n  ca_cert: certs/my-ca.pem\n  ca_key: certs/my-ca-key.pem\n");
    const r = await pipelock(["tls", "init", "--config", join(dir, "pipelock.yaml")], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(mode(join(dir, "certs", "my-ca-key.pem"))).toBe(0o600);
    const show = await pipelock(["tls", "show-ca", "--config", join(dir, "pipelock.yaml")]);
    expect(show.stdout).toStartWith("-----BEGIN CERTIFICATE-----");
  });

  test.each([
    [["tls"], 2],
    [["tls", "nope"], 2],
    [["tls", "init", "--key-type", "dsa"], 2],
    [["tls", "init", "--validity", "0"], 2],
    [["tls", "init", "--bogus"], 2],
  ])("%j → exit %i", async (args, code) => {
    const r = await pipelock(args, { env: { PIPELOCK_HOME: join(tempDir(), "h") } });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain("pipelock");
  });
});

describe("tls show-ca", () => {
  test("prints the PEM, which verifies a TLS handshake with a leaf signed by the stored key", async () => {
    const home = join(tempDir(), "pl");
    await pipelock(["tls", "init", "--home", home]);
    const show = await pipelock(["tls", "show-ca", "--home", home]);
    expect(show.code).toBe(0);
    expect(show.stdout).toBe(await Bun.file(join(home, "ca.pem")).text());
    const ca = loadCa({ certPem: show.stdout, keyPem: await Bun.file(join(home, "ca-key.pem")).text() });
    const leaf = await issueLeaf(ca, "localhost");
    const server = tls.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (s) => s.end("hi"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const got = await new Promise<string>((resolve, reject) => {
        const c = tls.connect({ host: "127.0.0.1", port, servername: "localhost", ca: show.stdout }, () => c.once("data", (d) => resolve(`${c.authorized} ${d}`)));
        c.once("error", reject);
      });
      expect(got).toBe("true hi");
    } finally {
      server.close();
    }
  });

  test("without a CA: exit 1 and a hint to run tls init", async () => {
    const r = await pipelock(["tls", "show-ca", "--home", join(tempDir(), "empty")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("pipelock tls init");
  });
});
