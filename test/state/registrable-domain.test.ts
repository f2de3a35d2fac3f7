/**
 * @module registrableDomain: the built-in public-suffix heuristic — generic second levels under
 * country TLDs, listed shared platforms, IPs and single labels as their own base — and the places
 * where it is knowingly coarser than the full list.
 */
import { describe, expect, test } from "bun:test";
import { publicSuffix, registrableDomain } from "../../src/state/index.ts";

describe("registrableDomain", () => {
  test.each([
    ["example.com", "example.com"],
    ["a.b.c.example.com", "example.com"],
    ["API.Example.COM.", "example.com"],
    ["www.example.co.uk", "example.co.uk"],
    ["shop.example.com.au", "example.com.au"],
    ["x.example.co.jp", "example.co.jp"],
    ["mail.example.gov.br", "example.gov.br"],
    ["deep.a.example.me.uk", "example.me.uk"],
    ["alice.github.io", "alice.github.io"],
    ["docs.alice.github.io", "alice.github.io"],
    ["my-bucket.s3.amazonaws.com", "my-bucket.s3.amazonaws.com"],
    ["xyz.cloudfront.net", "xyz.cloudfront.net"],
    ["preview-42.vercel.app", "preview-42.vercel.app"],
    ["raw.githubusercontent.com", "raw.githubusercontent.com"],
    ["github.io", "github.io"],
    ["co.uk", "co.uk"],
    ["localhost", "localhost"],
    ["10.1.2.3", "10.1.2.3"],
    ["[::1]", "::1"],
    ["mail.web.de", "web.de"],
  ])("%s → %s", (host, base) => {
    expect(registrableDomain(host)).toBe(base);
  });

  test("unlisted multi-part suffixes fall back to the last two labels (coarser, never looser)", () => {
    expect(registrableDomain("a.example.unlisted.zz")).toBe("unlisted.zz");
  });

  test("public suffixes", () => {
    expect([publicSuffix("a.example.co.uk"), publicSuffix("a.b.github.io"), publicSuffix("example.org"), publicSuffix("10.0.0.1")]).toEqual(["co.uk", "github.io", "org", ""]);
  });

  test("a huge host name is bounded", () => {
    expect(registrableDomain(`${"a.".repeat(5000)}example.com`)).toBe("example.com");
  });
});
