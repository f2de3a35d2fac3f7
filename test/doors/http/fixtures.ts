/**
 * @module Test harness for the HTTP doors: the real engine and policy (built-in packs), the door
 * runtime `pipelock run` uses, a resolver answering from a table (no DNS), an optional dialer that
 * records targets, and loopback upstream servers. Nothing here touches a non-loopback address: the
 * default dialer refuses anything but 127.0.0.1/::1.
 */
import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import type { Resolver } from "../../../src/engine/index.ts";
import type { DecisionEvent } from "../../../src/evidence/index.ts";
import { createWebSocketDoor, startMainListener, type Interceptor, type MainListener, type UpgradeDoor } from "../../../src/doors/forward/index.ts";
import { toWebsocketSettings } from "../../../src/config/index.ts";
import type { HttpDoorContext, HttpSettings, Inspection } from "../../../src/doors/http/index.ts";
import { createDial, type Dial, type DialTarget, type FetchDial } from "../../../src/doors/upstream/index.ts";
import { createDoorRuntime, type DoorRuntime } from "../../../src/commands/_http-doors.ts";
import type { PolicyBuild } from "../../../src/policy/index.ts";
import { buildFrom, stubResolver } from "../../helpers/policy.ts";

/** Loopback upstreams are internal: tests allow them explicitly, as a user would. */
export const TEST_CONFIG = `
ssrf:
  ip_allowlist: ["127.0.0.0/8"]
fetch_proxy:
  monitoring:
    max_requests_per_minute: 100000
`;

export interface HarnessOptions {
  readonly config?: string;
  /** Resolver table (host → addresses); ignored when `resolver` is given. */
  readonly table?: Record<string, string[]>;
  readonly resolver?: Resolver;
  readonly dial?: Dial;
  readonly fetchDial?: FetchDial;
  readonly inspection?: Inspection;
  readonly interceptor?: Interceptor;
  /** Build the interceptor from the harness's door context (TLS interception tests). */
  readonly interceptorFor?: (ctx: HttpDoorContext) => Interceptor;
  readonly upgrade?: UpgradeDoor;
  /** Mount the WebSocket door (websocket_proxy from the config) on the listener. */
  readonly websocket?: boolean;
  readonly headersTimeoutMs?: number;
  readonly extraCa?: readonly string[];
  readonly tune?: (settings: HttpSettings) => HttpSettings;
  readonly killSwitch?: () => string | undefined;
}

export interface Harness {
  readonly port: number;
  readonly proxy: string;
  readonly events: DecisionEvent[];
  readonly dials: DialTarget[];
  readonly runtime: DoorRuntime;
  readonly build: PolicyBuild;
  readonly listener: MainListener;
  stop(): Promise<void>;
}

/** A dialer that refuses every non-loopback address (belt and braces) and records what it dialed. */
export function loopbackDial(dials: DialTarget[], extraCa?: readonly string[]): Dial {
  const real = createDial({ connectTimeoutMs: 2_000, ...(extraCa ? { extraCa } : {}) });
  return async (target, signal) => {
    dials.push(target);
    if (target.address !== "127.0.0.1" && target.address !== "::1") throw new Error(`test dialer: refusing non-loopback ${target.address}`);
    return real(target, signal);
  };
}

/** The fetch() leg's twin of loopbackDial: records the target, refuses anything but loopback. */
export function loopbackFetchDial(dials: DialTarget[]): FetchDial {
  return async (target, url, init) => {
    dials.push(target);
    if (target.address !== "127.0.0.1" && target.address !== "::1") throw new Error(`test dialer: refusing non-loopback ${target.address}`);
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    if (host !== target.address) throw new Error(`test dialer: url ${url} is not the dial target ${target.address}`);
    return fetch(url, init);
  };
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const build = buildFrom(o.config ?? TEST_CONFIG);
  const events: DecisionEvent[] = [];
  const dials: DialTarget[] = [];
  const runtime = createDoorRuntime({
    current: () => build,
    sink: { emit: (e) => events.push(e) },
    resolver: o.resolver ?? stubResolver(o.table ?? { "api.test": ["127.0.0.1"] }),
    dial: o.dial ?? loopbackDial(dials, o.extraCa),
    fetchDial: o.fetchDial ?? loopbackFetchDial(dials),
    ...(o.extraCa ? { extraCa: o.extraCa } : {}),
    ...(o.inspection ? { inspection: o.inspection } : {}),
    ...(o.tune ? { tune: o.tune } : {}),
    ...(o.killSwitch ? { killSwitch: o.killSwitch } : {}),
  });
  const listener = await startMainListener({
    hostname: "127.0.0.1",
    port: 0,
    ctx: runtime.ctx,
    health: () => ({ status: "ok" }),
    ...(o.interceptor ? { interceptor: o.interceptor } : o.interceptorFor ? { interceptor: o.interceptorFor(runtime.ctx) } : {}),
    ...(o.upgrade ? { upgrade: o.upgrade } : o.websocket ? { upgrade: createWebSocketDoor(runtime.ctx, () => toWebsocketSettings(build.config.config.websocket_proxy)) } : {}),
    ...(o.headersTimeoutMs !== undefined ? { headersTimeoutMs: o.headersTimeoutMs } : {}),
  });
  return {
    port: listener.port,
    proxy: `http://127.0.0.1:${listener.port}`,
    events,
    dials,
    runtime,
    build,
    listener,
    async stop() {
      await listener.stop();
    },
  };
}

