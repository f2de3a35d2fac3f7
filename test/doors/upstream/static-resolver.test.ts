/** dns.static_hosts: fixed answers in front of an optional fallback; unmapped names fail without one. */
import { describe, expect, test } from "bun:test";
import { staticHostsResolver } from "../../../src/doors/upstream/index.ts";
import { stubResolver } from "../../helpers/policy.ts";

describe("staticHostsResolver", () => {
  test("answers mapped names (case and trailing dot ignored) without the fallback", async () => {
    const fallback = stubResolver({ "other.test": ["93.184.216.34"] });
    const r = staticHostsResolver({ hosts: { "Api.Test": ["127.0.0.1", "::1"] }, fallback });
    expect(await r.resolve("api.test.")).toEqual(["127.0.0.1", "::1"]);
    expect(fallback.lookups).toEqual([]);
    expect(await r.resolve("other.test")).toEqual(["93.184.216.34"]);
  });

  test("with no fallback (dns.system: false) an unmapped name fails", async () => {
    const r = staticHostsResolver({ hosts: { "api.test": ["127.0.0.1"] }, fallback: undefined });
    await expect(r.resolve("example.org")).rejects.toThrow(/not in dns.static_hosts/);
  });

  test.each([[{ "a.test": ["not-an-ip"] }], [{ "a.test": [] as string[] }]])("rejects a bad table %p", (hosts) => {
    expect(() => staticHostsResolver({ hosts, fallback: undefined })).toThrow(TypeError);
  });
});
