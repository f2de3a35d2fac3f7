/**
 * @module Text pieces: what the body module hands a door to scan. A piece is one string with a
 * label saying where it came from. Inside a piece, fields are joined by one newline in document order,
 * so a secret split across adjacent fields stays contiguous for the engine's DLP (which joins key
 * parts across newlines and spaces). A budget bounds the total text one request can turn into.
 */

export interface TextPiece {
  /** Where the text came from: `header.authorization`, `body.json.$.a.b`, `body.multipart[1].filename`, … */
  readonly location: string;
  readonly text: string;
}

/** Why a request's text could not be extracted; the door denies. */
export interface ExtractFailure {
  readonly failure: string;
  readonly reason: string;
  /** The HTTP status a door should answer with: 400 malformed, 403 uninspectable, 413 too large. */
  readonly status: 400 | 403 | 413;
}

export type ExtractResult = { readonly pieces: readonly TextPiece[] } | ExtractFailure;

export function isExtractFailure(r: ExtractResult): r is ExtractFailure {
  return "failure" in r;
}

/** Thrown inside the extractors, caught once at the top and turned into an ExtractFailure. */
export class ExtractError extends Error {
  constructor(
    readonly failure: string,
    readonly reason: string,
    readonly status: 400 | 403 | 413,
  ) {
    super(reason);
  }
}

/** Collects pieces within a character budget; going over throws (the request is denied). */
export class PieceSink {
  readonly pieces: TextPiece[] = [];
  private used = 0;
  constructor(private readonly maxChars: number) {}

  add(location: string, text: string): void {
    if (text.length === 0) return;
    this.used += text.length + PIECE_SEPARATOR.length;
    if (this.used > this.maxChars) throw new ExtractError("body_text_too_large", `the request turns into more than ${this.maxChars} characters of text to inspect`, 413);
    this.pieces.push({ location, text });
  }
}

/**
 * Between pieces: enough blank lines that one piece's words do not run into the next one's when the
 * engine joins the parts of a key split by a newline or two (within a piece, fields are joined by a
 * single newline precisely so that they do).
 */
export const PIECE_SEPARATOR = "\n\n\n";

/** The one string a door scans when it scans a request as a single Subject. */
export function joinPieces(pieces: readonly TextPiece[]): string {
  return pieces.map((p) => p.text).join(PIECE_SEPARATOR);
}
