/** Hop-by-hop headers (RFC 9110 §7.6.1), Connection-listed names, pipelock's own headers, Via. */
import { describe, expect, test } from "bun:test";
import { forwardHeaders, withoutProxyAuth } from "../../../src/doors/http/index.ts";

const flat = (pairs: [string, string][]) => pairs.flat();

describe("forwardHeaders", () => {
  const cases: [string, [string, string][], [string, string][]][] = [
    ["drops every fixed hop-by-hop header", [["Connection", "keep-alive"], ["Keep-Alive", "timeout=5"], ["Proxy-Connection", "keep-alive"], ["Proxy-Authorization", "Basic eA=="], ["TE", "trailers"], ["Trailer", "x"], ["Transfer-Encoding", "chunked"], ["Upgrade", "h2c"], ["Accept", "*/*"]], [["Accept", "*/*"], ["Via", "1.1 pipelock"]]],
    ["drops headers named in Connection (any case, several fields)", [["Connection", "X-Secret, close"], ["connection", "x-other"], ["X-Secret", "1"], ["X-OTHER", "2"], ["X-Kept", "3"]], [["X-Kept", "3"], ["Via", "1.1 pipelock"]]],
    ["drops inbound pipelock headers (anti-forgery)", [["X-Pipelock-Agent", "a"], ["X-Pipelock-Decision", "allow"], ["Accept", "x"]], [["Accept", "x"], ["Via", "1.1 pipelock"]]],
    ["appends to an existing Via", [["Via", "1.0 squid"], ["Via", "1.1 edge"]], [["Via", "1.0 squid, 1.1 edge, 1.1 pipelock"]]],
    ["keeps duplicates and order of end-to-end headers", [["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]], [["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"], ["Via", "1.1 pipelock"]]],
  ];
  test.each(cases)("%s", (_n, input, expected) => {
    expect(forwardHeaders(flat(input), { via: true })).toEqual(expected);
  });

  test("extra drops and no Via", () => {
    expect(forwardHeaders(["Accept-Encoding", "gzip", "Accept", "x"], { via: false, drop: new Set(["accept-encoding"]) })).toEqual([["Accept", "x"]]);
  });

  test("withoutProxyAuth removes only Proxy-Authorization", () => {
    expect(withoutProxyAuth(["Proxy-Authorization", "Basic x", "Authorization", "Bearer y"])).toEqual(["Authorization", "Bearer y"]);
  });
});
