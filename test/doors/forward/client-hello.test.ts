/** SNI from real ClientHellos (captured from node:tls on loopback) and from broken ones. */
import { beforeAll, describe, expect, test } from "bun:test";
import net from "node:net";
import tls from "node:tls";
import { parseAuthority, parseClientHello } from "../../../src/doors/forward/index.ts";

async function captureHello(servername: string | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const server = net.createServer((s) => {
    s.on("data", (c: Buffer) => {
      chunks.push(c);
      if (parseClientHello(Buffer.concat(chunks)).kind !== "need_more") s.destroy();
    });
    s.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => {
    const c = tls.connect({ host: "127.0.0.1", port, ...(servername !== undefined ? { servername } : {}), rejectUnauthorized: false });
    c.on("error", () => resolve());
    c.on("close", () => resolve());
  });
  server.close();
  return Buffer.concat(chunks);
}

let withSni: Buffer;
let withoutSni: Buffer;
beforeAll(async () => {
  withSni = await captureHello("api.test");
  withoutSni = await captureHello("");
});

describe("parseClientHello", () => {
  test("reads the SNI of a real ClientHello", () => {
    expect(parseClientHello(withSni)).toEqual({ kind: "sni", name: "api.test" });
  });

  test("a ClientHello without SNI", () => {
    expect(parseClientHello(withoutSni).kind).toBe("no_sni");
  });

  test("every strict prefix needs more (or is still readable), never a wrong name", () => {
    for (let n = 0; n < withSni.length; n += 7) {
      const r = parseClientHello(withSni.subarray(0, n));
      expect(["need_more", "sni"]).toContain(r.kind);
      if (r.kind === "sni") expect(r.name).toBe("api.test");
    }
  });

  test("a ClientHello split over two TLS records is reassembled", () => {
    const body = withSni.subarray(5);
    const cut = 40;
    const rec = (b: Buffer) => Buffer.concat([Buffer.from([22, 3, 1, b.length >> 8, b.length & 255]), b]);
    expect(parseClientHello(Buffer.concat([rec(body.subarray(0, cut)), rec(body.subarray(cut))]))).toEqual({ kind: "sni", name: "api.test" });
  });

  const broken: [string, (b: Buffer) => Buffer, string][] = [
    ["plain HTTP", () => Buffer.from("GET / HTTP/1.1\r\n\r\n"), "not_tls"],
    ["an SSH banner", () => Buffer.from("SSH-2.0-OpenSSH_9.6\r\n"), "not_tls"],
    ["a wrong record version", (b) => Buffer.concat([Buffer.from([22, 9]), b.subarray(2)]), "malformed"],
    ["a zero-length record", () => Buffer.from([22, 3, 1, 0, 0]), "malformed"],
    ["a ServerHello instead", (b) => { const c = Buffer.from(b); c[5] = 2; return c; }, "malformed"],
    ["an extension list overrunning the message", (b) => { const c = Buffer.from(b); const i = c.indexOf(Buffer.from("api.test")); c[i - 7] = 0xff; c[i - 6] = 0xff; return c; }, "malformed"],
    ["a non-host-name SNI", (b) => Buffer.from(b.toString("latin1").replace("api.test", "api/test"), "latin1"), "malformed"],
  ];
  test.each(broken)("%s → %s", (_n, make, kind) => {
    expect(parseClientHello(make(withSni)).kind as string).toBe(kind);
  });

  test("uppercase SNI with a trailing dot is normalised", () => {
    const up = Buffer.from(withSni.toString("latin1").replace("api.test", "API.TES."), "latin1");
    expect(parseClientHello(up)).toEqual({ kind: "sni", name: "api.tes" });
  });
});

describe("parseAuthority", () => {
  const cases: [string | undefined, ReturnType<typeof parseAuthority>][] = [
    ["api.test:443", { host: "api.test", port: 443 }],
    ["API.Test.:8443", { host: "api.test", port: 8443 }],
    ["93.184.216.34:443", { host: "93.184.216.34", port: 443 }],
    ["[2606:4700::1111]:443", { host: "2606:4700::1111", port: 443 }],
    ["api.test", undefined],
    ["api.test:0", undefined],
    ["api.test:65536", undefined],
    ["user@api.test:443", undefined],
    ["api.test:443/path", undefined],
    ["[not-v6]:443", undefined],
    ["a..b:443", undefined],
    [undefined, undefined],
  ];
  test.each(cases)("%p → %p", (text, expected) => {
    expect(parseAuthority(text)).toEqual(expected);
  });
});
