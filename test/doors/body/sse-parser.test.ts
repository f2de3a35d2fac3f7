/** The incremental SSE parser: line endings, fields, comments, chunking, bounds. */
import { describe, expect, test } from "bun:test";
import { eventScanText, serializeEvent, SseEventTooLarge, SseParser, type SseEvent } from "../../../src/doors/body/index.ts";

function parseAll(chunks: string[], max = 65536): SseEvent[] {
  const p = new SseParser(max);
  const out = chunks.flatMap((c) => p.push(c));
  const last = p.end();
  return last ? [...out, last] : out;
}

describe("SseParser", () => {
  test("fields, multi-line data, one leading space dropped", () => {
    const [ev] = parseAll(["event: delta\nid: 7\nretry: 100\ndata: line one\ndata:line two\ndata:  two spaces\nx-custom: extra\n\n"]);
    expect(ev).toMatchObject({ event: "delta", id: "7", retry: "100", data: "line one\nline two\n two spaces", other: ["extra"], commentOnly: false, incomplete: false });
    expect(eventScanText(ev!)).toBe("line one\nline two\n two spaces\ndelta\n7\n100\nextra");
  });

  test.each([
    ["LF", "data: a\n\ndata: b\n\n"],
    ["CRLF", "data: a\r\n\r\ndata: b\r\n\r\n"],
    ["CR", "data: a\r\rdata: b\r\r"],
  ])("%s line endings", (_n, text) => {
    expect(parseAll([text]).map((e) => e.data)).toEqual(["a", "b"]);
  });

  test("every split point of a stream gives the same events (CR/LF across chunks too)", () => {
    const text = "data: first\r\n\r\n: comment\r\ndata: sec\rdata: ond\r\rdata: third\n\n";
    const whole = parseAll([text]).map((e) => [e.data, e.commentOnly]);
    for (let i = 0; i <= text.length; i++) {
      expect(parseAll([text.slice(0, i), text.slice(i)]).map((e) => [e.data, e.commentOnly])).toEqual(whole);
    }
    expect(parseAll([...text]).map((e) => [e.data, e.commentOnly])).toEqual(whole);
  });

  test("comments are dropped from events; a comment-only block is a keep-alive", () => {
    const events = parseAll([": keep-alive\n\ndata: x\n: inline comment\n\n"]);
    expect(events.map((e) => e.commentOnly)).toEqual([true, false]);
    expect(events.map(serializeEvent)).toEqual([":\n\n", "data: x\n\n"]);
  });

  test("a BOM at the start is dropped; extra blank lines dispatch nothing", () => {
    expect(parseAll(["\uFEFFdata: a\n\n\n\n\ndata: b\n\n"]).map((e) => e.data)).toEqual(["a", "b"]);
  });

  test("an event cut off by the end of the stream comes out as incomplete", () => {
    const events = parseAll(["data: a\n\ndata: partial"]);
    expect(events.map((e) => [e.data, e.incomplete])).toEqual([["a", false], ["partial", true]]);
  });

  test("an event over the bound throws while it accumulates (lines and partial lines)", () => {
    expect(() => parseAll(["data: " + "x".repeat(100) + "\n"], 64)).toThrow(SseEventTooLarge);
    const p = new SseParser(64);
    expect(() => {
      for (let i = 0; i < 100; i++) p.push("y");
    }).toThrow(SseEventTooLarge);
    expect(() => parseAll(["data: 1\n".repeat(20)], 64)).toThrow(SseEventTooLarge);
  });
});
