/** Request → text pieces: headers, every body type, spoofed types, transfer encodings, bounds. */
import { describe, expect, test } from "bun:test";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { extractRequestTexts, isExtractFailure, joinPieces, type ExtractResult, type HeaderList, type RequestTextInput } from "../../../src/doors/body/index.ts";

/** A made-up token shape; the fake never left this file. */
const SECRET = "tok_FAKE0123456789abcdefSECRET";

function texts(input: Omit<Partial<RequestTextInput>, "body"> & { body?: Uint8Array | string; type?: string }): string {
  const r = run(input);
  if (isExtractFailure(r)) throw new Error(`unexpected failure ${r.failure}: ${r.reason}`);
  return joinPieces(r.pieces);
}

function run(input: Omit<Partial<RequestTextInput>, "body"> & { body?: Uint8Array | string; type?: string }): ExtractResult {
  const headers: HeaderList = [...(input.headers ?? []), ...(input.type ? [["Content-Type", input.type] as const] : [])];
  const { body: given, type: _type, ...rest } = input;
  const body = typeof given === "string" ? new TextEncoder().encode(given) : given;
  return extractRequestTexts({ ...rest, headers, ...(body ? { body } : {}) });
}

function locations(r: ExtractResult): string[] {
  if (isExtractFailure(r)) throw new Error(r.failure);
  return r.pieces.map((p) => p.location);
}

describe("headers", () => {
  test("sensitive mode takes only the credential headers, as name: value lines", () => {
    const t = texts({ headers: [["Authorization", `Bearer ${SECRET}`], ["X-Other", "nothing"], ["Cookie", "a=b"]] });
    expect(t).toContain(`Authorization: Bearer ${SECRET}`);
    expect(t).toContain("Cookie: a=b");
    expect(t).not.toContain("nothing");
  });

  test("a secret split across two headers is contiguous in the joined values", () => {
    const r = run({ headerSelection: { mode: "all" }, headers: [["X-Part-One", SECRET.slice(0, 12)], ["X-Part-Two", SECRET.slice(12)]] });
    if (isExtractFailure(r)) throw new Error();
    expect(r.pieces.find((p) => p.location === "headers.values")?.text).toBe(`${SECRET.slice(0, 12)}\n${SECRET.slice(12)}`);
  });

  test("all mode: a secret split across a header's name and value is contiguous", () => {
    const t = texts({ headerSelection: { mode: "all" }, headers: [[`X-${SECRET.slice(0, 10)}`, SECRET.slice(10)]] });
    expect(t).toContain(`X-${SECRET}`);
  });

  test("all mode skips the ignore list; custom lists apply", () => {
    const t = texts({ headerSelection: { mode: "all" }, headers: [["User-Agent", "ua-value"], ["X-Custom", "custom-value"]] });
    expect(t).not.toContain("ua-value");
    expect(t).toContain("custom-value");
    expect(texts({ headerSelection: { mode: "sensitive", sensitive: ["X-Custom"] }, headers: [["x-custom", "v1"], ["Authorization", "v2"]] })).toBe("x-custom: v1");
  });

  test("headerSelection false scans no headers", () => {
    expect(texts({ headerSelection: false, headers: [["Authorization", "x"]] })).toBe("");
  });
});

describe("bodies by declared type", () => {
  test("JSON: every key and value, nested, escapes decoded, numbers as written", () => {
    const body = JSON.stringify({ outer: { list: [1, { [SECRET]: "v" }] }, n: 0 }).replace('"v"', '"\\u0076al\\n"').replace("0}", "4111111111111111111}");
    const r = run({ type: "application/json", body });
    const t = joinPieces(isExtractFailure(r) ? [] : r.pieces);
    expect(t).toContain(SECRET); // the nested key
    expect(t).toContain("val\n");
    expect(t).toContain("4111111111111111111"); // no float rounding
    expect(locations(r)).toEqual(["body.json.keys", "body.json.values"]);
  });

  test("JSON with a +json type and a charset", () => {
    expect(texts({ type: "application/vnd.api+json; charset=utf-8", body: `{"k":"${SECRET}"}` })).toContain(SECRET);
  });

  test("JSON nested past the depth bound is refused", () => {
    const r = run({ type: "application/json", body: "[".repeat(65) + "]".repeat(65) });
    expect(isExtractFailure(r) && r.failure).toBe("json_too_deep");
    expect(isExtractFailure(run({ type: "application/json", body: "[".repeat(64) + "]".repeat(64) }))).toBe(false);
  });

  test("form: names and values percent-decoded, + as space", () => {
    const t = texts({ type: "application/x-www-form-urlencoded", body: `a=1&${encodeURIComponent(SECRET.slice(0, 8))}=x&msg=hello+world%21&k=${encodeURIComponent(SECRET).replace(/_/g, "%5F")}` });
    expect(t).toContain(SECRET);
    expect(t).toContain(SECRET.slice(0, 8));
    expect(t).toContain("hello world!");
  });

  test("form with a malformed escape keeps it and scans the raw body too", () => {
    const r = run({ type: "application/x-www-form-urlencoded", body: `a=%zz${SECRET}` });
    expect(locations(r)).toContain("body.form.raw");
    expect(joinPieces(isExtractFailure(r) ? [] : r.pieces)).toContain(`%zz${SECRET}`);
  });

  test("text/* and unknown types are scanned raw", () => {
    expect(texts({ type: "text/plain", body: `x ${SECRET} y` })).toContain(SECRET);
    expect(texts({ type: "application/x-custom", body: `x ${SECRET} y` })).toContain(SECRET);
    expect(texts({ body: `no type ${SECRET}` })).toContain(SECRET);
  });
});

