/**
 * writeWebResponse: a Response from the web relay written into a node:http ServerResponse — a body
 * with a length in one answer carrying that length, a stream chunked, every Set-Cookie kept, no
 * body for HEAD-style answers, and a body that errors mid-way cutting the connection instead of
 * ending it cleanly.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import http from "node:http";
import net from "node:net";
import { writeWebResponse } from "../../../src/doors/http/index.ts";

const encoder = new TextEncoder();
let server: http.Server;
let port = 0;
const answers: Record<string, () => Response> = {
  "/whole": () => new Response(encoder.encode("hello whole"), { status: 201, headers: { "content-length": "999", "content-type": "text/plain", "set-cookie": "a=1" } }),
  "/cookies": () => {
    const h = new Headers({ "content-length": "2" });
    h.append("set-cookie", "a=1; Path=/");
    h.append("set-cookie", "b=2; Path=/");
    return new Response("ok", { headers: h });
  },
  "/stream": () =>
    new Response(
      new ReadableStream({
        start(c) {
          c.enqueue(encoder.encode("part one, "));
          c.enqueue(encoder.encode("part two"));
          c.close();
        },
      }),
    ),
  "/empty": () => new Response(null, { status: 204 }),
  "/broken": () =>
    new Response(
      new ReadableStream({
        pull(c) {
          c.enqueue(encoder.encode("first chunk "));
          c.error(new Error("scanner cut the stream"));
        },
      }),
    ),
};

beforeAll(async () => {
  server = http.createServer((req, res) => void writeWebResponse(res, answers[req.url ?? ""]!()));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => void server.close());

/** The raw HTTP/1.1 answer to GET `path` (connection closed after it). */
function raw(path: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () => s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let out = "";
    s.on("data", (d) => (out += d.toString("latin1")));
    s.on("close", () => resolve(out));
    s.on("error", () => resolve(out));
  });
}

describe("writeWebResponse", () => {
  test("a body with a length goes out whole, with its real length", async () => {
    const r = await fetch(`http://127.0.0.1:${port}/whole`);
    expect(r.status).toBe(201);
    expect(r.headers.get("content-length")).toBe("11");
    expect(r.headers.get("set-cookie")).toBe("a=1");
    expect(await r.text()).toBe("hello whole");
  });

  test("every Set-Cookie is kept", async () => {
    const r = await fetch(`http://127.0.0.1:${port}/cookies`);
    expect(r.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
  });

  test("a stream is relayed chunked", async () => {
    const text = await raw("/stream");
    expect(text).toMatch(/transfer-encoding: chunked/i);
    expect(text).toContain("part one, ");
    expect(text).toContain("part two");
    expect(text).toEndWith("0\r\n\r\n");
  });

  test("a null body ends at once", async () => {
    const r = await fetch(`http://127.0.0.1:${port}/empty`);
    expect(r.status).toBe(204);
    expect(await r.text()).toBe("");
  });

  test("a body that errors mid-way cuts the connection (no clean end)", async () => {
    const text = await raw("/broken");
    expect(text).toContain("first chunk ");
    expect(text.endsWith("0\r\n\r\n")).toBe(false);
  });
});
