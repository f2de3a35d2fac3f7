/** @module dlp.secrets_file: parsing, file permissions, and the secrets reaching DLP in every encoding. */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromText } from "../../src/config/index.ts";
import { scan } from "../../src/engine/index.ts";
import { buildPolicy } from "../../src/policy/index.ts";
import { parseSecretsText, readSecretsFile } from "../../src/policy/secrets-file.ts";

const dir = mkdtempSync(join(tmpdir(), "plk-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Made-up value: no vendor format, so only the secrets file can catch it.
const SECRET = "q7Zt-internal-Kx93vW2LmR8pN4sB";

function writeFile(name: string, text: string, mode: number): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  chmodSync(p, mode);
  return p;
}

describe("parseSecretsText", () => {
  test("strips BOM, comments, blanks, short, NUL and duplicate lines", () => {
    const text = `\uFEFF# comment\n\n${SECRET}\nshort\n${SECRET}\nbad\u0000value-long-enough-123\r\n  another-secret-value-0042  \n`;
    expect(parseSecretsText(text, 16).map((s) => s.value)).toEqual([SECRET, "another-secret-value-0042"]);
  });
  test("names say the line, never the value", () => {
    const [s] = parseSecretsText(`#x\n${SECRET}\n`, 16);
    expect(s?.name).toBe("secrets_file:2");
  });
});

describe("readSecretsFile", () => {
  test.each([
    [0o600, true],
    [0o640, true],
    [0o660, false],
    [0o644, false],
    [0o604, false],
  ])("mode %o accepted: %p", (mode, ok) => {
    const p = writeFile(`m${mode.toString(8)}`, `${SECRET}\n`, mode);
    const r = readSecretsFile(p, 16);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.message).toMatch(/chmod 600/);
  });
  test("a missing file is an error, not a crash", () => {
    const r = readSecretsFile(join(dir, "nope"), 16);
    expect(r).toMatchObject({ ok: false });
  });
});

describe("buildPolicy with dlp.secrets_file", () => {
  const path = writeFile("secrets.txt", `${SECRET}\n`, 0o600);
  const built = buildPolicy(
    (() => {
      const r = fromText(`dlp:\n  scan_env: false\n  secrets_file: ${path}\n`, join(dir, "c.yaml"), dir);
      if (!r.ok) throw new Error("config");
      return r.loaded;
    })(),
  );
  test("the policy builds", () => expect(built.ok).toBe(true));
  const policy = built.ok ? built.build.policy : undefined;
  test.each([
    ["raw", `payload=${SECRET}`],
    ["base64", `payload=${Buffer.from(SECRET).toString("base64")}`],
    ["hex", `payload=${Buffer.from(SECRET).toString("hex")}`],
  ])("a %s copy of a listed secret is denied and never echoed", async (_enc, text) => {
    const v = await scan(policy!, { kind: "text", text });
    expect(v.decision).toBe("deny");
    expect(JSON.stringify(v)).not.toContain(SECRET);
  });
  test("other text passes", async () => {
    expect((await scan(policy!, { kind: "text", text: "payload=hello world" })).decision).toBe("allow");
  });
  test("a world-readable secrets file stops the policy from building", () => {
    const loose = writeFile("loose.txt", `${SECRET}\n`, 0o644);
    const r = fromText(`dlp:\n  secrets_file: ${loose}\n`, join(dir, "c2.yaml"), dir);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const b = buildPolicy(r.loaded);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.issues[0]?.message).toMatch(/secrets_file.*mode 644/);
  });
});
