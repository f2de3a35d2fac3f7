import { describe, expect, test } from "bun:test";
import { copyFileSync, cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, pipelock, REPO, tempDir } from "./_binary.ts";

describe("pipelock version / config / rules (compiled binary)", () => {
  test("version prints version, build commit and every pack with its sha256", async () => {
    const r = await pipelock(["version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pipelock \d+\.\d+\.\d+ \(commit [0-9a-f]{7,}|unknown/);
    for (const name of ["pipelock-dlp", "pipelock-injection", "pipelock-tool-policy", "pipelock-tool-poisoning"]) {
      expect(r.stdout).toMatch(new RegExp(`${name} \\d+\\.\\d+\\.\\d+ .*sha256:[0-9a-f]{64}`));
    }
  });

  test("the binary runs from another directory (embedded packs, no node_modules lookup)", async () => {
    const dir = tempDir();
    copyFileSync(BINARY, join(dir, "pipelock"));
    const proc = Bun.spawn([join(dir, "pipelock"), "check", "--offline", "--text", "hello"], { cwd: "/", stdout: "pipe" });
    expect(await proc.exited).toBe(0);
  });

  test("a bunfig.toml in the working directory is ignored", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "evil.js"), `require("node:fs").writeFileSync(${JSON.stringify(join(dir, "PWNED"))}, "x");`);
    writeFileSync(join(dir, "bunfig.toml"), 'preload = ["./evil.js"]\n');
    writeFileSync(join(dir, ".env"), "BUN_OPTIONS=--preload ./evil.js\n");
    const r = await pipelock(["check", "--offline", "--text", "hello"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(() => statSync(join(dir, "PWNED"))).toThrow();
  });

  test("config defaults prints a config that config validate accepts", async () => {
    const dir = tempDir();
    const d = await pipelock(["config", "defaults"], { cwd: dir });
    expect(d.code).toBe(0);
    expect(d.stdout).toContain("fetch_proxy:");
    writeFileSync(join(dir, "pipelock.yaml"), d.stdout);
    const v = await pipelock(["config", "validate", "pipelock.yaml"], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^ok: pipelock\.yaml/);
  });

  test("config validate reports every problem as file:line:col and exits 2", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "c.yaml"), "mode: strickt\nscan_api:\n  listen: nowhere\n");
    const r = await pipelock(["config", "validate", "c.yaml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/c\.yaml:1:7: /);
    expect(r.stderr).toMatch(/c\.yaml:3:11: must be host:port/);
  });

  test("rules list shows active rules; rules test passes every built-in example", async () => {
    const list = await pipelock(["rules", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/\d+ rules active/);
    const t = await pipelock(["rules", "test"]);
    expect(t.code).toBe(0);
    expect(t.stdout.match(/^ok /gm)?.length).toBeGreaterThanOrEqual(4);
    const one = await pipelock(["rules", "test", "pipelock-dlp"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^ok {3}pipelock-dlp 1\.0\.0: \d+ rules, \d+ examples pass/);
    expect(one.stdout.trim().split("\n")).toHaveLength(1);
  });

  test("rules test fails a pack whose examples fail, naming the example", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "p.yaml"), "name: p-pack\nversion: 1.0.0\nrules:\n  - id: p.rule\n    kind: dlp\n    severity: low\n    pattern: 'pp_[0-9]{4}'\n    keywords: [pp_]\n    examples:\n      match: [pp_12]\n      no_match: [qq]\n");
    const r = await pipelock(["rules", "test", "p.yaml"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/p\.yaml:10:15: rule "p\.rule": examples\.match\[0\] is not matched/);
  });

  test("rules lint accepts the example plugin and rejects a bad pack with file:line:col", async () => {
    const ok = await pipelock(["rules", "lint", join(REPO, "plugins/example-internal-tokens.yaml")]);
    expect(ok.code).toBe(0);
    const dir = tempDir();
    writeFileSync(join(dir, "bad.yaml"), "name: bad-pack\nversion: 1.0.0\nrules:\n  - id: bad.rule\n    kind: dlp\n    severity: high\n    pattern: '(a)\\1'\n    examples:\n      match: [aa]\n      no_match: [b]\n");
    const bad = await pipelock(["rules", "lint", "bad.yaml"], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.yaml:7:14: .*backreferences/);
  });

  test("keygen → sign → verify, and require_signed refuses unsigned or edited packs", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "plugins"));
    cpSync(join(REPO, "plugins/example-internal-tokens.yaml"), join(dir, "plugins/acme.yaml"));
    const kg = await pipelock(["rules", "keygen", "--out", "team.key"], { cwd: dir });
    expect(kg.code).toBe(0);
    expect(statSync(join(dir, "team.key")).mode & 0o777).toBe(0o600);
    const pub = /public key: ([0-9a-f]{64})/.exec(kg.stdout)![1]!;
    writeFileSync(join(dir, "pipelock.yaml"), `rules:\n  require_signed: true\n  trusted_keys:\n    - name: team\n      public_key: ${pub}\n`);

    const unsigned = await pipelock(["config", "validate", "pipelock.yaml"], { cwd: dir });
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toMatch(/acme\.yaml:1:1: pack is unsigned/);

    expect((await pipelock(["rules", "sign", "plugins/acme.yaml", "--key", "team.key"], { cwd: dir })).code).toBe(0);
    expect((await pipelock(["rules", "verify", "plugins/acme.yaml", "--config", "pipelock.yaml"], { cwd: dir })).code).toBe(0);
    const signed = await pipelock(["version", "--config", "pipelock.yaml"], { cwd: dir });
    expect(signed.stdout).toMatch(/example-internal-tokens .*signed by team/);
    const caught = await pipelock(["check", "--offline", "--config", "pipelock.yaml", "--text", "ACME=acme_live_Q8vN2xLp4TzR7bWm1KcYd9HsJf3GaE6u"], { cwd: dir });
    expect(caught.code).toBe(1);
    expect(caught.stdout).toContain("acme.service_token");

    const path = join(dir, "plugins/acme.yaml");
    writeFileSync(path, readFileSync(path, "utf8").replace("severity: critical", "severity: low"));
    const edited = await pipelock(["config", "validate", "pipelock.yaml"], { cwd: dir });
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(/does not verify/);
    expect((await pipelock(["rules", "verify", "plugins/acme.yaml", "--pubkey", pub], { cwd: dir })).code).toBe(1);
  });
});
