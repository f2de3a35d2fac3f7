/**
 * CONNECT tunnels: allowed hosts tunnel to the pinned address; denied hosts get a 403 before any
 * connection; the ClientHello's SNI must name the CONNECT host; the tunnel count is bounded.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import net from "node:net";
import tls from "node:tls";
import type { Resolver } from "../../../src/engine/index.ts";
import { eventually, readUntilClose, startHarness, TEST_CONFIG, type Harness } from "../http/fixtures.ts";
import { makeTestCerts, type TestCerts } from "../http/test-certs.ts";

let certs: TestCerts;
let upstream: { port: number; stop(): void };
let h: Harness;

beforeAll(async () => {
  certs = makeTestCerts(["api.test"]);
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, tls: { key: certs.keyPem, cert: certs.certPem }, fetch: (req) => new Response(`secure ${new URL(req.url).pathname}`) });
  upstream = { port: server.port!, stop: () => void server.stop(true) };
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
  upstream.stop();
});

/** Send CONNECT and return the socket plus the proxy's answer head. */
async function connect(port: number, authority: string, headers: Record<string, string> = {}): Promise<{ socket: net.Socket; head: string }> {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => {});
  await new Promise<void>((r) => socket.once("connect", () => r()));
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${extra}\r\n`);
  const head = await new Promise<string>((resolve) => {
    let buf = "";
    const onData = (c: Buffer) => {
      buf += c.toString("latin1");
      const end = buf.indexOf("\r\n\r\n");
      if (end >= 0) {
        socket.off("data", onData);
        socket.pause();
        resolve(buf);
      }
    };
    socket.on("data", onData);
    socket.on("close", () => resolve(buf));
  });
  return { socket, head };
}

/** TLS over an established tunnel; resolves with the HTTP answer text or the error. */
function httpsOver(socket: net.Socket, servername: string, path = "/x"): Promise<string> {
  return new Promise((resolve) => {
    const t = tls.connect({ socket, servername, ca: certs.caPem });
    t.on("secureConnect", () => t.write(`GET ${path} HTTP/1.1\r\nHost: ${servername}\r\nConnection: close\r\n\r\n`));
    let out = "";
    t.on("data", (c: Buffer) => (out += c.toString()));
    t.on("close", () => resolve(out));
    t.on("error", (e) => resolve(`error: ${e.message}`));
  });
}

describe("CONNECT", () => {
  test("an allowed host is tunnelled end to end (TLS to the real upstream) and recorded", async () => {
    const before = h.events.length;
    const { socket, head } = await connect(h.port, `api.test:${upstream.port}`);
    expect(head).toStartWith("HTTP/1.1 200 Connection Established");
    const answer = await httpsOver(socket, "api.test");
    expect(answer).toStartWith("HTTP/1.1 200");
    expect(answer).toContain("secure /x");
    expect(h.dials.at(-1)).toMatchObject({ address: "127.0.0.1", port: upstream.port, tls: false });
    await eventually(() => h.events.length > before);
    expect(h.events[before]).toMatchObject({ door: "connect", decision: "allow", method: "CONNECT", target: `https://api.test:${upstream.port}` });
  });

  test("an SNI that names another host closes the tunnel (domain fronting) and records a deny", async () => {
    const before = h.events.length;
    const { socket, head } = await connect(h.port, `api.test:${upstream.port}`);
    expect(head).toStartWith("HTTP/1.1 200");
    const answer = await httpsOver(socket, "evil.test");
    expect(answer).not.toContain("secure /x");
    await eventually(() => h.events.length > before);
    expect(h.events[before]).toMatchObject({ door: "connect", decision: "deny", failure: "sni_mismatch" });
    expect(h.events[before]!.findings[0]!.rule_id).toBe("connect.sni_mismatch");
  });

  test("with sni_verification off, a mismatching SNI is tunnelled", async () => {
    const lax = await startHarness({ config: `${TEST_CONFIG}\nforward_proxy:\n  sni_verification: false\n` });
    const { socket } = await connect(lax.port, `api.test:${upstream.port}`);
    // The upstream certificate names api.test, so the agent's TLS fails against evil.test: the bytes went through.
    const answer = await httpsOver(socket, "evil.test");
    expect(answer).toContain("error");
    expect(lax.events.some((e) => e.failure === "sni_mismatch")).toBe(false);
    await lax.stop();
  });

  const denied: [string, string, number, RegExp][] = [
    ["an internal IP", "10.0.0.1:443", 403, /^url\.ssrf$/],
    ["the metadata address", "169.254.169.254:80", 403, /^url\.ssrf$/],
    ["a blocklisted host", "pastebin.com:443", 403, /^url\.blocklist$/],
    ["a host that does not resolve", "nx.test:443", 403, /^url\.dns_failure$/],
    // Host names are case-insensitive and arrive lowercased, so the data hides in a high-entropy label.
    ["data smuggled in the host name", "q8zk3vx9wm2tb7yl4rpe6nhj.evil.test:443", 403, /^(url\.subdomain_entropy|dlp\.)/],
  ];
  test.each(denied)("%s is refused with %d before any connection", async (_n, authority, status, rule) => {
    const dials = h.dials.length;
    const { socket, head } = await connect(h.port, authority);
    const rest = await readUntilClose(socket);
    const text = head + rest;
    expect(text).toStartWith(`HTTP/1.1 ${status}`);
    expect(/X-Pipelock-Rule: (\S+)/.exec(text)?.[1]).toMatch(rule);
    expect(h.dials.length).toBe(dials);
  });

  test.each(["api.test", "api.test:99999", "[zz]:443"])("a malformed authority %p is 400", async (authority) => {
    const { socket, head } = await connect(h.port, authority);
    socket.destroy();
    expect(head).toStartWith("HTTP/1.1 400");
  });

  test("a rebinding name: one lookup, and the tunnel goes to the address that was checked", async () => {
    let lookups = 0;
    const resolver: Resolver = {
      async resolve() {
        lookups++;
        return lookups === 1 ? ["127.0.0.1"] : ["169.254.169.254"];
      },
    };
    const r = await startHarness({ resolver });
    const { socket, head } = await connect(r.port, `rebind.test:${upstream.port}`);
    expect(head).toStartWith("HTTP/1.1 200");
    socket.destroy();
    expect(lookups).toBe(1);
    expect(r.dials.map((d) => d.address)).toEqual(["127.0.0.1"]);
    await r.stop();
  });

  test("beyond forward_proxy.max_tunnels a CONNECT gets 503", async () => {
    const small = await startHarness({ config: `${TEST_CONFIG}\nforward_proxy:\n  max_tunnels: 1\n` });
    const first = await connect(small.port, `api.test:${upstream.port}`);
    expect(first.head).toStartWith("HTTP/1.1 200");
    const second = await connect(small.port, `api.test:${upstream.port}`);
    expect(second.head).toStartWith("HTTP/1.1 503");
    first.socket.destroy();
    second.socket.destroy();
    await small.stop();
  });

  test("CONNECT needs Proxy-Authorization when auth is configured", async () => {
    const authed = await startHarness({ config: `${TEST_CONFIG}\nforward_proxy:\n  auth:\n    bearer_tokens: ["tok-0123456789"]\n` });
    const no = await connect(authed.port, `api.test:${upstream.port}`);
    expect(no.head).toStartWith("HTTP/1.1 407");
    no.socket.destroy();
    const yes = await connect(authed.port, `api.test:${upstream.port}`, { "Proxy-Authorization": "Bearer tok-0123456789" });
    expect(yes.head).toStartWith("HTTP/1.1 200");
    yes.socket.destroy();
    await authed.stop();
  });
});
