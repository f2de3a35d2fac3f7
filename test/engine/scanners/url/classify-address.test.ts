import { describe, expect, test } from "bun:test";
import ipaddr from "ipaddr.js";
import { classifyAddress, inAnyCidr } from "../../../../src/engine/scanners/url/classify-address.ts";
import { parseIpAddress } from "../../../../src/engine/scanners/url/ip-literal.ts";

const cls = (text: string, extra: string[] = []) => {
  const addr = parseIpAddress(text.includes(":") ? `[${text}]` : text);
  if (!addr) throw new Error(`test address ${text} does not parse`);
  return classifyAddress(
    addr,
    extra.map((c) => ipaddr.parseCIDR(c)),
  );
};

describe("classifyAddress: internal classes", () => {
  const internal: [string, string][] = [
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.5", "private (RFC 1918)"],
    ["172.16.0.1", "private (RFC 1918)"],
    ["172.31.255.255", "private (RFC 1918)"],
    ["192.168.1.1", "private (RFC 1918)"],
    ["169.254.169.254", "cloud metadata (link-local)"],
    ["169.254.170.2", "cloud metadata (link-local)"],
    ["169.254.1.1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT (100.64.0.0/10)"],
    ["100.100.100.200", "cloud metadata (carrier-grade NAT (100.64.0.0/10))"],
    ["0.0.0.0", "unspecified (0.0.0.0/8)"],
    ["0.1.2.3", "unspecified (0.0.0.0/8)"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved (240.0.0.0/4)"],
    ["198.18.0.1", "benchmarking (198.18.0.0/15)"],
    ["198.19.255.1", "benchmarking (198.18.0.0/15)"],
    ["192.0.0.8", "IETF protocol assignments (192.0.0.0/24)"],
    ["192.0.0.192", "cloud metadata (IETF protocol assignments (192.0.0.0/24))"],
    ["192.0.2.10", "documentation (TEST-NET-1)"],
    ["198.51.100.7", "documentation (TEST-NET-2)"],
    ["203.0.113.9", "documentation (TEST-NET-3)"],
    ["::1", "loopback (::1)"],
    ["::", "unspecified (::)"],
    ["fc00::1", "unique local (fc00::/7)"],
    ["fd12:3456::1", "unique local (fc00::/7)"],
    ["fd00:ec2::254", "cloud metadata (unique local (fc00::/7))"],
    ["fe80::1", "link-local (fe80::/10)"],
    ["ff02::1", "multicast"],
    ["fec0::1", "site-local (fec0::/10)"],
    ["2001:db8::1", "reserved or documentation"],
    ["::ffff:127.0.0.1", "IPv4-mapped IPv6 loopback"],
    ["::ffff:a9fe:a9fe", "IPv4-mapped IPv6 cloud metadata (link-local)"],
    ["::ffff:10.1.2.3", "IPv4-mapped IPv6 private (RFC 1918)"],
    ["::ffff:0:7f00:1", "IPv4-translated IPv6 loopback"],
    ["::127.0.0.1", "IPv4-compatible IPv6 loopback"],
    ["::10.0.0.1", "IPv4-compatible IPv6 private (RFC 1918)"],
    ["64:ff9b::127.0.0.1", "NAT64 IPv6 loopback"],
    ["64:ff9b::a9fe:a9fe", "NAT64 IPv6 cloud metadata (link-local)"],
    ["64:ff9b:1::10.0.0.1", "NAT64 IPv6 private (RFC 1918)"],
    ["64:ff9b:1::8.8.8.8", "NAT64 IPv6 (local-use prefix)"],
    ["2002:7f00:1::", "6to4 IPv6 loopback"],
    ["2002:c0a8:101::1", "6to4 IPv6 private (RFC 1918)"],
    // Teredo stores the client address inverted: ~127.0.0.1 = 80ff:fffe.
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo IPv6 loopback"],
    ["4000::1", "reserved (outside global unicast 2000::/3)"],
  ];
  test.each(internal)("%p is %p", (address, label) => {
    const c = cls(address);
    expect(c.internal).toBe(true);
    expect(c.label).toBe(label);
  });

  test("metadata addresses are marked", () => {
    expect(cls("169.254.169.254").metadata).toBe(true);
    expect(cls("::ffff:169.254.169.254").metadata).toBe(true);
    expect(cls("10.0.0.1").metadata).toBe(false);
  });
});

describe("classifyAddress: public addresses", () => {
  const publicAddresses = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "172.32.0.1",
    "100.128.0.1",
    "192.0.1.1",
    "11.0.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
    "192.175.48.1",
  ];
  test.each(publicAddresses)("%p is public", (address) => {
    expect(cls(address).internal).toBe(false);
  });

  test("configured internal ranges add to the built-in classes", () => {
    const c = cls("203.0.112.9", ["203.0.112.0/24"]);
    expect(c.internal).toBe(true);
    expect(c.label).toBe("configured internal range 203.0.112.0/24");
    expect(cls("::ffff:203.0.112.9", ["203.0.112.0/24"]).internal).toBe(true);
    expect(cls("203.0.111.9", ["203.0.112.0/24"]).internal).toBe(false);
  });

  test("inAnyCidr looks through IPv4-mapped addresses", () => {
    const list = [ipaddr.parseCIDR("10.0.0.5/32")] as const;
    expect(inAnyCidr(ipaddr.parse("10.0.0.5"), list)).toBe(true);
    expect(inAnyCidr(ipaddr.parse("::ffff:10.0.0.5"), list)).toBe(true);
    expect(inAnyCidr(ipaddr.parse("10.0.0.6"), list)).toBe(false);
  });
});
