/**
 * @module multipart/* bodies → text (RFC 7578 / 2046), parsed on bytes: every part's headers (each
 * line, plus the form name and filename pulled out of Content-Disposition), every part body whatever
 * its declared type, and for base64 / quoted-printable parts both the decoded and the raw text.
 * Preamble and epilogue are scanned raw. Structural problems (no boundary, unterminated body, too many
 * parts, oversized part headers, a filename over 256 bytes) are failures: the request is denied.
 */
import { decodeText, parseMediaType, parseParams } from "./content-type.ts";
import { MAX_FILENAME_BYTES, MAX_MULTIPART_PARTS, MAX_PART_HEADER_BYTES } from "./limits.ts";
import { ExtractError, type PieceSink } from "./pieces.ts";
import { addTextPieces } from "./text-body.ts";
import { decodeBase64, decodeQuotedPrintable } from "./transfer-decoding.ts";

const MAX_BOUNDARY_CHARS = 200;
const CRLF = Buffer.from("\r\n");

interface Part {
  readonly headers: [string, string][];
  readonly body: Uint8Array;
}

export function addMultipartPieces(sink: PieceSink, body: Uint8Array, boundary: string | undefined, location: string): void {
  if (!boundary || boundary.length > MAX_BOUNDARY_CHARS) throw new ExtractError("multipart_no_boundary", "the multipart body has no usable boundary parameter", 400);
  const { parts, preamble, epilogue } = splitParts(Buffer.from(body.buffer, body.byteOffset, body.byteLength), boundary);
  sink.add(`${location}.preamble`, decodeText(preamble, "utf-8"));
  parts.forEach((part, i) => addPart(sink, part, `${location}.multipart[${i}]`));
  sink.add(`${location}.epilogue`, decodeText(epilogue, "utf-8"));
}

function addPart(sink: PieceSink, part: Part, at: string): void {
  let charset: string | undefined;
  let transfer = "";
  for (const [name, value] of part.headers) {
    sink.add(`${at}.header`, `${name}: ${value}`);
    const lower = name.toLowerCase();
    if (lower === "content-disposition") {
      const params = parseParams(value.slice(Math.max(0, value.indexOf(";"))));
      const formName = params.get("name");
      if (formName !== undefined) sink.add(`${at}.name`, formName);
      const filename = params.get("filename");
      if (filename !== undefined) {
        if (Buffer.byteLength(filename) > MAX_FILENAME_BYTES) throw new ExtractError("multipart_filename_too_long", `a multipart filename is over ${MAX_FILENAME_BYTES} bytes`, 400);
        sink.add(`${at}.filename`, filename);
      }
    } else if (lower === "content-type") {
      const type = parseMediaType(value);
      charset = type.params.get("charset");
      for (const v of type.params.values()) sink.add(`${at}.content_type.param`, v);
    } else if (lower === "content-transfer-encoding") {
      transfer = value.trim().toLowerCase();
    }
  }
  if (transfer === "base64") {
    const decoded = decodeBase64(decodeText(part.body, "utf-8"));
    if (decoded) addTextPieces(sink, decoded, charset, `${at}.base64`);
  } else if (transfer === "quoted-printable") {
    addTextPieces(sink, decodeQuotedPrintable(part.body), charset, `${at}.qp`);
  }
  addTextPieces(sink, part.body, charset, `${at}.body`);
}

function splitParts(body: Buffer, boundary: string): { parts: Part[]; preamble: Uint8Array; epilogue: Uint8Array } {
  const delimiter = Buffer.from(`--${boundary}`);
  const first = findDelimiter(body, delimiter, 0, true);
  if (first < 0) throw new ExtractError("multipart_parse_error", "the multipart body does not contain its boundary", 400);
  const parts: Part[] = [];
  let at = first;
  for (;;) {
    let pos = at + delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) {
      return { parts, preamble: body.subarray(0, Math.max(0, lineStart(body, first))), epilogue: body.subarray(pos + 2) };
    }
    const eol = body.indexOf(0x0a, pos);
    if (eol < 0) throw new ExtractError("multipart_parse_error", "a multipart delimiter line is not terminated", 400);
    pos = eol + 1;
    if (parts.length >= MAX_MULTIPART_PARTS) throw new ExtractError("multipart_too_many_parts", `the multipart body has more than ${MAX_MULTIPART_PARTS} parts`, 413);
    const next = findDelimiter(body, delimiter, pos, false);
    if (next < 0) throw new ExtractError("multipart_parse_error", "the multipart body is not terminated by its closing boundary", 400);
    parts.push(parsePart(body.subarray(pos, lineStart(body, next))));
    at = next;
  }
}

/** Index of the next delimiter that starts a line (or the body, when `atStart`). */
function findDelimiter(body: Buffer, delimiter: Buffer, from: number, atStart: boolean): number {
  let i = from;
  for (;;) {
    const hit = body.indexOf(delimiter, i);
    if (hit < 0) return -1;
    if (((atStart && hit === 0) || body[hit - 1] === 0x0a) && endsDelimiter(body, hit + delimiter.length)) return hit;
    i = hit + 1;
  }
}

/** A delimiter is followed by `--` (the last one) or optional blanks and a line break. */
function endsDelimiter(body: Buffer, at: number): boolean {
  if (body[at] === 0x2d && body[at + 1] === 0x2d) return true;
  let i = at;
  while (body[i] === 0x20 || body[i] === 0x09) i++;
  return body[i] === 0x0d || body[i] === 0x0a;
}

/** Where the line break before index `delim` begins (the CRLF belongs to the delimiter). */
function lineStart(body: Buffer, delim: number): number {
  if (delim >= 2 && body[delim - 2] === 0x0d && body[delim - 1] === 0x0a) return delim - 2;
  if (delim >= 1 && body[delim - 1] === 0x0a) return delim - 1;
  return delim;
}

function parsePart(raw: Buffer): Part {
  let split = raw.indexOf("\r\n\r\n");
  let skip = 4;
  const lf = raw.indexOf("\n\n");
  if (lf >= 0 && (split < 0 || lf < split)) {
    split = lf;
    skip = 2;
  }
  // Headers are optional: a part that starts with a blank line has none.
  if (raw.subarray(0, CRLF.length).equals(CRLF) || raw[0] === 0x0a) return { headers: [], body: raw.subarray(raw[0] === 0x0a ? 1 : 2) };
  if (split < 0) split = raw.byteLength;
  if (split > MAX_PART_HEADER_BYTES) throw new ExtractError("multipart_parse_error", `a multipart part's headers are over ${MAX_PART_HEADER_BYTES} bytes`, 400);
  const headers: [string, string][] = [];
  for (const line of unfold(decodeText(raw.subarray(0, split), "utf-8"))) {
    const colon = line.indexOf(":");
    if (colon <= 0) headers.push(["", line]);
    else headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { headers, body: raw.subarray(Math.min(raw.byteLength, split + skip)) };
}

/** Header lines with continuation lines (leading space or tab) joined to the previous one. */
function unfold(block: string): string[] {
  const lines: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if ((line.startsWith(" ") || line.startsWith("\t")) && lines.length > 0) lines[lines.length - 1] += " " + line.trim();
    else if (line !== "") lines.push(line);
  }
  return lines;
}
