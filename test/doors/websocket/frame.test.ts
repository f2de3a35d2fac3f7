/** @module RFC 6455 frame codec: encode/parse round trips in any byte split, and every header rule. */
import { describe, expect, test } from "bun:test";
import { MessageAssembler } from "../../../src/doors/websocket/assembler.ts";
import { CLOSE, closePayload, encodeFrame, fitReason, OPCODE, parseClosePayload, type Frame } from "../../../src/doors/websocket/frame.ts";
import { FrameParser, isViolation, type FrameViolation } from "../../../src/doors/websocket/frame-parser.ts";

const bytes = (n: number, fill = 0x61) => new Uint8Array(n).fill(fill);
const parseAll = (parser: FrameParser): (Frame | FrameViolation)[] => {
  const out: (Frame | FrameViolation)[] = [];
  for (let f = parser.next(); f !== undefined; f = parser.next()) {
    out.push(f);
    if (isViolation(f)) break;
  }
  return out;
};

describe("encode → parse", () => {
  test.each([0, 1, 125, 126, 65_535, 65_536, 200_000])("payload of %i bytes, masked and unmasked, fed in 7-byte pieces", (n) => {
    for (const mask of [true, false]) {
      const payload = bytes(n, n & 0xff);
      const wire = encodeFrame(OPCODE.binary, payload, { mask });
      const parser = new FrameParser({ maxFrameBytes: 1 << 20, from: mask ? "client" : "server" });
      for (let i = 0; i < wire.length; i += 7) parser.push(wire.subarray(i, i + 7));
      const frames = parseAll(parser);
      expect(frames).toHaveLength(1);
      const f = frames[0] as Frame;
      expect(f.opcode).toBe(OPCODE.binary);
      expect(f.fin).toBe(true);
      expect(f.masked).toBe(mask);
      expect(Buffer.from(f.payload).equals(Buffer.from(payload))).toBe(true);
      expect(parser.buffered).toBe(0);
    }
  });

  test("header length forms are the shortest", () => {
    expect(encodeFrame(OPCODE.text, bytes(125))[1]).toBe(125);
    expect(encodeFrame(OPCODE.text, bytes(126))[1]).toBe(126);
    expect(encodeFrame(OPCODE.text, bytes(65_536))[1]).toBe(127);
    expect(encodeFrame(OPCODE.text, bytes(3), { mask: true })[1]).toBe(0x80 | 3);
  });

  test("many frames in one chunk, split at every byte boundary", () => {
    const wire = Buffer.concat([
      encodeFrame(OPCODE.text, new TextEncoder().encode("hel"), { fin: false, mask: true }),
      encodeFrame(OPCODE.ping, new TextEncoder().encode("p"), { mask: true }),
      encodeFrame(OPCODE.continuation, new TextEncoder().encode("lo"), { mask: true }),
    ]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const parser = new FrameParser({ maxFrameBytes: 100, from: "client" });
      parser.push(wire.subarray(0, cut));
      const first = parseAll(parser);
      parser.push(wire.subarray(cut));
      const frames = [...first, ...parseAll(parser)] as Frame[];
      expect(frames.map((f) => f.opcode)).toEqual([OPCODE.text, OPCODE.ping, OPCODE.continuation]);
      expect(frames.map((f) => new TextDecoder().decode(f.payload))).toEqual(["hel", "p", "lo"]);
    }
  });
});

