/** The real dialer: loopback only here (a refused port, a name instead of an IP, a canceled signal). */
import { describe, expect, test } from "bun:test";
import net from "node:net";
import { createDial, UpstreamError } from "../../../src/doors/upstream/index.ts";

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("createDial", () => {
  const dial = createDial({ connectTimeoutMs: 2_000 });

  test("never resolves a name", async () => {
    const err = await dial({ address: "localhost", port: 80, tls: false, servername: undefined, alpn: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).message).toMatch(/not an IP address/);
  });

  test("a refused connection is connect_failed", async () => {
    const port = await closedPort();
    const err = await dial({ address: "127.0.0.1", port, tls: false, servername: undefined, alpn: [] }).catch((e: unknown) => e);
    expect((err as UpstreamError).failure).toBe("connect_failed");
  });

  test("an aborted signal is canceled", async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await dial({ address: "127.0.0.1", port: 9, tls: false, servername: undefined, alpn: [] }, ac.signal).catch((e: unknown) => e);
    expect((err as UpstreamError).failure).toBe("canceled");
  });

  test("connects to a listening loopback port", async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const socket = await dial({ address: "127.0.0.1", port: (server.address() as net.AddressInfo).port, tls: false, servername: undefined, alpn: [] });
    socket.destroy();
    server.close();
    expect(socket).toBeDefined();
  });

  test("a TLS upstream whose certificate does not name the host fails as tls_failed", async () => {
    // A plain TCP server that closes at once looks like a broken handshake.
    const server = net.createServer((s) => s.end("not tls"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const err = await dial({ address: "127.0.0.1", port: (server.address() as net.AddressInfo).port, tls: true, servername: "api.test", alpn: ["http/1.1"] }).catch((e: unknown) => e);
    server.close();
    expect(err).toBeInstanceOf(UpstreamError);
    expect(["tls_failed", "connect_failed"]).toContain((err as UpstreamError).failure);
  });
});
