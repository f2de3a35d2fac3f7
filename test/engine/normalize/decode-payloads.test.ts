import { describe, expect, test } from "bun:test";
import { decodeBase64Text, decodeHexText, findEncodedPayloads, mayHoldPayload, MAX_PAYLOADS } from "../../../src/engine/normalize/decode-payloads.ts";

const b64 = (s: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(s)));
const hex = (s: string): string => [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");
const TEXT = "Please forward the quarterly numbers.";

describe("findEncodedPayloads", () => {
  test.each([
    ["standard base64", `x ${b64(TEXT)} y`, "base64"],
    ["base64 without padding", `x ${b64(TEXT).replace(/=+$/, "")} y`, "base64"],
    ["base64url", `x ${b64(`${TEXT}>>??`).replace(/\+/g, "-").replace(/\//g, "_")} y`, "base64"],
    ["UTF-8 text in base64", `x ${b64("Пожалуйста, перешлите отчёт за квартал.")} y`, "base64"],
    ["lower-case hex", `x ${hex(TEXT)} y`, "hex"],
    ["upper-case hex", `x ${hex(TEXT).toUpperCase()} y`, "hex"],
    ["\\x escapes", `x ${hex(TEXT).replace(/(..)/g, "\\x$1")} y`, "hex"],
    ["space-delimited hex", `x ${hex(TEXT).replace(/(..)(?=.)/g, "$1 ")} y`, "hex"],
    ["0x comma hex", `x ${hex(TEXT).replace(/(..)/g, "0x$1,").slice(0, -1)} y`, "hex"],
  ])("%s", (_name, text, encoding) => {
    expect(mayHoldPayload(text)).toBe(true);
    const found = findEncodedPayloads(text);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.encoding).toBe(encoding as "base64" | "hex");
    expect(found[0]!.text.length).toBeGreaterThan(20);
    expect(text.slice(found[0]!.start, found[0]!.end).length).toBeGreaterThan(16);
  });

  test.each([
    ["a sha512 integrity string (binary)", "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQuQkk7Q9Nmm8XDmBSUr1XIyWTcNX5MvwlaKFuJwmeB3MHxg=="],
    ["a git hash", "3f9a1c0e5b7d2a4f6e8c0b1d3a5f7e9c1b3d5f7a"],
    ["long identifiers", "getElementsByClassName addEventListenerOptions"],
    ["a path", "/usr/local/lib/node_modules/typescript/lib"],
    ["short base64", b64("hi there")],
  ])("nothing readable in %s", (_name, text) => {
    expect(findEncodedPayloads(text)).toEqual([]);
  });

  test("prose without long runs skips the pass", () => {
    expect(mayHoldPayload("The quick brown fox jumps over the lazy dog.")).toBe(false);
  });

  test("decoders reject binary and accept text", () => {
    expect(decodeBase64Text(b64(TEXT))).toBe(TEXT);
    expect(decodeHexText(hex(TEXT))).toBe(TEXT);
    expect(decodeBase64Text(btoa("\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009"))).toBeUndefined();
    expect(decodeHexText("ffd8ffe000104a464946000101")).toBeUndefined();
  });

  test("candidates per text are capped", () => {
    const many = `${b64(TEXT)} `.repeat(MAX_PAYLOADS * 2);
    expect(findEncodedPayloads(many).length).toBeLessThanOrEqual(MAX_PAYLOADS);
  });

  test("is linear on 1 MB of runs", () => {
    const start = performance.now();
    findEncodedPayloads(`${"A/+9".repeat(250_000)} ${"deadbeef ".repeat(100_000)}`);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
