/**
 * @module Syslog emitter (RFC 5424) over UDP (one message per datagram, RFC 5426), TCP or TLS
 * (octet-counted framing `LEN SP MSG`, RFC 6587 / RFC 5425). Stream connections are opened on
 * demand, reused, and destroyed on any error or timeout so a hanging collector cannot pile up
 * buffered bytes; the queue retries with backoff and counts what it drops.
 */
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { isIP, connect as netConnect, type Socket } from "node:net";
import { hostname } from "node:os";
import { connect as tlsConnect } from "node:tls";
import type { AuditRecord } from "../audit.ts";
import type { PipelockMetrics } from "../metrics/index.ts";
import { filteredEmitter, type Emitter } from "./emitter.ts";
import { DeliveryQueue, type SendResult } from "./queue.ts";
import { formatSyslog, type SyslogHeader } from "./syslog-format.ts";

/** Largest datagram sent (longer messages carry a shortened MSG). */
export const MAX_UDP_MESSAGE_BYTES = 8192;
/** Largest framed message on a stream. */
export const MAX_STREAM_MESSAGE_BYTES = 64 * 1024;
const SYSLOG_BATCH = 32;

export interface SyslogSettings {
  readonly address: string;
  readonly minSeverity: "info" | "warn" | "critical";
  readonly facility: number;
  readonly tag: string;
  readonly queueSize: number;
  readonly instance: string;
  readonly tlsCaFile?: string;
  readonly timeoutMs?: number;
  readonly baseBackoffMs?: number;
}

export function parseSyslogAddress(address: string): { proto: "udp" | "tcp" | "tls"; host: string; port: number } {
  const m = /^(udp|tcp|tls):\/\/(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(address);
  if (!m || Number(m[4]) > 65535) throw new Error(`syslog address "${address}" must be udp://host:port, tcp://host:port or tls://host:port`);
  return { proto: m[1] as "udp" | "tcp" | "tls", host: m[2] ?? m[3]!, port: Number(m[4]) };
}

export function createSyslogEmitter(s: SyslogSettings, metrics?: PipelockMetrics, onError?: (m: string) => void): Emitter {
  const addr = parseSyslogAddress(s.address);
  const header: SyslogHeader = { facility: s.facility, hostname: hostname(), appName: s.tag, procId: String(process.pid), instance: s.instance };
  const transport = addr.proto === "udp" ? udpTransport(addr.host, addr.port) : streamTransport(addr.proto, addr.host, addr.port, s.tlsCaFile);
  const maxBytes = addr.proto === "udp" ? MAX_UDP_MESSAGE_BYTES : MAX_STREAM_MESSAGE_BYTES;
  const queue = new DeliveryQueue<AuditRecord>(
    {
      name: "syslog",
      capacity: s.queueSize,
      batchSize: SYSLOG_BATCH,
      timeoutMs: s.timeoutMs ?? 5000,
      maxRetries: 3,
      ...(s.baseBackoffMs !== undefined ? { baseBackoffMs: s.baseBackoffMs } : {}),
      ...(metrics ? { metrics } : {}),
      ...(onError ? { onError } : {}),
    },
    (batch, signal) => transport.send(batch.map((r) => formatSyslog(r, header, maxBytes)), signal),
  );
  return filteredEmitter("syslog", s.minSeverity, queue, metrics, () => transport.close());
}

interface Transport {
  send(messages: readonly string[], signal: AbortSignal): Promise<SendResult>;
  close(): void;
}

function udpTransport(host: string, port: number): Transport {
  let sock: UdpSocket | undefined;
  return {
    async send(messages) {
      sock ??= createSocket(isIP(host) === 6 ? "udp6" : "udp4").on("error", () => {
        sock?.close();
        sock = undefined;
      });
      const s = sock;
      for (const m of messages) {
        const err = await new Promise<Error | null>((resolve) => s.send(Buffer.from(m, "utf8"), port, host, (e) => resolve(e ?? null)));
        if (err) return { ok: false, retry: true, error: err.message };
      }
      return { ok: true };
    },
    close() {
      sock?.close();
      sock = undefined;
    },
  };
}

function streamTransport(proto: "tcp" | "tls", host: string, port: number, caFile: string | undefined): Transport {
  let sock: Socket | undefined;
  const ca = caFile ? readFileSync(caFile) : undefined;
  const drop = () => {
    sock?.destroy();
    sock = undefined;
  };
  const open = (signal: AbortSignal) =>
    new Promise<Socket>((resolve, reject) => {
      const s: Socket =
        proto === "tls"
          ? tlsConnect({ host, port, servername: isIP(host) ? undefined : host, ...(ca ? { ca } : {}) }, () => resolve(s))
          : netConnect({ host, port }, () => resolve(s));
      s.once("error", reject);
      signal.addEventListener("abort", () => {
        s.destroy();
        reject(new Error("connect aborted"));
      }, { once: true });
    });
  return {
    async send(messages, signal) {
      try {
        if (!sock || sock.destroyed) {
          sock = await open(signal);
          sock.on("error", drop).on("close", () => (sock = undefined));
          sock.setNoDelay(true);
        }
        const s = sock;
        const framed = messages.map((m) => `${Buffer.byteLength(m, "utf8")} ${m}`).join("");
        signal.addEventListener("abort", () => s.destroy(), { once: true });
        await new Promise<void>((resolve, reject) => s.write(framed, "utf8", (e) => (e ? reject(e) : resolve())));
        return { ok: true };
      } catch (err) {
        drop();
        return { ok: false, retry: true, error: (err as Error).message };
      }
    },
    close() {
      sock?.end();
      sock = undefined;
    },
  };
}
