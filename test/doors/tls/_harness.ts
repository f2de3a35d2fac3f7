/**
 * @module A loopback CONNECT harness for interception tests: a node:http proxy whose 'connect'
 * handler intercepts through a TlsInterceptor and feeds the TLS socket into an inner node:http
 * server (the pattern the forward-proxy door uses), or splices passthrough hosts to a loopback port.
 */
import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { serveTlsConnection, type TlsInterceptor, type InterceptRejection } from "../../../src/doors/tls/index.ts";

export interface Seen {
  method: string;
  url: string;
  host: string | undefined;
  body: string;
  servername: unknown;
  encrypted: boolean;
}

export interface Harness {
  port: number;
  seen: Seen[];
  rejections: { reason: InterceptRejection; detail: string }[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Read the first chunk (the ClientHello) before wrapping and replay it as `head`. */
  peekFirst?: boolean;
  /** Where passthrough tunnels are spliced to. */
  passthroughPort?: number;
  /** Inner handler override (default: echo what was seen). */
  handler?: (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void;
}

export async function startHarness(interceptor: TlsInterceptor, options: HarnessOptions = {}): Promise<Harness> {
  const seen: Seen[] = [];
  const rejections: Harness["rejections"] = [];
  const sockets = new Set<Duplex>();
  const inner = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s = req.socket as unknown as { servername?: unknown; encrypted?: boolean };
      const entry: Seen = { method: req.method ?? "", url: req.url ?? "", host: req.headers.host, body: Buffer.concat(chunks).toString(), servername: s.servername, encrypted: s.encrypted === true };
      seen.push(entry);
      if (options.handler) return options.handler(req, res, entry);
      res.setHeader("content-type", "text/plain");
      res.end(`inner saw ${entry.method} ${entry.url} body=${entry.body}`);
    });
  });
  const proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on("connect", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const [host = "", portText = "443"] = (req.url ?? "").split(/:(?=\d+$)/);
    if (!interceptor.shouldIntercept(host)) {
      const up = net.connect(options.passthroughPort ?? 9, "127.0.0.1", () => {
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length) up.write(head);
        socket.pipe(up).pipe(socket);
      });
      up.on("error", () => socket.destroy());
      void portText;
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    const go = (first: Uint8Array) =>
      interceptor
        .acceptTls(socket, host, { head: first, onReject: (reason, detail) => rejections.push({ reason, detail }) })
        .then((tlsSocket) => serveTlsConnection(inner, tlsSocket))
        .catch(() => socket.destroy());
    if (options.peekFirst) socket.once("data", (chunk: Buffer) => { socket.pause(); void go(Buffer.concat([head, chunk])); });
    else void go(head);
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  return {
    port: (proxy.address() as net.AddressInfo).port,
    seen,
    rejections,
    close: async () => {
      for (const s of sockets) s.destroy();
      inner.close();
      await new Promise<void>((r) => proxy.close(() => r()));
    },
  };
}

/** Open a CONNECT tunnel through the harness and return the raw socket once 200 arrived. */
export function connectTunnel(port: number, authority: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const raw = net.connect(port, "127.0.0.1");
    raw.once("error", reject);
    raw.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`);
    let buf = "";
    const onData = (d: Buffer) => {
      buf += d.toString("latin1");
      if (!buf.includes("\r\n\r\n")) return;
      raw.off("data", onData);
      if (!buf.startsWith("HTTP/1.1 200")) return reject(new Error(buf));
      resolve(raw);
    };
    raw.on("data", onData);
  });
}