describe("Content-Type spoofing", () => {
  test("declared JSON that does not parse is scanned raw", () => {
    const r = run({ type: "application/json", body: `not json at all ${SECRET}` });
    expect(locations(r)).toEqual(["body.raw"]);
    expect(joinPieces(isExtractFailure(r) ? [] : r.pieces)).toContain(SECRET);
  });

  test("declared text that is binary is still scanned raw (lossy), secret intact", () => {
    const bin = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x81, 0xc3]), Buffer.from(SECRET), Buffer.from([0x00, 0xc0, 0xaf])]);
    expect(texts({ type: "text/plain", body: bin })).toContain(SECRET);
  });

  test("JSON under a harmless label is also read as JSON (escapes decoded)", () => {
    const escaped = `{"k":"${[...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"}`;
    expect(escaped).not.toContain(SECRET);
    expect(texts({ type: "text/plain", body: escaped })).toContain(SECRET);
    expect(texts({ type: "image/png", body: escaped })).toContain(SECRET);
    expect(texts({ type: "application/x-www-form-urlencoded", body: escaped })).toContain(SECRET);
  });

  test("UTF-16 bytes under any label are read as UTF-16 too", () => {
    expect(texts({ type: "application/octet-stream", body: Buffer.from(`pad ${SECRET} pad`, "utf16le") })).toContain(SECRET);
  });

  test("conflicting Content-Type headers are refused", () => {
    const r = run({ headers: [["Content-Type", "text/plain"], ["Content-Type", "application/json"]], body: "x" });
    expect(isExtractFailure(r) && r.status).toBe(400);
  });
});

describe("multipart/form-data", () => {
  const B = "----pipelockTestBoundary7";
  const part = (headers: string[], body: string) => `--${B}\r\n${headers.join("\r\n")}\r\n\r\n${body}\r\n`;
  const multipart = (...parts: string[]) => `preamble\r\n${parts.join("")}--${B}--\r\nepilogue`;
  const type = `multipart/form-data; boundary="${B}"`;

  test("part bodies, form names, filenames and part headers", () => {
    const body = multipart(
      part([`Content-Disposition: form-data; name="field1"`], "value one"),
      part([`Content-Disposition: form-data; name="upload"; filename="${SECRET}.txt"`, "Content-Type: text/plain", "X-Custom: custom-part-header"], "file content"),
    );
    const r = run({ type, body });
    const t = joinPieces(isExtractFailure(r) ? [] : r.pieces);
    expect(t).toContain("value one");
    expect(t).toContain("file content");
    expect(t).toContain("custom-part-header");
    expect(t).not.toContain(`--${B}`);
    expect(locations(r)).toContain("body.multipart[1].filename");
    const filename = isExtractFailure(r) ? undefined : r.pieces.find((p) => p.location === "body.multipart[1].filename");
    expect(filename?.text).toBe(`${SECRET}.txt`);
  });

  test("RFC 5987 filename* is decoded", () => {
    const t = texts({ type, body: multipart(part([`Content-Disposition: form-data; name="f"; filename*=UTF-8''${encodeURIComponent(SECRET)}%E2%82%AC`], "x")) });
    expect(t).toContain(`${SECRET}€`);
  });

  test("base64 parts: decoded and raw both scanned", () => {
    const b64 = Buffer.from(`inner ${SECRET}`).toString("base64").replace(/(.{20})/g, "$1\r\n");
    const r = run({ type, body: multipart(part(["Content-Disposition: form-data; name=\"a\"", "Content-Transfer-Encoding: base64"], b64)) });
    const t = joinPieces(isExtractFailure(r) ? [] : r.pieces);
    expect(t).toContain(SECRET);
    expect(locations(r)).toEqual(expect.arrayContaining(["body.multipart[0].base64.raw", "body.multipart[0].body.raw"]));
  });

  test("quoted-printable parts: soft breaks and escapes decoded", () => {
    const qp = `${SECRET.slice(0, 10)}=\r\n${SECRET.slice(10, 15)}=${SECRET.charCodeAt(15).toString(16).toUpperCase()}${SECRET.slice(16)} caf=C3=A9`;
    const t = texts({ type, body: multipart(part(["Content-Disposition: form-data; name=\"q\"", "Content-Transfer-Encoding: quoted-printable"], qp)) });
    expect(t).toContain(`${SECRET} café`);
  });

  test("a JSON part is read as JSON (escaped key decoded)", () => {
    const r = run({ type, body: multipart(part(["Content-Disposition: form-data; name=\"j\"", "Content-Type: application/json"], `{"\\u0078key":"v"}`)) });
    const keys = isExtractFailure(r) ? undefined : r.pieces.find((p) => p.location === "body.multipart[0].body.json.keys");
    expect(keys?.text).toBe("xkey");
  });

  const failures: [string, string, string][] = [
    ["no boundary parameter", "multipart/form-data", "multipart_no_boundary"],
    ["a boundary that is not in the body", `multipart/form-data; boundary=other`, "multipart_parse_error"],
  ];
  test.each(failures)("%s is refused", (_n, t, failure) => {
    const r = run({ type: t, body: multipart(part(["Content-Disposition: form-data; name=\"a\""], "x")) });
    expect(isExtractFailure(r) && r.failure).toBe(failure);
  });

  test("an unterminated body, too many parts and a long filename are refused", () => {
    const unterminated = run({ type, body: `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx` });
    expect(isExtractFailure(unterminated) && unterminated.failure).toBe("multipart_parse_error");
    const many = run({ type, body: multipart(...Array.from({ length: 101 }, (_, i) => part([`Content-Disposition: form-data; name="f${i}"`], "x"))) });
    expect(isExtractFailure(many) && many.failure).toBe("multipart_too_many_parts");
    const long = run({ type, body: multipart(part([`Content-Disposition: form-data; name="a"; filename="${"a".repeat(257)}"`], "x")) });
    expect(isExtractFailure(long) && long.failure).toBe("multipart_filename_too_long");
  });

  test("a boundary-like line inside a part is content, not a delimiter", () => {
    const t = texts({ type, body: multipart(part(["Content-Disposition: form-data; name=\"a\""], `line\r\n--${B}xyz not a delimiter ${SECRET}`)) });
    expect(t).toContain(SECRET);
  });
});

