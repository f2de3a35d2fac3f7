/**
 * @module The CA and leaves our DER encoder builds, checked by the tools that will rely on them:
 * `openssl x509 -text`, `openssl verify -x509_strict -purpose sslserver`, and node:crypto X509Certificate.
 */
import { describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CaError, createCa, loadCa } from "../../../src/doors/tls/ca.ts";
import { canonicalHost, issueLeaf } from "../../../src/doors/tls/leaf.ts";
import { certificateParts } from "../../../src/doors/tls/der-read.ts";
import { fromPem } from "../../../src/doors/tls/der.ts";

const dir = mkdtempSync(join(tmpdir(), "pipelock-x509-"));
let n = 0;
function file(pem: string): string {
  const path = join(dir, `${n++}.pem`);
  writeFileSync(path, pem);
  return path;
}
function openssl(...args: string[]): { code: number; out: string } {
  const p = Bun.spawnSync(["openssl", ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, out: p.stdout.toString() + p.stderr.toString() };
}

describe.each(["ecdsa", "rsa"] as const)("%s CA", (keyType) => {
  const files = createCa({ keyType, commonName: `test ${keyType} CA` });
  const ca = loadCa(files);
  const caPath = file(files.certPem);

  test("openssl reads a v3 CA with critical basicConstraints pathlen 0 and keyCertSign|cRLSign", () => {
    const { code, out } = openssl("x509", "-in", caPath, "-noout", "-text");
    expect(code).toBe(0);
    expect(out).toContain("Version: 3 (0x2)");
    expect(out).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(out).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    expect(out).toContain("X509v3 Subject Key Identifier");
    expect(out).toContain(keyType === "rsa" ? "sha256WithRSAEncryption" : "ecdsa-with-SHA256");
    expect(out).toContain(`CN = test ${keyType} CA`);
  });

  test("the CA verifies against itself strictly", () => {
    expect(openssl("verify", "-x509_strict", "-CAfile", caPath, caPath).code).toBe(0);
  });

  test.each(["api.example.test", "127.0.0.1", "::1", "a-b.c_d.example.test"])("leaf for %s verifies as an SSL server under the CA", async (host) => {
    const leaf = await issueLeaf(ca, host);
    const leafPath = file(leaf.certPem);
    const verify = openssl("verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", caPath, leafPath);
    expect(verify.out).toContain(": OK");
    expect(verify.code).toBe(0);
    const text = openssl("x509", "-in", leafPath, "-noout", "-text").out;
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toContain("TLS Web Server Authentication");
    expect(text).not.toContain("TLS Web Client Authentication");
    const x = new X509Certificate(leaf.certPem);
    expect(x.ca).toBe(false);
    expect(x.publicKey.asymmetricKeyType).toBe("ec");
    expect(x.checkIssued(new X509Certificate(files.certPem))).toBe(true);
    expect(x.verify(new X509Certificate(files.certPem).publicKey)).toBe(true);
    if (host.includes(":") || /^\d/.test(host)) expect(x.checkIP(host)).toBe(host);
    else expect(x.checkHost(host)).toBe(host);
  });

  test("a leaf does not verify under a different CA", async () => {
    const other = file(createCa({ keyType }).certPem);
    const leafPath = file((await issueLeaf(ca, "api.example.test")).certPem);
    expect(openssl("verify", "-CAfile", other, leafPath).code).not.toBe(0);
  });

  test("leaf validity is bounded by the TTL and by the CA's expiry", async () => {
    const now = new Date();
    const short = await issueLeaf(ca, "x.example.test", { ttlMs: 3_600_000, now });
    expect(short.notAfter.getTime()).toBe(now.getTime() + 3_600_000);
    const long = await issueLeaf(ca, "x.example.test", { ttlMs: 100 * 365 * 24 * 3_600_000, now });
    expect(long.notAfter.getTime()).toBe(ca.notAfter.getTime());
  });

  test("the leaf's issuer is the CA subject byte for byte and its AKI is the CA's SKI", async () => {
    const leaf = certificateParts(fromPem((await issueLeaf(ca, "y.example.test")).certPem, "CERTIFICATE")!);
    const caParts = certificateParts(ca.certDer);
    expect(Buffer.from(ca.subject).equals(Buffer.from(caParts.subject))).toBe(true);
    expect(caParts.subjectKeyId && Buffer.from(caParts.subjectKeyId).equals(Buffer.from(ca.keyId))).toBe(true);
    expect(leaf.subjectKeyId).toBeDefined();
    expect(openssl("x509", "-in", file((await issueLeaf(ca, "z.example.test")).certPem), "-noout", "-ext", "authorityKeyIdentifier").out.replace(/[\s:]/g, "")).toContain(Buffer.from(ca.keyId).toString("hex").toUpperCase());
  });

  test("serials are random and positive", async () => {
    const serials = new Set<string>();
    for (let i = 0; i < 5; i++) serials.add(new X509Certificate((await issueLeaf(ca, "s.example.test")).certPem).serialNumber);
    expect(serials.size).toBe(5);
    for (const s of serials) expect(parseInt(s.slice(0, 2), 16) & 0x80).toBe(0);
  });
});

describe("nameConstraints", () => {
  const files = createCa({ permittedDns: ["example.test"] });
  const ca = loadCa(files);
  const caPath = file(files.certPem);
  test("openssl shows a critical permitted subtree", () => {
    expect(openssl("x509", "-in", caPath, "-noout", "-text").out).toMatch(/Name Constraints: critical\s+Permitted:\s+DNS:example.test/);
  });
  test.each([
    ["api.example.test", true],
    ["evil.test", false],
  ])("leaf %s verifies: %p", async (host, ok) => {
    const leafPath = file((await issueLeaf(ca, host)).certPem);
    expect(openssl("verify", "-CAfile", caPath, leafPath).code === 0).toBe(ok);
  });
});

describe("loading a CA", () => {
  const a = createCa();
  const b = createCa();
  test.each([
    ["key of another CA", { certPem: a.certPem, keyPem: b.keyPem }, /does not match/],
    ["no certificate block", { certPem: "hello", keyPem: a.keyPem }, /no PEM CERTIFICATE/],
    ["garbage key", { certPem: a.certPem, keyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }, /key does not parse/],
  ])("%s → CaError", (_name, files, message) => {
    expect(() => loadCa(files)).toThrow(message);
    expect(() => loadCa(files)).toThrow(CaError);
  });

  test("a leaf is not accepted as a CA", async () => {
    const pair = createCa();
    const leaf = await issueLeaf(loadCa(pair), "leaf.example.test");
    expect(() => loadCa({ certPem: leaf.certPem, keyPem: leaf.keyPem })).toThrow(/not a CA/);
  });

  test("an expired CA is refused", () => {
    const old = createCa({ validityHours: 1, now: new Date(Date.UTC(2020, 0, 1)) });
    expect(() => loadCa(old)).toThrow(/expired/);
  });

  test("a CA made by openssl loads and signs leaves that verify", async () => {
    const key = join(dir, "ossl-key.pem");
    const cert = join(dir, "ossl-ca.pem");
    expect(openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key).code).toBe(0);
    const made = openssl("req", "-x509", "-new", "-key", key, "-out", cert, "-days", "2", "-subj", "/O=other/CN=openssl test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    expect(made.code).toBe(0);
    const ca = loadCa({ certPem: await Bun.file(cert).text(), keyPem: await Bun.file(key).text() });
    const leafPath = file((await issueLeaf(ca, "api.example.test")).certPem);
    expect(openssl("verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", cert, leafPath).code).toBe(0);
  });
});

describe("hosts a leaf may name", () => {
  test.each([
    ["API.Example.Test.", "api.example.test"],
    ["[::1]", "::1"],
    ["10.0.0.1", "10.0.0.1"],
    ["under_score.example", "under_score.example"],
    ["", undefined],
    ["*.example.test", undefined],
    ["-lead.example.test", undefined],
    ["a..b", undefined],
    ["exa mple.test", undefined],
    ["fe80::1%eth0", undefined],
    ["x".repeat(64) + ".test", undefined],
    [("a".repeat(60) + ".").repeat(5) + "test", undefined],
    ["bücher.example", undefined],
  ])("%p → %p", (raw, expected) => {
    expect(canonicalHost(raw)).toBe(expected);
  });

  test("issuing for an invalid host rejects", async () => {
    await expect(issueLeaf(loadCa(createCa()), "*.example.test")).rejects.toThrow(RangeError);
  });
});