export interface Upstream {
  readonly port: number;
  stop(): void;
}

/** A loopback HTTP upstream. */
export function startUpstream(handler: (req: Request) => Response | Promise<Response>): Upstream {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler, idleTimeout: 10 });
  return { port: server.port!, stop: () => void server.stop(true) };
}

/** A loopback TCP server running `onSocket` for each connection (resets, hangs, raw answers). */
export async function startRawUpstream(onSocket: (s: net.Socket) => void): Promise<Upstream & { sockets: net.Socket[] }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => {
    sockets.push(s);
    s.on("error", () => {});
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    sockets,
    stop() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

export interface ProxiedResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** True when the response ended abnormally (cut). */
  readonly aborted: boolean;
}

/** Send one request through the proxy with node:http (absolute-form target). */
export function viaProxy(proxyPort: number, target: string, init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {}): Promise<ProxiedResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: proxyPort, method: init.method ?? "GET", path: target, headers: init.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("aborted", () => (aborted = true));
      res.on("error", () => (aborted = true));
      res.on("close", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), aborted: aborted || !res.complete }));
    });
    req.on("error", reject);
    if (init.body !== undefined) req.end(init.body);
    else req.end();
  });
}

/** Read from a raw socket until it closes (bounded), returning all text. */
export function readUntilClose(s: Duplex, limitMs = 10_000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => done(), limitMs);
    const done = () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("latin1"));
    };
    s.on("data", (c: Buffer) => chunks.push(c));
    s.on("close", done);
    s.on("error", () => {});
  });
}

/** Wait until `predicate` holds (events arrive after the answer in some paths). Bounded. */
export async function eventually(predicate: () => boolean, limitMs = 5_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error("condition not reached in time");
    await Bun.sleep(10);
  }
}

/** A loopback SSE upstream that sends `data: tick N` every 20 ms until its reader goes away. */
export function startTickingSse(): { readonly port: number; cancelled(): boolean; stop(): void } {
  let cancelled = false;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 30,
    fetch: () => {
      let n = 0;
      let timer: ReturnType<typeof setInterval> | undefined;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          timer = setInterval(() => {
            try {
              c.enqueue(new TextEncoder().encode(`data: tick ${n++}\n\n`));
            } catch {
              clearInterval(timer);
            }
          }, 20);
        },
        cancel() {
          clearInterval(timer);
          cancelled = true;
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    },
  });
  return { port: server.port!, cancelled: () => cancelled, stop: () => void server.stop(true) };
}

/** A loopback WebSocket upstream: `reply` answers each text message (undefined: no answer); closes are recorded. */
export function startWsUpstream(reply: (text: string) => string | undefined): { readonly port: number; readonly received: string[]; readonly closes: { code: number; reason: string }[]; stop(): void } {
  const received: string[] = [];
  const closes: { code: number; reason: string }[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req, srv) {
      if (srv.upgrade(req, { data: undefined })) return undefined;
      return new Response("not a websocket", { status: 400 });
    },
    websocket: {
      message(ws, msg) {
        const text = String(msg);
        received.push(text);
        const answer = reply(text);
        if (answer !== undefined) ws.send(answer);
      },
      close(_ws, code, reason) {
        closes.push({ code, reason });
      },
    },
  });
  return { port: server.port!, received, closes, stop: () => void server.stop(true) };
}
