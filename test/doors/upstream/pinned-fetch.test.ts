/**
 * The fetch() upstream leg: it sends to the checked address itself (never the name), keeps the
 * agent's Host, names the host for TLS (SNI and certificate), tries the next checked address only
 * when the first refused the connection, never sends for a denied destination, and maps failures
 * to the door's reasons. The "network" is a fake that records what would be sent; nothing connects.
 */
import { describe, expect, test } from "bun:test";
import { scan, type Resolver } from "../../../src/engine/index.ts";
import { createPinnedFetch, UpstreamError, type DialTarget, type FetchDial } from "../../../src/doors/upstream/index.ts";
import { policyFrom, stubResolver } from "../../helpers/policy.ts";

const policy = policyFrom("");
const check = (url: string, r: Resolver, signal?: AbortSignal) => scan(policy, { kind: "url", url }, { resolver: r, ...(signal ? { signal } : {}) });
const failure = (code: string) => Object.assign(new Error(`fake ${code}`), { code });

interface Sent {
  target: DialTarget;
  url: string;
  init: RequestInit & { tls?: { serverName?: string; ca?: string[] } };
}

function fake(answer: (sent: Sent) => Response | Error | Promise<never>) {
  const sent: Sent[] = [];
  const fetchDial: FetchDial = async (target, url, init) => {
    const s = { target, url, init: init as Sent["init"] };
    sent.push(s);
    const a = answer(s);
    if (a instanceof Error) throw a;
    return a;
  };
  return { sent, fetchDial };
}

const request = (host: string, tls = false, extra: Partial<Parameters<ReturnType<typeof createPinnedFetch>>[0]> = {}) => ({
  target: { host, port: tls ? 443 : 80, tls },
  method: "GET",
  path: "/docs?q=1",
  headers: [["Host", host]] as [string, string][],
  timeoutMs: 2_000,
  ...extra,
});

describe("pinned fetch", () => {
  test("sends to the checked address with the agent's Host; TLS names the host", async () => {
    const f = fake(() => new Response("ok"));
    const pinned = createPinnedFetch({ resolver: stubResolver({ "docs.example.com": ["93.184.216.34"] }), check, fetchDial: f.fetchDial });
    const { response } = await pinned(request("docs.example.com", true));
    expect(await response.text()).toBe("ok");
    expect(f.sent).toHaveLength(1);
    expect(f.sent[0]!.url).toBe("https://93.184.216.34:443/docs?q=1");
    expect(new Headers(f.sent[0]!.init.headers).get("host")).toBe("docs.example.com");
    expect(f.sent[0]!.init.tls?.serverName).toBe("docs.example.com");
    expect(f.sent[0]!.init.redirect).toBe("manual");
  });

  test("an IPv6 answer is bracketed; an IP-literal host gets no server name", async () => {
    const f = fake(() => new Response("ok"));
    const pinned = createPinnedFetch({ resolver: stubResolver({ "v6.example.com": ["2606:2800:220:1:248:1893:25c8:1946"] }), check, fetchDial: f.fetchDial });
    await pinned(request("v6.example.com"));
    expect(f.sent[0]!.url).toBe("http://[2606:2800:220:1:248:1893:25c8:1946]:80/docs?q=1");
    await pinned({ ...request("93.184.216.34", true) });
    expect(f.sent[1]!.init.tls?.serverName).toBeUndefined();
  });

  test("a refused connection tries the next checked address; a reset does not", async () => {
    const refused = fake((s) => (s.target.address === "93.184.216.34" ? failure("ECONNREFUSED") : new Response("second")));
    const two = stubResolver({ "two.example.com": ["93.184.216.34", "93.184.216.35"] });
    const { response } = await createPinnedFetch({ resolver: two, check, fetchDial: refused.fetchDial })(request("two.example.com"));
    expect(await response.text()).toBe("second");
    expect(refused.sent.map((s) => s.target.address)).toEqual(["93.184.216.34", "93.184.216.35"]);

    const reset = fake(() => failure("ECONNRESET"));
    const err = await createPinnedFetch({ resolver: two, check, fetchDial: reset.fetchDial })(request("two.example.com")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).failure).toBe("upstream_reset");
    expect(reset.sent).toHaveLength(1);
  });

  test.each([
    ["an internal answer", { "meta.example.com": ["169.254.169.254"] }, "meta.example.com", "denied"],
    ["a resolver failure", {}, "nowhere.example.com", "denied"],
  ])("%s is refused before anything is sent", async (_, table, host, expected) => {
    const f = fake(() => new Response("should not be sent"));
    const err = await createPinnedFetch({ resolver: stubResolver(table), check, fetchDial: f.fetchDial })(request(host)).catch((e: unknown) => e);
    expect((err as UpstreamError).failure).toBe(expected as UpstreamError["failure"]);
    expect(f.sent).toHaveLength(0);
  });

  test.each([
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls_failed"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls_failed"],
    ["ECONNREFUSED", "connect_failed"],
    ["ETIMEDOUT", "connect_timeout"],
  ])("a %s failure is reported as %s", async (code, expected) => {
    const f = fake(() => failure(code));
    const err = await createPinnedFetch({ resolver: stubResolver({ "x.example.com": ["93.184.216.34"] }), check, fetchDial: f.fetchDial })(request("x.example.com", true)).catch((e: unknown) => e);
    expect((err as UpstreamError).failure).toBe(expected as UpstreamError["failure"]);
  });

  test("a failure message never repeats the URL (its query could carry agent data)", async () => {
    const f = fake(() => Object.assign(new Error('ERR_TLS_CERT_ALTNAME_INVALID fetching "https://93.184.216.34:443/docs?q=hunter2". For more information'), { code: "ERR_TLS_CERT_ALTNAME_INVALID" }));
    const err = (await createPinnedFetch({ resolver: stubResolver({ "x.example.com": ["93.184.216.34"] }), check, fetchDial: f.fetchDial })(request("x.example.com", true)).catch((e: unknown) => e)) as UpstreamError;
    expect(err.failure).toBe("tls_failed");
    expect(err.message).not.toContain("hunter2");
    expect(err.message).toContain("[url]");
  });

  test("no answer within the deadline is response_timeout; a client that left is canceled", async () => {
    const hang = fake((s) => new Promise<never>((_, reject) => s.init.signal?.addEventListener("abort", () => reject(failure("ABORT_ERR")))));
    const pinned = createPinnedFetch({ resolver: stubResolver({ "slow.example.com": ["93.184.216.34"] }), check, fetchDial: hang.fetchDial });
    const timedOut = await pinned(request("slow.example.com", false, { timeoutMs: 20 })).catch((e: unknown) => e);
    expect((timedOut as UpstreamError).failure).toBe("response_timeout");
    const client = new AbortController();
    const pending = pinned(request("slow.example.com", false, { signal: client.signal })).catch((e: unknown) => e);
    setTimeout(() => client.abort(), 10);
    expect(((await pending) as UpstreamError).failure).toBe("canceled");
  });
});
