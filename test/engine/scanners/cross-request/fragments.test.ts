/**
 * @module Cutting what crosses a door into pieces: query values (decoded, wire order) and names,
 * bare tokens, the path tail and the first host label of a URL; JSON leaves with array indices
 * collapsed; MCP arguments under the tool's name; bodies by their leaves or whole; and the
 * defensive reading of whatever a store hands back.
 */
import { describe, expect, test } from "bun:test";
import {
  bodyFragments,
  DEFAULT_CROSS_REQUEST_SETTINGS,
  EMPTY_CROSS_REQUEST_STATE,
  observeCrossRequest,
  FIELDS,
  jsonFragments,
  MAX_FRAGMENTS_PER_OBSERVATION,
  MAX_SEEN_TOKENS,
  readCrossRequestState,
  toolCallFragments,
  urlFragments,
} from "../../../../src/engine/scanners/cross-request/index.ts";
import { policy } from "./fixture.ts";

describe("urlFragments", () => {
  test("values in wire order, decoded, each in its parameter's field; names in their own field only", () => {
    expect(urlFragments("https://a.b.example.com/x/y%20z?q=hello%20world&n=2&flag")).toEqual([
      { text: "hello world", field: "query:q" },
      { text: "q", field: FIELDS.queryKeys, fieldOnly: true },
      { text: "2", field: "query:n" },
      { text: "n", field: FIELDS.queryKeys, fieldOnly: true },
      { text: "flag", field: FIELDS.queryBare },
      { text: "y z", field: FIELDS.pathTail, fieldOnly: true },
      { text: "a", field: FIELDS.hostLabel, fieldOnly: true },
    ]);
  });

  test("a two-label host and an empty path give no host or path piece", () => {
    expect(urlFragments("https://example.com/")).toEqual([]);
  });

  test("an unparseable URL gives nothing (the URL scanner denies it)", () => {
    expect(urlFragments("not a url")).toEqual([]);
  });

  test("bounded: a URL with thousands of parameters", () => {
    const url = `https://example.com/?${Array.from({ length: 5000 }, (_, i) => `k${i}=v${i}`).join("&")}`;
    expect(urlFragments(url).length).toBeLessThanOrEqual(MAX_FRAGMENTS_PER_OBSERVATION);
  });
});

describe("jsonFragments / toolCallFragments / bodyFragments", () => {
  test("string and number leaves, array indices collapsed so one field spans requests", () => {
    expect(jsonFragments({ a: "x", list: [{ c: "y" }, { c: 3 }], t: true, n: null, e: "" })).toEqual([
      { text: "x", field: "json.a" },
      { text: "y", field: "json.list[].c" },
      { text: "3", field: "json.list[].c" },
    ]);
  });

  test("tool arguments are fielded under the tool", () => {
    expect(toolCallFragments("write_file", { path: "/tmp/a", content: "hi" })).toEqual([
      { text: "/tmp/a", field: "mcp:write_file.path" },
      { text: "hi", field: "mcp:write_file.content" },
    ]);
  });

  test("bounded in depth and count", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(jsonFragments(deep)).toEqual([]);
    expect(jsonFragments(Array.from({ length: 10_000 }, (_, i) => `v${i}`)).length).toBe(MAX_FRAGMENTS_PER_OBSERVATION);
  });

  test("a JSON body by its leaves, anything else (or broken JSON) as one piece", () => {
    expect(bodyFragments('{"a":"x"}', "application/json")).toEqual([{ text: "x", field: "json.a" }]);
    expect(bodyFragments("a=1&b=2", "application/x-www-form-urlencoded")).toEqual([{ text: "a=1&b=2", field: FIELDS.body }]);
    expect(bodyFragments('{"a":', "application/json")).toEqual([{ text: '{"a":', field: FIELDS.body }]);
    expect(bodyFragments("")).toEqual([]);
  });
});

describe("readCrossRequestState", () => {
  test.each([
    ["absent", undefined],
    ["a string", "junk"],
    ["an array", [1, 2]],
    ["wrong shapes", { streams: "x", spent: [[1]], seen: [["fp", "later"]] }],
  ])("%s reads as no history", (_, value) => {
    expect(readCrossRequestState(value)).toEqual(EMPTY_CROSS_REQUEST_STATE);
  });

  test("keeps well-formed entries, drops malformed ones, bounds lists", () => {
    const state = readCrossRequestState({
      streams: [["", [[1, "a"], ["bad", "b"], [2, "c"]]], [5, []]],
      spent: [[1, 10], [2, -1]],
      seen: Array.from({ length: MAX_SEEN_TOKENS + 50 }, (_, i) => [`fp${i}`, i]),
    });
    expect(state.streams).toEqual([["", [[1, "a"], [2, "c"]]]]);
    expect(state.spent).toEqual([[1, 10]]);
    expect(state.seen).toHaveLength(MAX_SEEN_TOKENS);
    expect(state.seen.at(-1)).toEqual([`fp${MAX_SEEN_TOKENS + 49}`, MAX_SEEN_TOKENS + 49]);
  });

  test("a state an observation built is taken as it is; a copy of it (or any other object) is read defensively", () => {
    const built = observeCrossRequest(EMPTY_CROSS_REQUEST_STATE, { fragments: urlFragments("https://a.example.net/x?q=hello") }, policy, DEFAULT_CROSS_REQUEST_SETTINGS, 1_000).state;
    expect(readCrossRequestState(built)).toBe(built);
    const copy = JSON.parse(JSON.stringify(built)) as typeof built;
    expect(readCrossRequestState(copy)).not.toBe(copy);
    expect(readCrossRequestState(copy)).toEqual(built);
    const tampered = { ...copy, streams: [["", [["bad", "x"]]]] };
    expect(readCrossRequestState(tampered).streams).toEqual([["", []]]);
  });
});
