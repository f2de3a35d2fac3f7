/** @module Scan API body limits: a hard streamed cap, Content-Length only as an early refusal, read errors. */
import { describe, expect, test } from "bun:test";
import { readBodyCapped } from "../../../src/doors/scanapi/read-body.ts";
import { expectError, makeApi, scanRequest, send, testSettings } from "./fixtures.ts";

const MAX = 256;
const settings = testSettings({ maxBodyBytes: MAX });

/** A valid dlp request padded with spaces to exactly `size` bytes. */
function requestOfSize(size: number): string {
  const json = JSON.stringify({ kind: "dlp", input: { text: "hello" } });
  return json + " ".repeat(size - json.length);
}

/** A stream that sends `chunks` chunks of `size` bytes and never says how long it is. */
function chunkedStream(chunks: number, size: number, onPull?: () => void): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        onPull?.();
        if (sent++ >= chunks) controller.close();
        else controller.enqueue(new Uint8Array(size).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
}

describe("body size", () => {
  test("a body of exactly maxBodyBytes is accepted", async () => {
    const { api } = makeApi({ settingsValue: settings });
    expect((await send(api, scanRequest(requestOfSize(MAX)))).status).toBe(200);
  });

  test("one byte over is 400 body_too_large, and the scan never runs", async () => {
    const { api, calls } = makeApi({ settingsValue: settings });
    const result = await expectError(api, scanRequest(requestOfSize(MAX + 1)), 400, "body_too_large");
    expect(result.body.errors[0]?.retryable).toBe(false);
    expect(calls).toHaveLength(0);
  });

  test("a declared Content-Length over the cap is refused without reading the body", async () => {
    const { api } = makeApi({ settingsValue: settings });
    let pulls = 0;
    const stream = chunkedStream(1, 10, () => pulls++);
    await expectError(api, scanRequest(stream, { headers: { "content-length": String(MAX * 10) } }), 400, "body_too_large");
    expect(pulls).toBe(0);
  });

  test("a Content-Length that lies low does not raise the cap", async () => {
    const { api } = makeApi({ settingsValue: settings });
    await expectError(api, scanRequest(chunkedStream(100, 64), { headers: { "content-length": "10" } }), 400, "body_too_large");
  });

  test("a streamed body without Content-Length is cut off at the cap, not read to the end", async () => {
    const { api } = makeApi({ settingsValue: settings });
    let pulls = 0;
    await expectError(api, scanRequest(chunkedStream(1_000_000, 64, () => pulls++)), 400, "body_too_large");
    expect(pulls).toBeLessThan(10);
  });

  test("a body over the default 1 MiB cap is refused", async () => {
    const { api } = makeApi();
    await expectError(api, scanRequest(requestOfSize(1024 * 1024 + 1)), 400, "body_too_large");
  });

  test("the kill switch answers before the body is looked at", async () => {
    const { api } = makeApi({ settingsValue: settings, killSwitch: () => true });
    const result = await expectError(api, scanRequest(requestOfSize(MAX + 1)), 503, "kill_switch_active");
    expect(result.body.errors[0]?.retryable).toBe(false);
  });
});

describe("read errors", () => {
  test("a stream that errors is 400 read_error", async () => {
    const { api } = makeApi({ settingsValue: settings });
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("connection reset"));
      },
    });
    await expectError(api, scanRequest(broken), 400, "read_error");
  });

  test("a stream that stalls is read_error once the read timeout passes", async () => {
    const stalled = new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => {}) }, { highWaterMark: 0 });
    const started = performance.now();
    const result = await readBodyCapped(new Request("http://x/", { method: "POST", body: stalled }), MAX, 50);
    expect(result).toEqual({ ok: false, code: "read_error" });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test("a stream of non-byte chunks is read_error", async () => {
    const odd = new ReadableStream({
      start(controller) {
        controller.enqueue("text, not bytes");
        controller.close();
      },
    });
    const result = await readBodyCapped(new Request("http://x/", { method: "POST", body: odd as ReadableStream<Uint8Array> }), MAX);
    expect(result.ok).toBe(false);
  });

  test("no body reads as empty (and is then invalid_json)", async () => {
    expect(await readBodyCapped(new Request("http://x/", { method: "POST" }), MAX)).toEqual({ ok: true, bytes: new Uint8Array(0) });
    const { api } = makeApi();
    await expectError(api, scanRequest(""), 400, "invalid_json");
  });
});
