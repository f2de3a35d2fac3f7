/**
 * DNS pinning and SSRF at connect time: the engine checks the answer, the connector dials exactly
 * an address from that answer, and never looks a host up twice. The dialer is a fake that records
 * targets; no test opens a connection to anything.
 */
import { describe, expect, test } from "bun:test";
import { PassThrough } from "node:stream";
import { scan, type Resolver } from "../../../src/engine/index.ts";
import { createConnector, recordingResolver, UpstreamError, type DialTarget } from "../../../src/doors/upstream/index.ts";
import { policyFrom, stubResolver } from "../../helpers/policy.ts";

const policy = policyFrom(`trusted_domains: ["trusted.test"]`);
const check = (url: string, r: Resolver, signal?: AbortSignal) => scan(policy, { kind: "url", url }, { resolver: r, ...(signal ? { signal } : {}) });

function recorder(fail: (t: DialTarget) => boolean = () => false) {
  const dials: DialTarget[] = [];
  return {
    dials,
    dial: async (t: DialTarget) => {
      dials.push(t);
      if (fail(t)) throw new UpstreamError("connect_failed", `refused ${t.address}`);
      return new PassThrough();
    },
  };
}

/** Answers public first, private on every later lookup (a rebinding DNS server). */
function rebinding(): Resolver & { lookups: number } {
  const r = {
    lookups: 0,
    async resolve() {
      r.lookups++;
      return r.lookups === 1 ? ["93.184.216.34"] : ["169.254.169.254"];
    },
  };
  return r;
}

