/**
 * @module The fragment buffer's bounds: fragments expire after the window, a stream keeps only its
 * newest characters (an oversized piece its newest suffix), field streams are bounded in number with
 * the least recently fed dropped, and a session's total never passes `maxBufferChars` however much
 * it sends.
 */
import { describe, expect, test } from "bun:test";
import {
  DEFAULT_CROSS_REQUEST_SETTINGS,
  EMPTY_CROSS_REQUEST_STATE,
  FIELD_STREAM_CHARS,
  MAX_FIELD_STREAMS,
  REASSEMBLY_REACH_CHARS,
  SESSION_STREAM,
  advanceCrossRequest,
  streamBounds,
  type CrossRequestSettings,
  type CrossRequestState,
} from "../../../../src/engine/scanners/cross-request/index.ts";
import { fakeChars } from "./fixture.ts";

const settings = DEFAULT_CROSS_REQUEST_SETTINGS;
const withBuffer = (maxBufferChars: number): CrossRequestSettings => ({ ...settings, fragments: { ...settings.fragments, maxBufferChars } });
const charsOf = (s: CrossRequestState) => s.streams.reduce((n, [, f]) => n + f.reduce((m, [, t]) => m + t.length, 0), 0);
const stream = (s: CrossRequestState, name: string) => s.streams.find(([n]) => n === name)?.[1] ?? [];

function send(state: CrossRequestState, text: string, at: number, field?: string, s: CrossRequestSettings = settings): CrossRequestState {
  return advanceCrossRequest(state, { fragments: [{ text, ...(field ? { field } : {}) }] }, s, at).state;
}

describe("expiry", () => {
  test("fragments older than the window are forgotten; newer ones kept", () => {
    const window = settings.fragments.windowMs;
    let s = send(EMPTY_CROSS_REQUEST_STATE, "first", 1000);
    s = send(s, "second", 1000 + window - 1);
    expect(stream(s, SESSION_STREAM).map(([, t]) => t)).toEqual(["first", "second"]);
    s = send(s, "third", 1000 + window);
    expect(stream(s, SESSION_STREAM).map(([, t]) => t)).toEqual(["second", "third"]);
  });

  test("a stream whose fragments all expired disappears", () => {
    let s = send(EMPTY_CROSS_REQUEST_STATE, "x", 1000, "q");
    s = send(s, "y", 1000 + settings.fragments.windowMs + 1);
    expect(s.streams.map(([n]) => n)).toEqual([SESSION_STREAM]);
  });
});

describe("size bounds", () => {
  test("the session stream keeps at most its reach; an oversized piece keeps its newest suffix", () => {
    const big = fakeChars(3, REASSEMBLY_REACH_CHARS * 3);
    const s = send(EMPTY_CROSS_REQUEST_STATE, big, 1000);
    const kept = stream(s, SESSION_STREAM);
    expect(kept).toHaveLength(1);
    expect(kept[0]![1]).toBe(big.slice(-REASSEMBLY_REACH_CHARS));
  });

  test("a field stream keeps at most FIELD_STREAM_CHARS, oldest pieces evicted first", () => {
    let s = EMPTY_CROSS_REQUEST_STATE;
    for (let i = 0; i < 100; i++) s = send(s, `${i}:${fakeChars(i + 1, 40)}`, 1000 + i, "q");
    const kept = stream(s, "f:q").map(([, t]) => t);
    expect(kept.join("").length).toBeLessThanOrEqual(FIELD_STREAM_CHARS);
    expect(kept.at(-1)).toStartWith("99:");
  });

  test("field streams are bounded in number; the least recently fed is dropped", () => {
    let s = EMPTY_CROSS_REQUEST_STATE;
    for (let i = 0; i < MAX_FIELD_STREAMS + 10; i++) s = send(s, `v${i}`, 1000 + i, `field${i}`);
    const names = s.streams.map(([n]) => n).filter((n) => n !== SESSION_STREAM);
    expect(names).toHaveLength(MAX_FIELD_STREAMS);
    expect(names).not.toContain("f:field0");
    expect(names).toContain(`f:field${MAX_FIELD_STREAMS + 9}`);
  });

  test("whatever a session sends, its total stays within maxBufferChars", () => {
    for (const max of [2048, 8192, 65_536]) {
      const s0 = withBuffer(max);
      let s = EMPTY_CROSS_REQUEST_STATE;
      for (let i = 0; i < 400; i++) {
        s = advanceCrossRequest(s, { fragments: [{ text: fakeChars(i + 1, 300 + (i % 7) * 200), field: `f${i % 50}` }, { text: fakeChars(i + 9, 5000) }] }, s0, 1000 + i).state;
        expect(charsOf(s)).toBeLessThanOrEqual(max);
      }
    }
  });

  test("bounds derive from the buffer: half for the session stream (up to the reach), the rest for fields", () => {
    expect(streamBounds(settings.fragments)).toEqual({ sessionChars: REASSEMBLY_REACH_CHARS, fieldChars: FIELD_STREAM_CHARS, fieldStreams: MAX_FIELD_STREAMS });
    expect(streamBounds({ ...settings.fragments, maxBufferChars: 4096 })).toEqual({ sessionChars: REASSEMBLY_REACH_CHARS, fieldChars: FIELD_STREAM_CHARS, fieldStreams: 7 });
    expect(streamBounds({ ...settings.fragments, maxBufferChars: 600 })).toEqual({ sessionChars: 300, fieldChars: 300, fieldStreams: 1 });
  });
});

