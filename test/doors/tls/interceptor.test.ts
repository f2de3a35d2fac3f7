/**
 * @module TLS interception on loopback with real clients: a client trusting only pipelock's CA
 * completes the handshake and its request reaches an inner node:http server in clear; keep-alive
 * and parallel tunnels; an untrusting client fails; SNI mismatch and silent clients are closed;
 * peeked bytes are replayed; the upstream leg trusts configured CAs on top of the system roots.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCa, createInterceptor, issueLeaf, loadCa, loadUpstreamCa, servernameStatus, type TlsInterceptor } from "../../../src/doors/tls/index.ts";
import { createDial } from "../../../src/doors/upstream/index.ts";
import { connectTunnel, startHarness, type Harness } from "./_harness.ts";

const caFiles = createCa();
const ca = loadCa(caFiles);
const settings = { enabled: true, passthroughDomains: ["*.pinned.test"], certTtlMs: 3_600_000, certCacheSize: 100, handshakeTimeoutMs: 5_000 };

function tlsOver(raw: net.Socket, servername: string, opts: tls.ConnectionOptions = {}): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const c = tls.connect({ socket: raw, servername, ca: caFiles.certPem, ALPNProtocols: ["http/1.1"], ...opts });
    c.once("secureConnect", () => resolve(c));
    c.once("error", reject);
  });
}

/** Send one request on an open socket and read one Content-Length response. */
function exchange(sock: tls.TLSSocket, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const onData = (d: Buffer) => {
      buf += d.toString();
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
      if (buf.length >= end + 4 + len) done(() => resolve(buf));
    };
    const onClose = () => done(() => resolve(buf));
    const onError = (err: Error) => done(() => reject(err));
    const done = (then: () => void) => {
      sock.off("data", onData);
      sock.off("close", onClose);
      sock.off("error", onError);
      then();
    };
    sock.on("data", onData);
    sock.once("error", onError);
    sock.once("close", onClose);
    sock.write(request);
  });
}

describe("interception", () => {
  let interceptor: TlsInterceptor;
  let h: Harness;
  beforeAll(async () => {
    interceptor = createInterceptor({ ca, settings });
    h = await startHarness(interceptor);
  });
  afterAll(() => h.close());

  test("a client trusting only pipelock's CA gets through; the inner server sees the request in clear", async () => {
    const raw = await connectTunnel(h.port, "api.example.test:443");
    const sock = await tlsOver(raw, "api.example.test");
    expect(sock.authorized).toBe(true);
    expect(sock.alpnProtocol).toBe("http/1.1");
    const body = '{"q":"hello"}';
    const res = await exchange(sock, `POST /v1/items?x=1 HTTP/1.1\r\nHost: api.example.test\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    expect(res).toStartWith("HTTP/1.1 200");
    expect(res).toContain(`inner saw POST /v1/items?x=1 body=${body}`);
    const last = h.seen.at(-1)!;
    expect(last).toMatchObject({ method: "POST", url: "/v1/items?x=1", host: "api.example.test", encrypted: true });
    expect(servernameStatus({ servername: last.servername }, "api.example.test")).toBe("match");
    sock.destroy();
  });

  test("50 keep-alive requests in one tunnel", async () => {
    const before = h.seen.length;
    const sock = await tlsOver(await connectTunnel(h.port, "keep.example.test:443"), "keep.example.test");
    for (let i = 0; i < 50; i++) {
      const res = await exchange(sock, `GET /n/${i} HTTP/1.1\r\nHost: keep.example.test\r\n\r\n`);
      expect(res).toContain(`inner saw GET /n/${i} `);
    }
    expect(h.seen.length - before).toBe(50);
    sock.destroy();
  });

  test("30 parallel tunnels to 10 hosts, one leaf per host", async () => {
    const issuedBefore = interceptor.stats().issued;
    const results = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const host = `p${i % 10}.example.test`;
        const sock = await tlsOver(await connectTunnel(h.port, `${host}:443`), host);
        const res = await exchange(sock, `GET /par/${i} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
        sock.destroy();
        return res;
      }),
    );
    results.forEach((r, i) => expect(r).toContain(`/par/${i} `));
    expect(interceptor.stats().issued - issuedBefore).toBe(10);
  });

  test("curl through the proxy with --cacert (a real client)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pipelock-curl-"));
    writeFileSync(join(dir, "ca.pem"), caFiles.certPem);
    const p = Bun.spawn(["curl", "-sS", "--max-time", "10", "--noproxy", "", "-x", `http://127.0.0.1:${h.port}`, "--cacert", join(dir, "ca.pem"), "https://curl.example.test/hello?a=b"], { stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toBe("inner saw GET /hello?a=b body=");
  });

  test("Bun fetch through the proxy with tls.ca", async () => {
    const res = await fetch("https://fetch.example.test/bun", { proxy: `http://127.0.0.1:${h.port}`, tls: { ca: caFiles.certPem } } as RequestInit);
    expect(await res.text()).toBe("inner saw GET /bun body=");
  });

  test("a client that does not trust the CA fails the handshake", async () => {
    const raw = await connectTunnel(h.port, "api.example.test:443");
    await expect(tlsOver(raw, "api.example.test", { ca: createCa().certPem })).rejects.toThrow();
    raw.destroy();
  });

  test("a client whose SNI names another host is cut off before its request is answered", async () => {
    const raw = await connectTunnel(h.port, "allowed.example.test:443");
    const sock = await tlsOver(raw, "other.example.test", { checkServerIdentity: () => undefined });
    const res = await exchange(sock, "GET /fronted HTTP/1.1\r\nHost: allowed.example.test\r\n\r\n");
    expect(res).not.toContain("HTTP/1.1 200");
    expect(h.rejections.at(-1)?.reason).toBe("sni_mismatch");
    expect(h.rejections.at(-1)?.detail).toContain("other.example.test");
    expect(h.seen.some((s) => s.url === "/fronted")).toBe(false);
  });

  test("a client without SNI (IP literal host) is accepted", async () => {
    const raw = await connectTunnel(h.port, "127.0.0.1:443");
    const sock = await tlsOver(raw, "", { checkServerIdentity: (_h, cert) => tls.checkServerIdentity("127.0.0.1", cert) });
    const res = await exchange(sock, "GET /ip HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect(res).toContain("inner saw GET /ip ");
  });
});

