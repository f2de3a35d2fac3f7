/** @module DER encoder and reader: exact bytes for the X.509 building blocks, and round trips. */
import { describe, expect, test } from "bun:test";
import { bitString, fromPem, integer, namedBits, oid, sequence, time, tlv, toPem, utf8String } from "../../../src/doors/tls/der.ts";
import { children, decodeOid, DerError, readTlv } from "../../../src/doors/tls/der-read.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("encoder", () => {
  test.each([
    ["integer 0", integer(0), "020100"],
    ["integer 127", integer(127), "02017f"],
    ["integer 128 gets a leading zero", integer(128), "02020080"],
    ["integer 2 (v3)", integer(2), "020102"],
    ["integer from bytes strips leading zeros", integer(Uint8Array.of(0, 0, 1, 2)), "02020102"],
    ["integer from high-bit bytes", integer(Uint8Array.of(0xff)), "020200ff"],
    ["oid ecdsa-with-SHA256", oid("1.2.840.10045.4.3.2"), "06082a8648ce3d040302"],
    ["oid commonName", oid("2.5.4.3"), "0603550403"],
    ["oid serverAuth", oid("1.3.6.1.5.5.7.3.1"), "06082b06010505070301"],
    ["keyUsage keyCertSign|cRLSign", namedBits([5, 6]), "03020106"],
    ["keyUsage digitalSignature", namedBits([0]), "03020780"],
    ["keyUsage digitalSignature|keyCertSign|cRLSign", namedBits([0, 5, 6]), "03020186"],
    ["bit string", bitString(Uint8Array.of(1, 2)), "0303000102"],
    ["UTCTime in 2026", time(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))), hex(new TextEncoder().encode("\x17\x0d260102030405Z"))],
    ["GeneralizedTime from 2050", time(new Date(Date.UTC(2050, 0, 1, 0, 0, 0))), hex(new TextEncoder().encode("\x18\x0f20500101000000Z"))],
    ["empty sequence", sequence(), "3000"],
    ["utf8", utf8String("é"), "0c02c3a9"],
  ])("%s", (_name, bytes, expected) => {
    expect(hex(bytes)).toBe(expected);
  });

  test.each([
    [0, "00"],
    [127, "7f"],
    [128, "8180"],
    [255, "81ff"],
    [256, "820100"],
    [70_000, "83011170"],
  ])("length %i uses the shortest form", (length, encoded) => {
    const bytes = tlv(0x04, new Uint8Array(length));
    expect(hex(bytes.subarray(1, 1 + encoded.length / 2))).toBe(encoded);
  });

  test.each(["", "1", "3.1", "1.2.x"])("bad OID %p throws", (bad) => {
    expect(() => oid(bad)).toThrow();
  });

  test("PEM round trip", () => {
    const der = sequence(integer(5), oid("2.5.4.3"));
    const pem = toPem("CERTIFICATE", der);
    expect(pem).toStartWith("-----BEGIN CERTIFICATE-----\n");
    expect(hex(fromPem(pem, "CERTIFICATE")!)).toBe(hex(der));
    expect(fromPem(pem, "PRIVATE KEY")).toBeUndefined();
  });
});

describe("reader", () => {
  test("walks what the encoder wrote", () => {
    const der = sequence(integer(5), oid("1.2.840.10045.4.3.2"), tlv(0x04, new Uint8Array(300)));
    const top = readTlv(der, 0);
    const kids = children(der, top);
    expect(kids.map((k) => k.tag)).toEqual([0x02, 0x06, 0x04]);
    expect(decodeOid(der.subarray(kids[1]!.headerEnd, kids[1]!.end))).toBe("1.2.840.10045.4.3.2");
    expect(kids[2]!.end - kids[2]!.headerEnd).toBe(300);
  });

  test.each([
    ["truncated header", Uint8Array.of(0x30)],
    ["length past the end", Uint8Array.of(0x30, 0x05, 0x01)],
    ["indefinite length", Uint8Array.of(0x30, 0x80, 0, 0)],
    ["five length bytes", Uint8Array.of(0x30, 0x85, 1, 1, 1, 1, 1)],
    ["multi-byte tag", Uint8Array.of(0x1f, 0x01, 0x00)],
  ])("%s → DerError", (_name, bytes) => {
    expect(() => children(bytes, readTlv(bytes, 0))).toThrow(DerError);
  });
});
