/**
 * Argument views are remembered per value (match-tool-rule.ts), so the tool_call scan and chain
 * classification, which prepare the same call one after the other, build them once. A remembered
 * view must match exactly what a fresh one matches: obfuscated commands, invisible characters, long
 * values past the bound, and after the memo has started over.
 */
import { describe, expect, test } from "bun:test";
import { MAX_VIEW_MEMO, MAX_VIEW_MEMO_CHARS, prepareCall } from "../../../../src/engine/scanners/tool-policy/match-tool-rule.ts";

const viewsOf = (value: string) => prepareCall({ command: value }).texts[0]!.views;

describe("remembered argument views", () => {
  const values = ["c\\at ~/.e''nv", "rm\u200b -rf /", "ｃａｔ /etc/passwd", "npm test", `echo ${"y".repeat(MAX_VIEW_MEMO_CHARS)} | base64`];

  test("a value prepared again gets the same views as the first time", () => {
    const first = values.map(viewsOf);
    expect(values.map(viewsOf)).toEqual(first);
    expect(first[0]).toContain("cat ~/.env");
  });

  test("after more distinct values than the memo holds, answers are unchanged", () => {
    const before = values.map(viewsOf);
    for (let i = 0; i < MAX_VIEW_MEMO + 10; i++) viewsOf(`echo ${i}`);
    expect(values.map(viewsOf)).toEqual(before);
  });

  test("the joined command line is prepared from the values in order, whatever was remembered for them", () => {
    const call = prepareCall({ args: ["-rf", "/"], cmd: "rm" });
    expect(call.texts.at(-1)!.views).toContain("rm -rf /");
    expect(prepareCall({ args: ["-rf", "/"], cmd: "rm" }).texts.map((t) => t.views)).toEqual(call.texts.map((t) => t.views));
  });
});