describe("regions", () => {
  test("the first piece has nothing before it; the next sees the earlier piece", () => {
    const first = advanceCrossRequest(EMPTY_CROSS_REQUEST_STATE, { fragments: [{ text: "abc" }] }, settings, 1000);
    expect(first.regions).toEqual([{ stream: SESSION_STREAM, prior: [], added: ["abc"] }]);
    const second = advanceCrossRequest(first.state, { fragments: [{ text: "def" }] }, settings, 2000);
    expect(second.regions).toEqual([{ stream: SESSION_STREAM, prior: ["abc"], added: ["def"] }]);
  });

  test("a field-only piece feeds its field, not the session stream", () => {
    const r = advanceCrossRequest(EMPTY_CROSS_REQUEST_STATE, { fragments: [{ text: "k", field: "query-keys", fieldOnly: true }] }, settings, 1000);
    expect(r.state.streams.map(([n]) => n)).toEqual(["f:query-keys"]);
  });

  test("a field repeating its last value stores and joins nothing new; the session stream keeps repeats", () => {
    let s = send(EMPTY_CROSS_REQUEST_STATE, "open", 1000, "query:state");
    const again = advanceCrossRequest(s, { fragments: [{ text: "open", field: "query:state" }] }, settings, 2000);
    s = again.state;
    expect(stream(s, "f:query:state").map(([, t]) => t)).toEqual(["open"]);
    expect(stream(s, SESSION_STREAM).map(([, t]) => t)).toEqual(["open", "open"]);
    expect(again.regions.map((r) => r.stream)).toEqual([SESSION_STREAM]);
  });

  test("a hostile observation (hundreds of fields, huge pieces) yields bounded work: few regions, each within the reach", () => {
    const big = fakeChars(1, 20_000);
    const fragments = Array.from({ length: 2000 }, (_, i) => ({ text: `${i}${big}`, field: `f${i % 600}` }));
    const r = advanceCrossRequest(EMPTY_CROSS_REQUEST_STATE, { fragments }, settings, 1000);
    expect(r.regions.length).toBeLessThanOrEqual(1 + MAX_FIELD_STREAMS);
    for (const region of r.regions) expect([...region.prior, ...region.added].join("").length).toBeLessThanOrEqual(2 * REASSEMBLY_REACH_CHARS);
  });

  test("empty pieces are ignored", () => {
    expect(advanceCrossRequest(EMPTY_CROSS_REQUEST_STATE, { fragments: [{ text: "" }] }, settings, 1000).state.streams).toEqual([]);
  });
});
