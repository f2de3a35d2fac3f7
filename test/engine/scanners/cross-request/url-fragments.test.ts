/** @module urlFragments: which parts of a URL become cross-request pieces. */
import { describe, expect, test } from "bun:test";
import { urlFragments } from "../../../../src/engine/scanners/cross-request/index.ts";

const fields = (url: string) => urlFragments(url).map((f) => `${f.field}=${f.text}`);

describe("urlFragments", () => {
  test.each([
    ["a subdomain label of a 3-label host is a piece", "https://q7zt.collect.example/", ["host-label=q7zt"]],
    ["a 2-label host gives none", "https://collect.example/", []],
    ["an IPv4 literal gives none", "http://10.20.30.40/", []],
    ["an IPv4 literal spelled in hex is normalised first, then gives none", "http://0x0a.0x14.0x1e.0x28/", []],
    ["an IPv6 literal gives none", "http://[fd00::1]/", []],
    ["unparseable input gives none", "not a url", []],
  ])("%s", (_name, url, want) => {
    expect(fields(url)).toEqual(want);
  });
});
