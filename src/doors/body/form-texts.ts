/**
 * @module application/x-www-form-urlencoded bodies → text: every name and value, `+` as space and
 * percent-escapes decoded as UTF-8 (what the server will read). Malformed escapes are kept literally
 * and the raw body is scanned too, so a parser disagreement cannot hide anything.
 */
import { decodeText, percentBytes } from "./content-type.ts";
import { MAX_FORM_FIELDS } from "./limits.ts";
import { ExtractError, type PieceSink } from "./pieces.ts";

const MALFORMED_ESCAPE = /%(?![0-9a-fA-F]{2})/;

export function addFormPieces(sink: PieceSink, body: string, location: string): void {
  const fields = body.split("&");
  if (fields.length > MAX_FORM_FIELDS) throw new ExtractError("form_too_many_fields", `the form has more than ${MAX_FORM_FIELDS} fields`, 413);
  const names: string[] = [];
  const values: string[] = [];
  for (const field of fields) {
    if (field === "") continue;
    const eq = field.indexOf("=");
    names.push(formDecode(eq < 0 ? field : field.slice(0, eq)));
    if (eq >= 0) values.push(formDecode(field.slice(eq + 1)));
  }
  sink.add(`${location}.names`, names.join("\n"));
  sink.add(`${location}.values`, values.join("\n"));
  if (MALFORMED_ESCAPE.test(body)) sink.add(`${location}.raw`, body);
}

function formDecode(s: string): string {
  const spaced = s.replace(/\+/g, " ");
  return spaced.includes("%") ? decodeText(percentBytes(spaced), "utf-8") : spaced;
}