describe("edges", () => {
  test("bytes read before wrapping are replayed (peeked ClientHello)", async () => {
    const h = await startHarness(createInterceptor({ ca, settings }), { peekFirst: true });
    try {
      const sock = await tlsOver(await connectTunnel(h.port, "peek.example.test:443"), "peek.example.test");
      expect(await exchange(sock, "GET /peeked HTTP/1.1\r\nHost: peek.example.test\r\nConnection: close\r\n\r\n")).toContain("inner saw GET /peeked ");
    } finally {
      await h.close();
    }
  });

  test("a client that never starts TLS is closed at the handshake deadline", async () => {
    const h = await startHarness(createInterceptor({ ca, settings: { ...settings, handshakeTimeoutMs: 200 } }));
    try {
      const raw = await connectTunnel(h.port, "silent.example.test:443");
      await new Promise<void>((r) => raw.once("close", () => r()));
      expect(h.rejections.map((r) => r.reason)).toEqual(["handshake_timeout"]);
    } finally {
      await h.close();
    }
  });

  test("passthrough hosts are not intercepted; the agent reaches the real server's certificate", async () => {
    const upstreamCa = createCa();
    const leaf = await issueLeaf(loadCa(upstreamCa), "bank.pinned.test");
    const real = tls.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (s) => s.end("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nreal"));
    await new Promise<void>((r) => real.listen(0, "127.0.0.1", r));
    const interceptor = createInterceptor({ ca, settings });
    expect(interceptor.shouldIntercept("bank.pinned.test")).toBe(false);
    expect(interceptor.passthroughMatch("www.bank.pinned.test")).toBe("*.pinned.test");
    const h = await startHarness(interceptor, { passthroughPort: (real.address() as net.AddressInfo).port });
    try {
      const sock = await tlsOver(await connectTunnel(h.port, "bank.pinned.test:443"), "bank.pinned.test", { ca: upstreamCa.certPem });
      expect(await exchange(sock, "GET / HTTP/1.1\r\nHost: bank.pinned.test\r\n\r\n")).toEndWith("real");
      expect(h.seen).toEqual([]);
    } finally {
      await h.close();
      real.close();
    }
  });

  test("interception disabled intercepts nothing", () => {
    expect(createInterceptor({ ca, settings: { ...settings, enabled: false } }).shouldIntercept("api.example.test")).toBe(false);
  });

  test("acceptTls rejects for a host no leaf can name (the caller closes the tunnel)", async () => {
    const interceptor = createInterceptor({ ca, settings });
    const [a] = await socketPair();
    await expect(interceptor.acceptTls(a, "bad host")).rejects.toThrow(RangeError);
    a.destroy();
  });
});

describe("upstream leg", () => {
  test("configured upstream CAs are trusted on top of the system roots; without them the handshake fails", async () => {
    const upstreamCa = createCa();
    const leaf = await issueLeaf(loadCa(upstreamCa), "internal.example.test");
    const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (_q, s) => s.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), "pipelock-upca-"));
    writeFileSync(join(dir, "corp.pem"), `# corp bundle\n${upstreamCa.certPem}`);
    const extraCa = loadUpstreamCa(["corp.pem"], dir);
    expect(extraCa).toHaveLength(1);
    const target = { address: "127.0.0.1", port, tls: true, servername: "internal.example.test", alpn: ["http/1.1"] };
    try {
      const ok = await createDial({ extraCa })(target);
      ok.destroy();
      await expect(createDial()(target)).rejects.toMatchObject({ failure: "tls_failed" });
    } finally {
      server.close();
    }
  });

  test.each([
    [["missing.pem"], /cannot read upstream CA file/],
    [["empty.pem"], /no PEM CERTIFICATE/],
  ])("bad upstream_ca %j is an error", (files, message) => {
    const dir = mkdtempSync(join(tmpdir(), "pipelock-upca-"));
    writeFileSync(join(dir, "empty.pem"), "nothing here");
    expect(() => loadUpstreamCa(files, dir)).toThrow(message);
  });
});

function socketPair(): Promise<[net.Socket, net.Socket]> {
  return new Promise((resolve) => {
    const server = net.createServer((b) => {
      server.close();
      resolve([a, b]);
    });
    let a: net.Socket;
    server.listen(0, "127.0.0.1", () => {
      a = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
    });
  });
}
