import { describe, expect, test } from "bun:test";
import { groupsFor } from "../../bench/eval/groups.ts";
import { doorDenial, httpUrl, subjectsFor, type CorpusCase } from "../../bench/eval/subjects.ts";

const egress = (input_type: string, payload: Record<string, unknown>): CorpusCase => ({ id: "aeb-x-1", label: "attack", category: "x", input_type, payload });

describe("agent-egress-bench cases become the subjects a door would produce", () => {
  test("WebSocket URLs are checked as http(s), the WebSocket door's mapping", () => {
    expect(httpUrl("wss://chat.example.net/ws")).toBe("https://chat.example.net/ws");
    expect(httpUrl("ws://chat.example.net/ws")).toBe("http://chat.example.net/ws");
    expect(httpUrl("https://a.example.net/")).toBe("https://a.example.net/");
  });

  test("fragmented frames are reassembled into one message; binary base64 frames are decoded", () => {
    const subjects = subjectsFor(
      egress("websocket_frame", {
        url: "wss://chat.example.net/ws",
        frames: [
          { opcode: "text", fin: false, payload: "first-" },
          { opcode: "continuation", fin: true, payload: "half" },
          { opcode: "binary", encoding: "base64", payload: btoa("bytes here") },
        ],
      }),
      "egress",
    );
    expect(subjects[0]).toEqual({ kind: "url", url: "https://chat.example.net/ws" });
    const texts = subjects.filter((s) => s.kind === "text").map((s) => (s as { text: string }).text);
    expect(texts).toContain("first-half");
    expect(texts).toContain("bytes here");
    expect(texts).toContain("first-half\nbytes here");
  });

  test("headers become one text with the header names", () => {
    const [, text] = subjectsFor(egress("header", { url: "https://a.example.net/", headers: { "X-Api-Key": "k1", Cookie: "a=1" } }), "egress");
    expect(text).toEqual({ kind: "text", text: "X-Api-Key: k1\nCookie: a=1" });
  });

  test("a tools/list result is one tool_description per tool; an A2A card one per card and skill", () => {
    const tools = subjectsFor(egress("mcp_tool_definition", { jsonrpc_messages: [{ result: { tools: [{ name: "a" }, { name: "b" }] } }] }), "egress");
    expect(tools).toEqual([
      { kind: "tool_description", tool: { name: "a" } },
      { kind: "tool_description", tool: { name: "b" } },
    ]);
    const card = subjectsFor(egress("a2a_agent_card", { agent_card: { name: "n", description: "d", skills: [{ id: "s", description: "x" }] } }), "egress");
    expect(card.filter((s) => s.kind === "tool_description")).toEqual([
      { kind: "tool_description", tool: { name: "n", description: "d" } },
      { kind: "tool_description", tool: { id: "s", description: "x" } },
    ]);
  });

  test("A2A message parts: text parts as prose, data parts as JSON", () => {
    const subjects = subjectsFor(
      egress("a2a_message", { jsonrpc_messages: [{ method: "message/send", params: { message: { parts: [{ kind: "text", text: "hi" }, { kind: "data", data: { k: 1 } }] } } }] }),
      "egress",
    );
    expect(subjects).toEqual([
      { kind: "text", text: "hi" },
      { kind: "content", content: "hi" },
      { kind: "text", text: '{"k":1}' },
      { kind: "content", content: '{"k":1}' },
    ]);
  });

  test("a compressed frame the door cannot inspect is a door denial; other cases are not", () => {
    expect(doorDenial(egress("websocket_frame", { frames: [{ opcode: "text", rsv1: true, payload: "x" }] }), "egress")).toMatch(/compressed/);
    expect(doorDenial(egress("websocket_frame", { frames: [{ opcode: "text", payload: "x" }] }), "egress")).toBeUndefined();
    expect(doorDenial(egress("url", { url: "https://a.example.net/" }), "dlp")).toBeUndefined();
  });
});

describe("breakdown groups", () => {
  const inj = (subcategory: string, surface: string): CorpusCase => ({ id: "inj-1", label: "attack", category: "injection", subcategory, surface });
  test.each([
    [inj("jailbreak-in-the-wild", "text"), ["surface: text", "jailbreak: jailbreak-in-the-wild"]],
    [inj("patt-table:RCE Test w/o Jailbreak", "text"), ["surface: text"]],
    [inj("agentdojo-banking-env", "tool_result"), ["surface: tool_result", "agentdojo (all suites)"]],
  ] as const)("injection case %#", (c, groups) => {
    expect(groupsFor("injection.jsonl", c)).toEqual([...groups]);
  });

  test("secrets by upstream rule category", () => {
    const sec = (rule_categories?: unknown): CorpusCase => ({ id: "sec-1", label: "attack", category: "secrets", rule_categories });
    expect(groupsFor("secrets.jsonl", sec(["api", "secret"]))).toEqual(["rule_categories ∋ secret"]);
    expect(groupsFor("secrets.jsonl", sec(["identifier"]))).toEqual([]);
    expect(groupsFor("secrets.jsonl", sec())).toEqual(["rule_categories absent"]);
    expect(groupsFor("ssrf.jsonl", sec())).toEqual([]);
  });
});
