/**
 * @module McpGuard.abandon: when the server dies, every request the client still waits for gets a
 * -32001 "server exited" error (one event each), answered ones and notifications get nothing, and
 * the session is closed for whatever comes after.
 */
import { describe, expect, test } from "bun:test";
import { call, harness, tool } from "./_guard-harness.ts";

const ping = (id: number | string) => ({ jsonrpc: "2.0", id, method: "ping" });

describe("abandon", () => {
  test("pending requests get -32001, oldest first; answered ones do not", async () => {
    const h = harness();
    await h.list([tool("add")]);
    await h.client(ping(1));
    await h.client(call("c-2", "add", { value: "1" }));
    await h.client(ping(3));
    await h.server({ jsonrpc: "2.0", id: 3, result: {} });
    await h.client({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 1, progress: 1 } });
    h.events.length = 0;
    const texts = h.guard.abandon("the server exited with code 3");
    const replies = texts.map((t) => JSON.parse(t));
    expect(replies.map((r) => r.id)).toEqual([1, "c-2"]);
    for (const r of replies) {
      expect(r.error.code).toBe(-32001);
      expect(r.error.message).toContain("server exited");
      expect(r.error.data).toMatchObject({ blocked_by: "pipelock", failure: "server_exited" });
    }
    expect(replies[1].error.message).toContain('tools/call "add"');
    expect(h.events).toHaveLength(2);
    expect(h.events.every((e) => e.decision === "deny" && e.failure === "server_exited" && e.status === -32001)).toBe(true);
    // Drained: a second call answers nothing more.
    expect(h.guard.abandon("again")).toEqual([]);
  });

  test("after abandon the session is closed: a new request is refused with -32001", async () => {
    const h = harness();
    h.guard.abandon("the server exited with code 1");
    const { forward, reply } = await h.client(ping(9));
    expect(forward).toBeUndefined();
    expect(reply).toMatchObject({ id: 9, error: { code: -32001 } });
    expect((reply as { error: { message: string } }).error.message).toContain("the server exited with code 1");
  });

  test("nothing pending: nothing to send", () => {
    expect(harness().guard.abandon("the server exited with code 0")).toEqual([]);
  });
});
