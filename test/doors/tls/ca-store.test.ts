/** @module CA on disk: private directory and key modes, no silent overwrite, permission check on read. */
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCa } from "../../../src/doors/tls/ca.ts";
import { CaExistsError, caPaths, pipelockHome, readCa, writeCaFiles } from "../../../src/doors/tls/ca-store.ts";

const fresh = () => join(mkdtempSync(join(tmpdir(), "pipelock-ca-")), "home");
const mode = (p: string) => statSync(p).mode & 0o777;

describe("paths", () => {
  test.each([
    [{}, { PIPELOCK_HOME: "/srv/pl" }, "/srv/pl/ca.pem", "/srv/pl/ca-key.pem"],
    [{ home: "/x" }, { PIPELOCK_HOME: "/srv/pl" }, "/x/ca.pem", "/x/ca-key.pem"],
    [{ caCert: "/etc/pl/c.pem", caKey: "/etc/pl/k.pem" }, {}, "/etc/pl/c.pem", "/etc/pl/k.pem"],
  ])("%j %j", (opts, env, cert, key) => {
    expect(caPaths(opts, env)).toEqual({ certPath: cert, keyPath: key });
  });
  test("default home is ~/.pipelock", () => {
    expect(pipelockHome(undefined, {})).toEndWith("/.pipelock");
  });
});

describe("writing and reading", () => {
  test("creates the directory 0700, the key 0600, the certificate 0644, and reads back", () => {
    const home = fresh();
    const paths = caPaths({ home });
    writeCaFiles(paths, createCa());
    expect(mode(home)).toBe(0o700);
    expect(mode(paths.keyPath)).toBe(0o600);
    expect(mode(paths.certPath)).toBe(0o644);
    expect(readCa(paths).keyType).toBe("ecdsa");
    expect(readdirSync(home).sort()).toEqual(["ca-key.pem", "ca.pem"]);
  });

  test("refuses to overwrite without force, replaces with force", () => {
    const paths = caPaths({ home: fresh() });
    const first = createCa();
    writeCaFiles(paths, first);
    expect(() => writeCaFiles(paths, createCa())).toThrow(CaExistsError);
    expect(readFileSync(paths.certPath, "utf8")).toBe(first.certPem);
    const second = createCa({ keyType: "rsa" });
    writeCaFiles(paths, second, { force: true });
    expect(readFileSync(paths.certPath, "utf8")).toBe(second.certPem);
    expect(mode(paths.keyPath)).toBe(0o600);
    expect(readCa(paths).keyType).toBe("rsa");
  });

  test("an existing key alone also blocks init", () => {
    const paths = caPaths({ home: fresh() });
    writeCaFiles(paths, createCa());
    const certOnly = caPaths({ caCert: join(fresh(), "c.pem"), caKey: paths.keyPath });
    expect(() => writeCaFiles(certOnly, createCa())).toThrow(CaExistsError);
    expect(existsSync(certOnly.certPath)).toBe(false);
  });

  test.each([
    [0o600, true],
    [0o640, true],
    [0o644, false],
    [0o660, false],
    [0o604, false],
  ])("key mode %o readable: %p", (keyMode, ok) => {
    const paths = caPaths({ home: fresh() });
    writeCaFiles(paths, createCa());
    chmodSync(paths.keyPath, keyMode);
    if (ok) expect(readCa(paths)).toBeDefined();
    else expect(() => readCa(paths)).toThrow(/at most 0640/);
  });

  test("missing files say how to create them", () => {
    expect(() => readCa(caPaths({ home: fresh() }))).toThrow(/pipelock tls init/);
  });

  test("a key that does not match the certificate is refused", () => {
    const paths = caPaths({ home: fresh() });
    writeCaFiles(paths, createCa());
    writeFileSync(paths.certPath, createCa().certPem);
    expect(() => readCa(paths)).toThrow(/does not match/);
  });
});
