/** @module Tests for toolDescriptionTexts: which strings of an MCP tool a model can read, and where they sit. */
import { describe, expect, test } from "bun:test";
import {
  humanizeName,
  MAX_SCHEMA_DEPTH,
  MAX_TOOL_TEXTS,
  toolDescriptionTexts,
} from "../../../../src/engine/scanners/tool-description/index.ts";

const tool = {
  name: "sync_notes",
  title: "Sync notes",
  description: "Synchronise notes.",
  annotations: { title: "Sync", readOnlyHint: false, extra: { hint: "nested hint" } },
  execution: { note: "not read" },
  inputSchema: {
    type: "object",
    $comment: "schema comment",
    properties: {
      noteId: { type: "string", description: "The note id", pattern: "^[a-z]+$", title: "Note" },
      mode: { type: "string", enum: ["fast", "safe"], default: "fast", examples: [{ label: "ex" }] },
      "x-hidden": { type: "string" },
      config: {
        type: "object",
        "x-vendor-hint": { text: "vendor text" },
        properties: { ssh_key_content: { type: "string", const: "fixed" } },
      },
    },
    allOf: [{ if: { properties: { mode: { const: "safe" } } }, then: { description: "then text" } }],
    $defs: { Thing: { description: "def text" } },
    required: ["noteId"],
  },
  outputSchema: { type: "object", properties: { result: { type: "string", description: "out text" } } },
};

const texts = toolDescriptionTexts(tool);
const at = (location: string) => texts.filter((t) => t.location === location).map((t) => t.text);

describe("toolDescriptionTexts", () => {
  test.each([
    ["tool.name", ["sync_notes"]],
    ["tool.title", ["Sync notes"]],
    ["tool.description", ["Synchronise notes."]],
    ["tool.annotations.title", ["Sync"]],
    ["tool.annotations.extra.hint", ["nested hint"]],
    ["tool.inputSchema.$comment", ["schema comment"]],
    ["tool.inputSchema.properties.noteId", ["noteId", "note id"]],
    ["tool.inputSchema.properties.noteId.description", ["The note id"]],
    ["tool.inputSchema.properties.noteId.pattern", ["^[a-z]+$"]],
    ["tool.inputSchema.properties.noteId.title", ["Note"]],
    ["tool.inputSchema.properties.mode.enum[1]", ["safe"]],
    ["tool.inputSchema.properties.mode.default", ["fast"]],
    ["tool.inputSchema.properties.mode.examples[0].label", ["ex"]],
    ["tool.inputSchema.properties.x-hidden", ["x-hidden", "x hidden"]],
    ["tool.inputSchema.properties.config.x-vendor-hint.text", ["vendor text"]],
    ["tool.inputSchema.properties.config.properties.ssh_key_content", ["ssh_key_content", "ssh key content"]],
    ["tool.inputSchema.properties.config.properties.ssh_key_content.const", ["fixed"]],
    ["tool.inputSchema.allOf[0].if.properties.mode.const", ["safe"]],
    ["tool.inputSchema.allOf[0].then.description", ["then text"]],
    ["tool.inputSchema.$defs.Thing", ["Thing", "thing"]],
    ["tool.inputSchema.$defs.Thing.description", ["def text"]],
    ["tool.outputSchema.properties.result.description", ["out text"]],
  ] as Array<[string, string[]]>)("%s", (location, expected) => {
    expect(at(location)).toEqual(expected);
  });

  test("structural strings are not texts", () => {
    const all = texts.map((t) => t.text);
    expect(all).not.toContain("object");
    expect(all).not.toContain("string");
    expect(all).not.toContain("not read");
    expect(texts.some((t) => t.location.includes(".required"))).toBe(false);
  });

  test.each([[null], [undefined], ["a string"], [42], [[{ name: "x" }]], [true]])("non-object %p gives []", (junk) => {
    expect(toolDescriptionTexts(junk)).toEqual([]);
  });

  test("odd field types are skipped, not thrown on", () => {
    const odd = { name: 5, description: { a: 1 }, inputSchema: "nope", outputSchema: [null, 1, { description: "ok" }], annotations: null };
    expect(toolDescriptionTexts(odd)).toEqual([{ location: "tool.outputSchema[2].description", text: "ok" }]);
  });

  test("hostile objects never throw", () => {
    const hostile = new Proxy({}, { ownKeys() { throw new Error("boom"); }, get() { throw new Error("boom"); } });
    expect(() => toolDescriptionTexts(hostile)).not.toThrow();
    expect(toolDescriptionTexts({ name: "n", inputSchema: hostile })).toEqual([{ location: "tool.name", text: "n" }]);
  });

  test("depth is bounded and cycles end", () => {
    let deep: Record<string, unknown> = { description: "bottom" };
    for (let i = 0; i < MAX_SCHEMA_DEPTH * 5; i++) deep = { items: deep };
    expect(toolDescriptionTexts({ inputSchema: deep }).some((t) => t.text === "bottom")).toBe(false);
    const cyclic: Record<string, unknown> = { description: "loop" };
    cyclic["items"] = cyclic;
    expect(toolDescriptionTexts({ inputSchema: cyclic }).length).toBeGreaterThan(0);
  });

  test("the number of texts is bounded", () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < MAX_TOOL_TEXTS * 2; i++) properties[`p${i}`] = { description: `d${i}` };
    expect(toolDescriptionTexts({ inputSchema: { properties } }).length).toBe(MAX_TOOL_TEXTS);
  });
});

describe("humanizeName", () => {
  test.each([
    ["ssh_key_content", "ssh key content"],
    ["sshKeyContent", "ssh key content"],
    ["env-file.contents", "env file contents"],
    ["HTTPServerURL", "http server url"],
    ["already words", "already words"],
    ["__x__", "x"],
  ])("%s → %s", (name, expected) => {
    expect(humanizeName(name)).toBe(expected);
  });

  test("very long names are left as written", () => {
    const long = "A".repeat(10_000) + "b";
    expect(humanizeName(long)).toBe(long);
  });
});