describe("compressed bodies", () => {
  const json = Buffer.from(JSON.stringify({ deep: { [SECRET]: 1 } }));
  test.each([
    ["gzip", gzipSync(json)],
    ["deflate", deflateSync(json)],
    ["br", brotliCompressSync(json)],
  ] as const)("%s is decoded and extracted by type", (encoding, body) => {
    expect(texts({ type: "application/json", headers: [["Content-Encoding", encoding]], body })).toContain(SECRET);
  });

  test("a decompression bomb is refused with 413", () => {
    const r = run({ type: "text/plain", headers: [["Content-Encoding", "gzip"]], body: gzipSync(Buffer.alloc(32 * 1024 * 1024)), maxBodyBytes: 1024 * 1024 });
    expect(isExtractFailure(r) && [r.failure, r.status]).toEqual(["decoded_too_large", 413]);
  });

  test("an unknown encoding is refused with 403", () => {
    const r = run({ headers: [["Content-Encoding", "compress"]], body: "x" });
    expect(isExtractFailure(r) && [r.failure, r.status]).toEqual(["unknown_encoding", 403]);
  });
});

describe("bounds", () => {
  test("a body over max_body_bytes is refused", () => {
    const r = run({ type: "text/plain", body: "x".repeat(2000), maxBodyBytes: 1000 });
    expect(isExtractFailure(r) && r.status).toBe(413);
  });

  test("text over the text budget is refused, not truncated", () => {
    const r = run({ type: "text/plain", body: "x".repeat(2000), maxTextChars: 1000 });
    expect(isExtractFailure(r) && r.failure).toBe("body_text_too_large");
  });
});

describe("adversarial bodies stay linear (each finishes well inside the test timeout)", () => {
  const n = 2 * 1024 * 1024;
  const cases: [string, string, string][] = [
    ["many short JSON strings", "application/json", `[${'"a",'.repeat(n / 4)}"a"]`],
    ["one JSON string of escapes", "application/json", `["${"\\n".repeat(n / 2)}"]`],
    ["a backslash only at the very end", "application/json", `[${'"abc",'.repeat(n / 6)}"\\n"]`],
    ["unterminated JSON string", "application/json", `["${"a".repeat(n)}`],
    ["many form fields", "application/x-www-form-urlencoded", "a=%41&".repeat(n / 6)],
    ["a multipart body of boundary look-alikes", "multipart/form-data; boundary=abc", `--abc\r\n\r\n${"\n--abcd".repeat(n / 6)}\r\n--abc--`],
  ];
  test.each(cases)("%s", (_name, type, body) => {
    const r = run({ type, body, maxBodyBytes: 4 * n });
    expect(isExtractFailure(r) ? r.failure : "ok").not.toBe("body_extract_error");
  });
});
