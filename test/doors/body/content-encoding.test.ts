/** Content-Encoding decoding: each coding, stacks, unknown, corrupt, and bombs stopped while inflating. */
import { describe, expect, test } from "bun:test";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { decodeContentEncoding, isDecodeFailure } from "../../../src/doors/body/index.ts";

const plain = Buffer.from("hello body ".repeat(100));
const MIB = 1024 * 1024;

describe("decodeContentEncoding", () => {
  const ok: [string, string | undefined, Uint8Array][] = [
    ["identity (absent)", undefined, plain],
    ["identity (named)", "identity", plain],
    ["gzip", "gzip", gzipSync(plain)],
    ["x-gzip", "x-gzip", gzipSync(plain)],
    ["deflate (zlib-wrapped)", "deflate", deflateSync(plain)],
    ["deflate (raw)", "deflate", deflateRawSync(plain)],
    ["br", "br", brotliCompressSync(plain)],
    ["gzip then br", "gzip, br", brotliCompressSync(gzipSync(plain))],
    ["case and spaces", " GZIP ,identity", gzipSync(plain)],
  ];
  test.each(ok)("%s", (_name, encoding, bytes) => {
    const out = decodeContentEncoding(bytes, encoding, MIB);
    expect(isDecodeFailure(out)).toBe(false);
    expect(Buffer.from(out as Uint8Array).equals(new Uint8Array(plain))).toBe(true);
  });

  const bad: [string, string, Uint8Array, string][] = [
    ["an unknown coding", "compress", plain, "unknown_encoding"],
    ["zstd (not supported here)", "zstd", plain, "unknown_encoding"],
    ["corrupt gzip", "gzip", Buffer.from("not gzip at all"), "corrupt_encoding"],
    ["corrupt br", "br", Buffer.from([0xff, 0xff, 0xff, 0xff]), "corrupt_encoding"],
    ["the layers in the wrong order", "br, gzip", brotliCompressSync(gzipSync(plain)), "corrupt_encoding"],
    ["five stacked layers", "gzip,gzip,gzip,gzip,gzip", plain, "too_many_encodings"],
  ];
  test.each(bad)("%s fails closed", (_name, encoding, bytes, failure) => {
    const out = decodeContentEncoding(bytes, encoding, MIB);
    expect(isDecodeFailure(out) ? out.failure : "decoded").toBe(failure);
  });

  const bomb = Buffer.alloc(64 * MIB, 0x41);
  const bombs: [string, Uint8Array][] = [
    ["gzip", gzipSync(bomb)],
    ["deflate", deflateSync(bomb)],
    ["br", brotliCompressSync(bomb)],
  ];
  test.each(bombs)("a %s bomb (64 MiB from a few KiB) stops at the bound", (encoding, bytes) => {
    expect(bytes.byteLength).toBeLessThan(MIB);
    const out = decodeContentEncoding(bytes, encoding, MIB);
    expect(isDecodeFailure(out) && out.failure).toBe("decoded_too_large");
  });

  test("a stacked bomb stops in the inner layer too", () => {
    const out = decodeContentEncoding(gzipSync(gzipSync(bomb)), "gzip, gzip", MIB);
    expect(isDecodeFailure(out) && out.failure).toBe("decoded_too_large");
  });

  test("output exactly at the bound decodes; one byte over does not", () => {
    const exact = Buffer.alloc(4096, 0x42);
    expect(isDecodeFailure(decodeContentEncoding(gzipSync(exact), "gzip", 4096))).toBe(false);
    expect(isDecodeFailure(decodeContentEncoding(gzipSync(exact), "gzip", 4095))).toBe(true);
  });

  test("an input over the bound is refused before decoding", () => {
    const out = decodeContentEncoding(plain, undefined, 10);
    expect(isDecodeFailure(out) && out.failure).toBe("decoded_too_large");
  });
});
