/**
 * @module The `url` parameter of /fetch: taken raw when the agent forgot to encode an `&` in the
 * target (unknown parameters after `url=` mean the rest belongs to the URL), control characters
 * removed, http(s) only.
 */

const KNOWN_PARAMS = new Set(["url", "agent"]);
const CONTROL = /[\u0000-\u001f\u007f]/g;

export type TargetParam = { readonly ok: true; readonly url: URL; readonly agent?: string } | { readonly ok: false; readonly reason: string };

export function fetchTarget(requestUrl: string): TargetParam {
  const q = requestUrl.indexOf("?");
  const query = q >= 0 ? requestUrl.slice(q + 1) : "";
  const params = new URLSearchParams(query);
  let raw = params.get("url");
  if (raw === null || raw === "") return { ok: false, reason: "missing ?url= parameter" };
  const unknown = [...params.keys()].some((k) => !KNOWN_PARAMS.has(k));
  if (unknown) {
    const at = query.search(/(^|&)url=/);
    const start = query.indexOf("url=", at) + 4;
    try {
      raw = decodeURIComponent(query.slice(start));
    } catch {
      raw = query.slice(start);
    }
  }
  const cleaned = raw.replace(CONTROL, "");
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    return { ok: false, reason: "the url parameter is not a valid absolute URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, reason: `only http and https URLs can be fetched (got ${url.protocol.slice(0, 20)})` };
  const agent = params.get("agent") ?? undefined;
  return { ok: true, url, ...(agent ? { agent } : {}) };
}
