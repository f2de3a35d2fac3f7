/**
 * @module Cross-request detection in the MCP guard: a secret split over several `tools/call`
 * arguments is refused on the call that completes it (JSON-RPC -32001, one event, never sent to the
 * server), ordinary sequences pass, the config section switches it off, and sessions are keyed by
 * agent and MCP session.
 */
import { describe, expect, test } from "bun:test";
import { crossRequestKey } from "../../../src/doors/mcp/inspect/cross-request.ts";
import { McpSession } from "../../../src/doors/mcp/index.ts";
import { call, harness, tool } from "./_guard-harness.ts";

/** A made-up key in the AWS access key id format (AKIA + 16 of [A-Z2-7]); not a real credential. */
const FAKE_KEY = "AKIAZ7QW3R5T2Y4U6Q7Q";
const PIECES = [FAKE_KEY.slice(0, 7), FAKE_KEY.slice(7, 14), FAKE_KEY.slice(14)];

const TOOLS = [tool("save_note", "Saves a short note.", { text: { type: "string" } }), tool("lookup", "Looks a word up.", { word: { type: "string" } })];

async function listed(config = "", agent?: string) {
  const h = harness(config, agent ? { agent } : {});
  await h.list(TOOLS);
  h.events.length = 0;
  return h;
}

type Reply = { error?: { code: number; message: string; data?: { findings?: { rule_id: string }[] } } } | undefined;

describe("a secret split over three tools/call arguments", () => {
  test("the pieces alone are not secrets", async () => {
    const h = await listed("cross_request_detection:\n  enabled: false\n");
    for (const [i, text] of PIECES.entries()) expect((await h.client(call(i + 1, "save_note", { text }))).forward).toBeDefined();
  });

  test("whole, it is caught by per-message DLP (sanity check of the fake key)", async () => {
    const h = await listed();
    const { forward, reply } = await h.client(call(1, "save_note", { text: FAKE_KEY }));
    expect(forward).toBeUndefined();
    expect((reply as Reply)?.error?.code).toBe(-32001);
  });

  test("the third call is denied with -32001, one event, and never forwarded", async () => {
    const h = await listed();
    const first = await h.client(call(1, "save_note", { text: PIECES[0] }));
    const second = await h.client(call(2, "save_note", { text: PIECES[1] }));
    expect(first.forward).toBeDefined();
    expect(second.forward).toBeDefined();
    h.events.length = 0;
    const third = await h.client(call(3, "save_note", { text: PIECES[2] }));
    expect(third.forward).toBeUndefined();
    const error = (third.reply as Reply)?.error;
    expect(error?.code).toBe(-32001);
    expect(error?.message).toContain('pipelock blocked tools/call "save_note"');
    expect(JSON.stringify(third.reply)).not.toContain(FAKE_KEY);
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({ decision: "deny", direction: "request", status: -32001, subject: "tool_call" });
    expect(h.events[0]!.findings.some((f) => f.location === "cross_request")).toBe(true);
    // The denied call is not pending: the server never saw id 3.
    expect(h.guard.session.fromClient.has(3)).toBe(false);
  });

  test("interleaved with other calls, the field stream still joins the pieces", async () => {
    const h = await listed();
    await h.client(call(1, "save_note", { text: PIECES[0] }));
    await h.client(call(2, "lookup", { word: "weather" }));
    await h.client(call(3, "save_note", { text: PIECES[1] }));
    await h.client(call(4, "lookup", { word: "tides" }));
    const last = await h.client(call(5, "save_note", { text: PIECES[2] }));
    expect(last.forward).toBeUndefined();
    expect((last.reply as Reply)?.error?.code).toBe(-32001);
  });

  test("cross_request_detection off: all three pass", async () => {
    const h = await listed("cross_request_detection:\n  enabled: false\n");
    for (const [i, text] of PIECES.entries()) expect((await h.client(call(i + 1, "save_note", { text }))).forward).toBeDefined();
  });

  test("action warn: the third call passes with the finding recorded", async () => {
    const h = await listed("cross_request_detection:\n  action: warn\n");
    await h.client(call(1, "save_note", { text: PIECES[0] }));
    await h.client(call(2, "save_note", { text: PIECES[1] }));
    h.events.length = 0;
    const third = await h.client(call(3, "save_note", { text: PIECES[2] }));
    expect(third.forward).toBeDefined();
    expect(h.events).toHaveLength(1);
    expect(h.events[0]!.decision).toBe("allow");
    expect(h.events[0]!.findings.some((f) => f.location === "cross_request")).toBe(true);
  });
});

describe("benign sequences pass", () => {
  const SEQUENCES: readonly (readonly [string, readonly Record<string, unknown>[]])[] = [
    ["notes", [{ text: "buy milk" }, { text: "call the plumber at 10" }, { text: "AKIA is how AWS key ids start" }]],
    ["words", [{ word: "AKIA" }, { word: "AKIA" }, { word: "AKIA" }]],
    ["numbers", [{ text: 12345 }, { text: 67890 }, { text: 13579 }]],
    ["ids", [{ text: "req-7f3a9c" }, { text: "req-2b8e41" }, { text: "req-9d0c55" }]],
  ];
  test.each(SEQUENCES)("%s", async (_name, argsList) => {
    const h = await listed();
    for (const [i, args] of argsList.entries()) {
      const { forward, reply } = await h.client(call(i + 1, "word" in args ? "lookup" : "save_note", args));
      expect({ reply, sent: forward !== undefined }).toEqual({ reply: undefined, sent: true });
    }
    expect(h.events.every((e) => e.decision === "allow" && e.findings.length === 0)).toBe(true);
  });
});

describe("session keys", () => {
  const session = (id: string) => new McpSession(id);
  test.each([
    ["stdio", { door: "mcp_stdio" as const, session: session("a1b2") }, "|stdio"],
    ["stdio with agent", { door: "mcp_stdio" as const, session: session("a1b2"), agent: "claude" }, "claude|stdio"],
    ["http session", { door: "mcp_http" as const, session: session("pending-42") }, "|pending-42"],
    ["stateless http", { door: "mcp_http" as const, session: session("stateless-9f") }, "|stateless"],
    ["ws connection", { door: "mcp_ws" as const, session: session("ws-7"), agent: "bot" }, "bot|ws-7"],
  ])("%s", (_name, deps, key) => {
    expect(crossRequestKey(deps)).toBe(key);
  });

  test("two agents' pieces do not join", async () => {
    const a = await listed("", "agent-a");
    await a.client(call(1, "save_note", { text: PIECES[0] }));
    await a.client(call(2, "save_note", { text: PIECES[1] }));
    // A fresh guard (its own tracker) for another agent sees only the last piece.
    const b = await listed("", "agent-b");
    expect((await b.client(call(1, "save_note", { text: PIECES[2] }))).forward).toBeDefined();
  });
});