describe("connector: checks before it dials", () => {
  const denied: [string, Record<string, string[]>, string][] = [
    ["a host resolving to loopback", { "a.test": ["127.0.0.1"] }, "a.test"],
    ["a host resolving to metadata", { "a.test": ["169.254.169.254"] }, "a.test"],
    ["one private address among public ones", { "a.test": ["93.184.216.34", "10.0.0.5"] }, "a.test"],
    ["an IPv4-mapped IPv6 loopback answer", { "a.test": ["::ffff:127.0.0.1"] }, "a.test"],
    ["a NAT64 form of a private address", { "a.test": ["64:ff9b::a00:1"] }, "a.test"],
    ["an unknown host (resolver failure)", {}, "nx.test"],
    ["an empty answer", { "a.test": [] }, "a.test"],
    ["a private IP literal", {}, "10.1.2.3"],
    ["a metadata IP literal", {}, "169.254.169.254"],
    ["an IPv6 loopback literal", {}, "::1"],
  ];
  test.each(denied)("denies %s without dialing", async (_name, table, host) => {
    const { dials, dial } = recorder();
    const connect = createConnector({ resolver: stubResolver(table), check, dial });
    const err = await connect({ host, port: 443, tls: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).failure).toBe("denied");
    expect((err as UpstreamError).verdict?.decision).toBe("deny");
    expect(dials).toEqual([]);
  });

  test("dials the checked address with SNI = host, after one lookup", async () => {
    const { dials, dial } = recorder();
    const resolver = stubResolver({ "pub.test": ["93.184.216.34"] });
    const connect = createConnector({ resolver, check, dial });
    await connect({ host: "pub.test", port: 443, tls: true });
    expect(resolver.lookups).toEqual(["pub.test"]);
    expect(dials).toEqual([{ address: "93.184.216.34", port: 443, tls: true, servername: "pub.test", alpn: ["http/1.1"] }]);
  });

  test("a rebinding resolver gets one lookup: the public answer that was checked is dialed", async () => {
    const { dials, dial } = recorder();
    const resolver = rebinding();
    const connect = createConnector({ resolver, check, dial });
    await connect({ host: "rebind.test", port: 80, tls: false });
    expect(resolver.lookups).toBe(1);
    expect(dials.map((d) => d.address)).toEqual(["93.184.216.34"]);
  });

  test("a door's own allowing scan pins the connect: no second lookup, the recorded answer is dialed", async () => {
    const { dials, dial } = recorder();
    const resolver = rebinding();
    const recording = recordingResolver(resolver);
    const verdict = await check("http://rebind.test/path?q=1", recording);
    expect(verdict.decision).toBe("allow");
    const connect = createConnector({ resolver, check, dial });
    await connect({ host: "rebind.test", port: 80, tls: false, checked: recording.checked("rebind.test") });
    expect(resolver.lookups).toBe(1);
    expect(dials.map((d) => d.address)).toEqual(["93.184.216.34"]);
  });

  test("a checked host for a different name is ignored (the connector checks itself)", async () => {
    const { dials, dial } = recorder();
    const resolver = stubResolver({ "evil.test": ["10.0.0.1"] });
    const connect = createConnector({ resolver, check, dial });
    const err = await connect({ host: "evil.test", port: 80, tls: false, checked: { host: "other.test", addresses: ["93.184.216.34"] } }).catch((e: unknown) => e);
    expect((err as UpstreamError).failure).toBe("denied");
    expect(dials).toEqual([]);
  });

  test("a trusted domain is not SSRF-checked but still resolved only once", async () => {
    const { dials, dial } = recorder();
    const resolver = stubResolver({ "trusted.test": ["10.0.0.7"] });
    const connect = createConnector({ resolver, check, dial });
    await connect({ host: "trusted.test", port: 8080, tls: false });
    expect(resolver.lookups).toEqual(["trusted.test"]);
    expect(dials.map((d) => [d.address, d.port, d.servername])).toEqual([["10.0.0.7", 8080, "trusted.test"]]);
  });

  test("IP literals are dialed directly with no SNI and no lookup", async () => {
    const { dials, dial } = recorder();
    const resolver = stubResolver({});
    const connect = createConnector({ resolver, check, dial });
    await connect({ host: "[2606:4700::1111]", port: 443, tls: true });
    expect(resolver.lookups).toEqual([]);
    expect(dials).toEqual([{ address: "2606:4700::1111", port: 443, tls: true, servername: undefined, alpn: ["http/1.1"] }]);
  });

  test("tries the next checked address when one fails, at most three", async () => {
    const { dials, dial } = recorder(() => true);
    const resolver = stubResolver({ "many.test": ["93.184.216.1", "93.184.216.2", "93.184.216.3", "93.184.216.4"] });
    const connect = createConnector({ resolver, check, dial });
    const err = await connect({ host: "many.test", port: 443, tls: true }).catch((e: unknown) => e);
    expect((err as UpstreamError).failure).toBe("connect_failed");
    expect(dials.map((d) => d.address)).toEqual(["93.184.216.1", "93.184.216.2", "93.184.216.3"]);
  });

  test("a canceled connect stops trying", async () => {
    const dials: DialTarget[] = [];
    const dial = async (t: DialTarget) => {
      dials.push(t);
      throw new UpstreamError("canceled", "canceled");
    };
    const connect = createConnector({ resolver: stubResolver({ "two.test": ["93.184.216.1", "93.184.216.2"] }), check, dial });
    const err = await connect({ host: "two.test", port: 443, tls: true }).catch((e: unknown) => e);
    expect((err as UpstreamError).failure).toBe("canceled");
    expect(dials.length).toBe(1);
  });
});

describe("recordingResolver", () => {
  test("looks each host up once, shares concurrent lookups, case-insensitive", async () => {
    const base = stubResolver({ "a.test": ["93.184.216.34"] });
    const r = recordingResolver(base);
    const [x, y] = await Promise.all([r.resolve("a.test"), r.resolve("A.TEST.")]);
    expect(x).toEqual(["93.184.216.34"]);
    expect(y).toEqual(["93.184.216.34"]);
    expect(base.lookups).toEqual(["a.test"]);
    expect(r.answer("a.test")).toEqual(["93.184.216.34"]);
    expect(r.checked("a.test")).toEqual({ host: "a.test", addresses: ["93.184.216.34"] });
  });

  test("a failed lookup records no answer", async () => {
    const r = recordingResolver(stubResolver({}));
    await expect(r.resolve("nx.test")).rejects.toThrow();
    expect(r.answer("nx.test")).toBeUndefined();
  });

  test("bounds the hosts one request may resolve", async () => {
    const table = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`h${i}.test`, ["93.184.216.34"]]));
    const r = recordingResolver(stubResolver(table));
    const results = await Promise.allSettled(Object.keys(table).map((h) => r.resolve(h)));
    expect(results.filter((x) => x.status === "fulfilled").length).toBe(8);
  });
});
