/**
 * @module A key through the compiled binary in every form × every place (raw requests on a socket,
 * through the reverse proxy and the forward proxy): the recording upstream must never receive the
 * key in any form it can be read back from. Grew out of a fuzz that found keys in non-sensitive
 * headers, spelled apart (`A-K-I-A-…`), split by UTF-8 zero-width spaces in a header, broken over
 * a line break with indentation, written with `\\u` escapes, HTML character references or
 * quoted-printable outside a place that decodes them, or written backwards, reaching the upstream.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import net from "node:net";
import { E2E_BASE, startPipelock, type Running } from "./http-harness.ts";

/** A made-up key in the AWS access key id format. */
const KEY = "AKIAQWERTYZ234567ABC";

const FORMS: Record<string, (k: string) => string> = {
  plain: (k) => k,
  "percent-encoded": (k) => [...k].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(""),
  base64: (k) => Buffer.from(k).toString("base64"),
  base64url: (k) => Buffer.from(k).toString("base64url"),
  hex: (k) => Buffer.from(k).toString("hex"),
  "a hyphen after every character": (k) => [...k].join("-"),
  "underscores between groups of four": (k) => k.match(/.{4}/g)!.join("_"),
  "zero-width spaces": (k) => [...k].join("\u200b"),
  "a CRLF and indentation": (k) => `${k.slice(0, 10)}\r\n ${k.slice(10)}`,
  "a tab": (k) => `${k.slice(0, 10)}\t${k.slice(10)}`,
  "JSON \\u escapes on every third character": (k) => [...k].map((c, i) => (i % 3 === 0 ? `\\u00${c.charCodeAt(0).toString(16)}` : c)).join(""),
  "HTML character references": (k) => [...k].map((c) => `&#${c.charCodeAt(0)};`).join(""),
  "quoted-printable": (k) => [...k].map((c) => `=${c.charCodeAt(0).toString(16).toUpperCase()}`).join(""),
  "written backwards": (k) => [...k].reverse().join(""),
};

interface Placement {
  readonly path: string;
  readonly headers: readonly string[];
  readonly body: string;
}
const PLACES: Record<string, (v: string) => Placement> = {
  "query value": (v) => ({ path: `/p?token=${encodeURIComponent(v)}`, headers: [], body: "" }),
  "custom header": (v) => ({ path: "/h", headers: [`X-Custom: ${v.replace(/\r\n /, " ")}`], body: "" }),
  "JSON value": (v) => ({ path: "/j", headers: ["Content-Type: application/json"], body: JSON.stringify({ note: v }) }),
  "JSON key": (v) => ({ path: "/k", headers: ["Content-Type: application/json"], body: JSON.stringify({ [v]: 1 }) }),
  "form field": (v) => ({ path: "/f", headers: ["Content-Type: application/x-www-form-urlencoded"], body: `a=1&key=${encodeURIComponent(v)}` }),
  "multipart filename": (v) => ({ path: "/m", headers: ["Content-Type: multipart/form-data; boundary=zz"], body: `--zz\r\nContent-Disposition: form-data; name="f"; filename="${v.replace(/[\r\n]/g, "")}.txt"\r\n\r\nhello\r\n--zz--\r\n` }),
  "octet-stream body": (v) => ({ path: "/o", headers: ["Content-Type: application/octet-stream"], body: `data ${v} end` }),
};

/** Ways the upstream (or whoever reads what it got) could read the key back. */
function readsBack(got: string): boolean {
  const utf8 = Buffer.from(got, "latin1").toString("utf8");
  const views = [got, utf8, utf8.replace(/[\u200b\s_-]/g, "")];
  try {
    views.push(decodeURIComponent(got.replace(/\+/g, " ")).replace(/[\u200b\s_-]/g, ""));
  } catch {
    // not percent-encoded text
  }
  const unescaped = utf8
    .replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCharCode(Number(d)))
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  views.push(unescaped, [...unescaped].reverse().join(""));
  try {
    views.push(decodeURIComponent(unescaped.replace(/\+/g, " ")));
  } catch {
    // not percent-encoded text
  }
  for (const run of got.match(/[A-Za-z0-9+/_=-]{16,}/g) ?? []) views.push(Buffer.from(run, "base64").toString("latin1"), Buffer.from(run, "hex").toString("latin1"));
  return views.some((v) => v.includes(KEY));
}

let upstream: ReturnType<typeof Bun.serve>;
const received: string[] = [];
let reverse: Running;
let forward: Running;

beforeAll(async () => {
  upstream = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req) => {
      received.push(`${req.method} ${req.url}\n${[...req.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${await req.text()}`);
      return new Response("ok");
    },
  });
  reverse = await startPipelock(E2E_BASE, ["--reverse-proxy", "--listen", "127.0.0.1:0", "--upstream", `http://127.0.0.1:${upstream.port}`], {}, /reverse proxy on http:\/\/(\S+)/);
  forward = await startPipelock(E2E_BASE);
});
afterAll(async () => {
  await reverse.stop();
  await forward.stop();
  upstream.stop(true);
});

/** One raw HTTP/1.1 request on its own connection; resolves with the status (0 when none came back). */
function send(port: number, target: string, p: Placement): Promise<number> {
  const head = [`${p.body ? "POST" : "GET"} ${target} HTTP/1.1`, `Host: 127.0.0.1:${upstream.port}`, ...p.headers, ...(p.body ? [`Content-Length: ${Buffer.byteLength(p.body)}`] : []), "Connection: close"];
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let out = "";
    const timer = setTimeout(() => socket.destroy(), 5_000);
    socket.on("data", (d) => (out += d.toString("latin1")));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0));
    });
    socket.on("error", () => {});
    socket.write(Buffer.from(`${head.join("\r\n")}\r\n\r\n${p.body}`, "utf8"));
  });
}

describe("a key in every form and place never reaches the upstream (compiled binary)", () => {
  for (const [door, target] of [
    ["reverse proxy", (path: string) => path],
    ["forward proxy", (path: string) => `http://127.0.0.1:${upstream.port}${path}`],
  ] as const) {
    test(`${door}: every combination is denied and nothing readable arrives`, async () => {
      const port = door === "reverse proxy" ? reverse.port : forward.port;
      const misses: string[] = [];
      for (const [formName, form] of Object.entries(FORMS)) {
        for (const [placeName, place] of Object.entries(PLACES)) {
          const before = received.length;
          const status = await send(port, target(place(form(KEY)).path), place(form(KEY)));
          const leaked = received.slice(before).some(readsBack);
          if (status !== 403 || leaked) misses.push(`${formName} in a ${placeName}: status ${status}${leaked ? ", reached the upstream" : ""}`);
        }
      }
      expect(misses).toEqual([]);
      // The harness is live: a clean request in the same places passes.
      for (const place of Object.values(PLACES)) expect(await send(port, target(place("harmless").path), place("harmless"))).toBe(200);
    }, 60_000);
  }
});
