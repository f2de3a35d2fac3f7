import { afterEach, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { createMetrics, createSyslogEmitter, formatSyslog, parseSyslogAddress, sdValue, toAuditRecord } from "../../src/evidence/index.ts";
import { ALLOW_EVENT, DENY_EVENT, tmp } from "./_fixtures.ts";
import { until as untilWithin } from "../helpers/until.ts";
const until = (cond: () => boolean | Promise<boolean>, what: string, ms = 5000) => untilWithin(cond, what, ms, 5);

/** RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG */
const RFC5424 = /^<(\d{1,3})>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)) ([!-~]{1,255}) ([!-~]{1,48}) ([!-~]{1,128}) ([!-~]{1,32}) (\[pipelock@32473(?: [^= \]"]{1,32}="(?:[^"\\\]]|\\["\\\]])*")+\]) (\{.*\})$/s;

const deny = toAuditRecord(DENY_EVENT);
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Split an octet-counted stream (RFC 6587) into messages. */
function octetFrames(buf: string): string[] {
  const out: string[] = [];
  let rest = Buffer.from(buf);
  for (;;) {
    const sp = rest.indexOf(0x20);
    if (sp < 0) break;
    const len = Number(rest.subarray(0, sp).toString());
    if (rest.length < sp + 1 + len) break;
    out.push(rest.subarray(sp + 1, sp + 1 + len).toString("utf8"));
    rest = rest.subarray(sp + 1 + len);
  }
  return out;
}

function assertRfc5424(msg: string): void {
  const m = RFC5424.exec(msg);
  expect(m).not.toBeNull();
  expect(Number(m![1])).toBe(16 * 8 + 2); // local0, crit
  expect(m![4]).toBe("pipelock");
  expect(m![5]).toBe(String(process.pid));
  expect(m![6]).toBe("blocked");
  expect(m![7]).toContain('rule_id="dlp.aws_access_key_id"');
  expect(m![7]).toContain('mitre_technique="T1552.001"');
  expect(JSON.parse(m![8]!)).toMatchObject({ event: "blocked", rule_id: "dlp.aws_access_key_id" });
}

describe("syslog format", () => {
  test("RFC 5424 header, SD element and JSON MSG", () => {
    const msg = formatSyslog(deny, { facility: 16, hostname: "host-1", appName: "pipelock", procId: "42", instance: "i-1" }, 8192);
    expect(msg).toStartWith(`<130>1 ${deny.ts} host-1 pipelock 42 blocked [pipelock@32473 instance="i-1" door="fetch" decision="deny" action="block"`);
    expect(RFC5424.test(msg)).toBe(true);
  });

  test.each([
    ["info", toAuditRecord(ALLOW_EVENT), 16 * 8 + 6],
    ["warn", toAuditRecord({ ...DENY_EVENT, findings: [{ ...DENY_EVENT.findings[0]!, severity: "high" }] }), 16 * 8 + 4],
    ["critical", deny, 16 * 8 + 2],
  ] as const)("PRI for %s", (_s, rec, pri) => {
    expect(formatSyslog(rec, { facility: 16, hostname: "h", appName: "a", procId: "1", instance: "i" }, 8192)).toStartWith(`<${pri}>1 `);
  });

  test("SD values escape quote, backslash and bracket; header fields stay printable", () => {
    expect(sdValue('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
    const msg = formatSyslog({ ...deny, agent: 'x"y]z' }, { facility: 4, hostname: "bad host\n", appName: "p", procId: "1", instance: "i" }, 8192);
    expect(msg).toContain('agent="x\\"y\\]z"');
    expect(msg).toContain(" badhost p 1 ");
    expect(RFC5424.test(msg)).toBe(true);
  });

  test("an oversized record is shortened to fit the datagram", () => {
    const big = { ...deny, message: "m".repeat(20_000) };
    const msg = formatSyslog(big, { facility: 16, hostname: "h", appName: "pipelock", procId: "1", instance: "i" }, 2048);
    expect(Buffer.byteLength(msg)).toBeLessThanOrEqual(2048);
    expect(JSON.parse(msg.slice(msg.indexOf("] ") + 2))).toMatchObject({ truncated: true });
  });

  test.each(["udp://127.0.0.1:514", "tcp://[::1]:601", "tls://logs.example:6514"])("address %s parses", (a) => {
    expect(parseSyslogAddress(a).port).toBeGreaterThan(0);
  });
  test.each(["127.0.0.1:514", "http://h:1", "udp://h:99999"])("address %s is refused", (a) => {
    expect(() => parseSyslogAddress(a)).toThrow();
  });
});

describe("syslog transports (loopback receivers)", () => {
  test("UDP: one RFC 5424 message per datagram", async () => {
    const sock = createSocket("udp4");
    const got: string[] = [];
    sock.on("message", (b) => got.push(b.toString("utf8")));
    await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
    cleanups.push(() => sock.close());
    const m = createMetrics();
    const e = createSyslogEmitter({ address: `udp://127.0.0.1:${sock.address().port}`, minSeverity: "warn", facility: 16, tag: "pipelock", queueSize: 16, instance: "i" }, m);
    e.offer(deny);
    e.offer(toAuditRecord(ALLOW_EVENT)); // below min_severity
    e.offer(deny);
    await until(() => got.length === 2, "two datagrams");
    for (const g of got) assertRfc5424(g);
    expect(m.emitterFiltered.value(["syslog"])).toBe(1);
    await e.close(100);
  });

  test("TCP: octet-counted framing; reconnects after the collector drops the connection", async () => {
    let data = "";
    const conns: import("node:net").Socket[] = [];
    const server: Server = createServer((c) => {
      conns.push(c);
      c.on("data", (d) => (data += d.toString("utf8")));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    cleanups.push(() => server.close());
    const port = (server.address() as import("node:net").AddressInfo).port;
    const m = createMetrics();
    const e = createSyslogEmitter({ address: `tcp://127.0.0.1:${port}`, minSeverity: "info", facility: 16, tag: "pipelock", queueSize: 16, instance: "i", baseBackoffMs: 5 }, m);
    e.offer(deny);
    e.offer(deny);
    await until(() => octetFrames(data).length === 2, "two frames");
    for (const c of conns) c.destroy();
    await Bun.sleep(20);
    e.offer(deny);
    await until(() => octetFrames(data).length === 3, "a frame after reconnect");
    for (const f of octetFrames(data)) assertRfc5424(f);
    expect(conns.length).toBe(2);
    await e.close(100);
    for (const c of conns) c.destroy();
  });

  test("TLS: octet-counted over TLS (RFC 5425) with a private CA", async () => {
    const dir = tmp();
    const gen = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", join(dir, "k.pem"), "-out", join(dir, "c.pem"), "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], { encoding: "utf8" });
    expect(gen.status).toBe(0);
    let data = "";
    const server = createTlsServer({ key: readFileSync(join(dir, "k.pem")), cert: readFileSync(join(dir, "c.pem")) }, (c) => c.on("data", (d) => (data += d.toString("utf8"))));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    cleanups.push(() => server.close());
    const port = (server.address() as import("node:net").AddressInfo).port;
    const e = createSyslogEmitter({ address: `tls://127.0.0.1:${port}`, minSeverity: "info", facility: 16, tag: "pipelock", queueSize: 16, instance: "i", tlsCaFile: join(dir, "c.pem") }, createMetrics());
    e.offer(deny);
    await until(() => octetFrames(data).length === 1, "one TLS frame");
    assertRfc5424(octetFrames(data)[0]!);
    await e.close(100);
  });

  test("TLS with an untrusted certificate delivers nothing and counts the drop", async () => {
    const dir = tmp();
    expect(spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", join(dir, "k.pem"), "-out", join(dir, "c.pem"), "-days", "1", "-subj", "/CN=localhost"]).status).toBe(0);
    let data = "";
    const server = createTlsServer({ key: readFileSync(join(dir, "k.pem")), cert: readFileSync(join(dir, "c.pem")) }, (c) => c.on("data", (d) => (data += d.toString())));
    server.on("tlsClientError", () => {});
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    cleanups.push(() => server.close());
    const port = (server.address() as import("node:net").AddressInfo).port;
    const m = createMetrics();
    const e = createSyslogEmitter({ address: `tls://127.0.0.1:${port}`, minSeverity: "info", facility: 16, tag: "pipelock", queueSize: 16, instance: "i", baseBackoffMs: 5 }, m);
    e.offer(deny);
    await until(() => m.emitterDropped.value(["syslog", "failed"]) === 1, "the drop");
    expect(data).toBe("");
    await e.close(10);
  });
});
