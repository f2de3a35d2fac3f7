/** @module The forward proxy: the main listener, absolute-URI HTTP, CONNECT tunnels and the interception hook. */
export { startMainListener, type MainListener, type MainListenerOptions, type UpgradeDoor } from "./listener.ts";
export { handleConnect, type Interceptor, type TunnelCounter } from "./connect.ts";
export { proxyExchange, type ExchangeTarget } from "./exchange.ts";
export { parseAuthority, type Authority } from "./authority.ts";
export { parseClientHello, MAX_HELLO_BYTES, type HelloResult } from "./client-hello.ts";
export { peekClientHello, HELLO_TIMEOUT_MS } from "./peek-hello.ts";
export { relayTunnel, type TunnelEnd, type TunnelLimits } from "./tunnel.ts";
export { createConnectionGuard, HEADERS_TIMEOUT_MS, KEEP_ALIVE_IDLE_MS, MAX_CONNECTIONS, type ConnectionGuard } from "./connection-guard.ts";
export { createTunnelInterceptor, type TunnelUpgrade } from "./intercept.ts";
export { createWebSocketDoor, type WebSocketDoor } from "./websocket-glue.ts";
