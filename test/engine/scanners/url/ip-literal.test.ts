import { describe, expect, test } from "bun:test";
import { parseIpLiteral } from "../../../../src/engine/scanners/url/index.ts";

describe("parseIpLiteral", () => {
  const accepted: [string, string][] = [
    ["127.0.0.1", "127.0.0.1"],
    ["2130706433", "127.0.0.1"],
    ["017700000001", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["0x7F.1", "127.0.0.1"],
    ["0x7f.0x0.0x0.0x1", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["0177.0.0.01", "127.0.0.1"],
    ["127.1", "127.0.0.1"],
    ["127.0.1", "127.0.0.1"],
    ["192.168.257", "192.168.1.1"],
    ["10.1", "10.0.0.1"],
    ["0", "0.0.0.0"],
    ["0x.0x.0", "0.0.0.0"],
    ["00.00.00.00", "0.0.0.0"],
    ["4294967295", "255.255.255.255"],
    ["127.0.0.1.", "127.0.0.1"],
    ["127.0.0.1..", "127.0.0.1"],
    ["%31%32%37.0.0.1", "127.0.0.1"],
    ["%2531%2532%2537.0.0.1", "127.0.0.1"],
    ["１２７.０.０.１", "127.0.0.1"],
    ["127。0。0。1", "127.0.0.1"],
    ["０ｘ７ｆ.1", "127.0.0.1"],
    ["[::1]", "::1"],
    ["::1", "::1"],
    ["[0000::1]", "::1"],
    ["[::ffff:127.0.0.1]", "::ffff:7f00:1"],
    ["[::ffff:7f00:1]", "::ffff:7f00:1"],
    ["[0:0:0:0:0:ffff:169.254.169.254]", "::ffff:a9fe:a9fe"],
    ["[fe80::1%25eth0]", "fe80::1"],
    ["[fe80::1%eth0]", "fe80::1"],
    ["fe80::1%eth0", "fe80::1"],
    ["[FD00:EC2::254]", "fd00:ec2::254"],
  ];
  test.each(accepted)("%p → %p", (input, expected) => {
    expect(parseIpLiteral(input)).toBe(expected);
  });

  const rejected = [
    "example.com",
    "localhost",
    "1.2.3.4.5",
    "256.1.1.1",
    "1.2.3.256.",
    "0x100000000",
    "4294967296",
    "09.1.1.1",
    "0o177.0.0.1",
    "o177.0.0.1",
    "127.0.0.1:80",
    "[::1",
    "[not-an-ip]",
    "",
    "1.2.3.4.example.com",
    "x".repeat(1000),
  ];
  test.each(rejected)("%p is not an IP literal", (input) => {
    expect(parseIpLiteral(input)).toBeUndefined();
  });
});

describe("parseIpLiteral remembers recent hosts without changing an answer", () => {
  test("asked again (and past the bound of remembered hosts), every answer is the same", () => {
    const hosts = Array.from({ length: 1500 }, (_, i) => (i % 3 === 0 ? `10.0.${i >> 8}.${i & 255}` : i % 3 === 1 ? `host${i}.example.com` : `0x7f.0.0.${i & 255}`));
    const first = hosts.map((h) => parseIpLiteral(h));
    for (let round = 0; round < 2; round++) expect(hosts.map((h) => parseIpLiteral(h))).toEqual(first);
    expect(first[0]).toBe("10.0.0.0");
    expect(first[1]).toBeUndefined();
    expect(first[2]).toBe("127.0.0.2");
  });
});
