/**
 * @module WebSocket glue: upgrades on the main listener (`/ws?url=`, or an absolute-URI upgrade from
 * a proxy client) and inside intercepted tunnels go to the WebSocket door (src/doors/websocket),
 * whose admission is this door's request check — URL with a recording resolver (so the upstream
 * connect is pinned to the checked address), forwarded header values, rate limits — and whose
 * messages are scanned by the engine with the policy captured at upgrade time.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { checkRequest, DENY_CODES, rawHeader, AGENT_HEADER, type HttpDoorContext } from "../http/index.ts";
import { recordingResolver } from "../upstream/index.ts";
import {
  createConnectionGate,
  engineMessageScanner,
  handleWsUpgrade,
  proxyWebSocket,
  type WsAdmission,
  type WsAdmissionRequest,
  type WsDoorDeps,
} from "../websocket/index.ts";
import type { WebsocketSettings } from "../../config/index.ts";
import type { TunnelUpgrade } from "./intercept.ts";
import type { UpgradeDoor } from "./listener.ts";

export interface WebSocketDoor extends UpgradeDoor {
  /** For createTunnelInterceptor: upgrades inside intercepted tunnels. */
  readonly tunnel: TunnelUpgrade;
}

/** `settings` is read per upgrade (reloads apply to new connections); the connection limit is fixed at start. */
export function createWebSocketDoor(ctx: HttpDoorContext, settings: () => WebsocketSettings): WebSocketDoor {
  const gate = createConnectionGate(settings().maxConnections);
  const depsFor = (): WsDoorDeps => {
    const view = ctx.view();
    return {
      connector: ctx.connector,
      sink: ctx.sink,
      settings: settings(),
      gate,
      scanMessage: engineMessageScanner((subject) => view.scan(subject)),
      admit: (request) => admitWebSocket(ctx, request),
    };
  };
  const agentOf = (req: IncomingMessage) => rawHeader(req.rawHeaders, AGENT_HEADER);
  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Uint8Array, target: URL | undefined) {
      const agent = agentOf(req);
      const context = agent !== undefined ? { agent } : {};
      if (target) {
        const ws = new URL(target.href);
        ws.protocol = target.protocol === "https:" ? "wss:" : "ws:";
        void proxyWebSocket(req, socket, head, ws, depsFor(), context).catch(() => socket.destroy());
        return;
      }
      void handleWsUpgrade(req, socket, head, depsFor(), context).catch(() => socket.destroy());
    },
    tunnel(req, socket, head, target) {
      const agent = agentOf(req);
      void proxyWebSocket(req, socket, head, target, depsFor(), agent !== undefined ? { agent } : {}).catch(() => socket.destroy());
    },
  };
}

/** The HTTP request check applied to a WebSocket handshake. */
async function admitWebSocket(ctx: HttpDoorContext, request: WsAdmissionRequest): Promise<WsAdmission> {
  const view = ctx.view();
  const host = request.target.hostname.startsWith("[") ? request.target.hostname.slice(1, -1) : request.target.hostname;
  const resolver = recordingResolver(ctx.resolver);
  const rawHeaders = request.headers.flatMap(([n, v]) => [n, v]);
  const check = await checkRequest(view, ctx.inspection, ctx.admission, { url: request.url, host, rawHeaders, ...(request.agent !== undefined ? { agent: request.agent } : {}) }, resolver, undefined);
  if (check.allowed) return { allow: true, checked: resolver.checked(host), findings: check.warnings };
  return {
    allow: false,
    status: DENY_CODES[check.block.code],
    reason: check.block.reason,
    ...(check.block.findings ? { findings: check.block.findings } : {}),
    ...(check.block.failure ? { failure: check.block.failure } : {}),
  };
}