describe("violations", () => {
  const raw = (...b: number[]) => Uint8Array.from(b);
  test.each([
    ["RSV1 (compression)", raw(0xc1, 0x80, 0, 0, 0, 0), "client", CLOSE.protocolError, /RSV1/],
    ["RSV2", raw(0xa1, 0x80, 0, 0, 0, 0), "client", CLOSE.protocolError, /reserved/],
    ["unknown opcode 3", raw(0x83, 0x80, 0, 0, 0, 0), "client", CLOSE.protocolError, /opcode 3/],
    ["unknown opcode 0xB", raw(0x8b, 0x80, 0, 0, 0, 0), "client", CLOSE.protocolError, /opcode 11/],
    ["fragmented ping", raw(0x09, 0x80, 0, 0, 0, 0), "client", CLOSE.protocolError, /fragmented control/],
    ["ping of 126 bytes", raw(0x89, 0xfe, 0, 126), "client", CLOSE.protocolError, /125/],
    ["unmasked client frame", raw(0x81, 0x01, 0x61), "client", CLOSE.protocolError, /unmasked/],
    ["masked server frame", raw(0x81, 0x81, 0, 0, 0, 0, 0x61), "server", CLOSE.protocolError, /masked frame from the server/],
    ["16-bit length over the limit", raw(0x82, 0x7e, 0x04, 0x01), "server", CLOSE.tooBig, /over the 1024-byte limit/],
    ["64-bit length over the limit, no payload sent", raw(0x82, 0x7f, 0, 0, 0, 1, 0, 0, 0, 0), "server", CLOSE.tooBig, /limit/],
    ["64-bit length with top bit", raw(0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0), "server", CLOSE.protocolError, /top bit/],
  ] as const)("%s", (_name, wire, from, code, why) => {
    const parser = new FrameParser({ maxFrameBytes: 1024, from });
    parser.push(wire);
    const v = parser.next() as FrameViolation;
    expect(isViolation(v)).toBe(true);
    expect(v.code).toBe(code);
    expect(v.why).toMatch(why);
    parser.push(encodeFrame(OPCODE.text, bytes(1)));
    expect(parser.next()).toBe(v);
  });
});

describe("assembler", () => {
  const f = (opcode: number, text: string, fin = true): Frame => ({ fin, rsv: 0, opcode, masked: false, payload: new TextEncoder().encode(text) });

  test("fragments with a ping between them become one message; the ping passes at once", () => {
    const a = new MessageAssembler(100);
    expect(a.accept(f(OPCODE.text, "sec", false))).toEqual({ kind: "partial" });
    expect(a.accept(f(OPCODE.ping, "x"))).toMatchObject({ kind: "control" });
    expect(a.inMessage).toBe(true);
    expect(a.accept(f(OPCODE.continuation, "ret", false))).toEqual({ kind: "partial" });
    const m = a.accept(f(OPCODE.continuation, "!")) as { kind: "message"; data: Uint8Array; fragments: number };
    expect(m.kind).toBe("message");
    expect(new TextDecoder().decode(m.data)).toBe("secret!");
    expect(m.fragments).toBe(3);
    expect(a.inMessage).toBe(false);
  });

  test.each([
    ["continuation without a start", [f(OPCODE.continuation, "x")], CLOSE.protocolError],
    ["new text frame mid-message", [f(OPCODE.text, "a", false), f(OPCODE.text, "b")], CLOSE.protocolError],
    ["total over the limit across fragments", [f(OPCODE.text, "12345", false), f(OPCODE.continuation, "678901")], CLOSE.tooBig],
  ])("%s → close %i", (_name, frames, code) => {
    const a = new MessageAssembler(10);
    let last;
    for (const fr of frames) last = a.accept(fr);
    expect(last).toMatchObject({ violation: true, code });
  });
});

describe("close payloads", () => {
  test.each([
    [Uint8Array.of(), { ok: true, reason: "" }],
    [closePayload(1000, "bye"), { ok: true, code: 1000, reason: "bye" }],
    [closePayload(4000), { ok: true, code: 4000, reason: "" }],
    [Uint8Array.of(3), { ok: false, code: CLOSE.protocolError }],
    [closePayload(1005), { ok: false, code: CLOSE.protocolError }],
    [closePayload(1006), { ok: false, code: CLOSE.protocolError }],
    [closePayload(999), { ok: false, code: CLOSE.protocolError }],
    [closePayload(2000), { ok: false, code: CLOSE.protocolError }],
    [Uint8Array.of(0x03, 0xe8, 0xff), { ok: false, code: CLOSE.invalidPayload }],
  ])("%j", (payload, expected) => {
    expect(parseClosePayload(payload)).toMatchObject(expected);
  });

  test("a long reason is cut at 123 bytes without splitting a character", () => {
    const r = fitReason("é".repeat(100));
    expect(r.length).toBe(122);
    expect(new TextDecoder("utf-8", { fatal: true }).decode(r)).toBe("é".repeat(61));
  });
});
