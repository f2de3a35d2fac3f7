/**
 * @module registrableDomain: the base domain ("eTLD+1") that rate limits and data budgets count
 * against, so rotating subdomains (`a1.evil.example`, `a2.evil.example`, ...) buys nothing. The
 * reference uses Mozilla's full public suffix list; this is a small built-in heuristic instead:
 * - every `<second-level>.<ccTLD>` whose second level is one of a few generic words (co, com, net,
 *   org, gov, edu, ac, ...) is a suffix: `example.co.uk`, `example.com.au`, `example.co.jp`;
 * - a fixed list of multi-part suffixes and shared-hosting platforms where each customer gets a
 *   subdomain (github.io, herokuapp.com, s3.amazonaws.com, pages.dev, ...), so two customers of
 *   one platform are not one domain.
 * Limit: suffixes absent from both (a ccTLD with an unusual second level, a platform not listed)
 * fall back to the last two labels — counts are then pooled more coarsely than the reference's,
 * which errs on the strict side. IP literals and single-label hosts are their own base.
 */

/** Second-level labels that, under a two-letter country TLD, are part of the public suffix. */
const GENERIC_SECOND_LEVEL = new Set(["co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "ltd", "plc", "gob", "mil", "nic", "sch"]);

/** Multi-label public suffixes that the rule above does not produce (shared platforms mostly). */
const MULTI_LABEL_SUFFIXES = new Set([
  // cloud and hosting platforms (private section of the public suffix list)
  "github.io", "gitlab.io", "githubusercontent.com", "herokuapp.com", "herokudns.com", "appspot.com", "blogspot.com",
  "cloudfront.net", "s3.amazonaws.com", "elasticbeanstalk.com", "amazonaws.com", "awsapprunner.com",
  "azurewebsites.net", "azureedge.net", "azurestaticapps.net", "cloudapp.net", "blob.core.windows.net", "trafficmanager.net",
  "firebaseapp.com", "web.app", "run.app", "cloudfunctions.net", "netlify.app", "netlify.com", "vercel.app", "now.sh",
  "pages.dev", "workers.dev", "r2.dev", "trycloudflare.com", "fly.dev", "onrender.com", "railway.app", "glitch.me",
  "repl.co", "replit.app", "deno.dev", "surge.sh", "readthedocs.io", "ngrok.io", "ngrok-free.app", "ngrok.app",
  "pythonanywhere.com", "supabase.co", "fastly.net", "global.ssl.fastly.net", "myshopify.com", "wordpress.com",
  "tumblr.com", "hf.space", "streamlit.app", "gitpod.io", "codesandbox.io", "stackblitz.io", "webflow.io", "lovable.app",
  // country and regional suffixes with an unusual second level
  "me.uk", "nhs.uk", "police.uk", "id.au", "asn.au", "gen.nz", "school.nz", "co.com", "uk.com", "eu.com", "us.com", "com.de",
]);

/** Longest host looked at (longer names are cut from the left; the base is at the right). */
const MAX_HOST_CHARS = 253;

/** Lower-case host without a trailing dot or IPv6 brackets. */
export function canonicalHostName(host: string): string {
  let h = String(host).trim().toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  while (h.endsWith(".")) h = h.slice(0, -1);
  return h.length > MAX_HOST_CHARS ? h.slice(h.length - MAX_HOST_CHARS) : h;
}

/** True for an IPv4 or IPv6 literal (already canonical or not). */
export function isIpLiteral(host: string): boolean {
  return host.includes(":") || /^[0-9.]+$/.test(host) || /^0x[0-9a-f.x]+$/.test(host);
}

/** The public suffix part of `host` (lower-case, no trailing dot), by the heuristic above. */
export function publicSuffix(host: string): string {
  const h = canonicalHostName(host);
  if (isIpLiteral(h)) return "";
  const labels = h.split(".");
  // Longest listed multi-label suffix wins.
  for (let take = Math.min(labels.length - 1, 4); take >= 2; take--) {
    const candidate = labels.slice(-take).join(".");
    if (MULTI_LABEL_SUFFIXES.has(candidate)) return candidate;
  }
  const tld = labels.at(-1) ?? "";
  const second = labels.at(-2);
  if (tld.length === 2 && second !== undefined && labels.length >= 3 && GENERIC_SECOND_LEVEL.has(second)) return `${second}.${tld}`;
  return tld;
}

/** The registrable domain (suffix plus one label), or the host itself for IPs, bare suffixes and single labels. */
export function registrableDomain(host: string): string {
  const h = canonicalHostName(host);
  if (h.length === 0 || isIpLiteral(h)) return h;
  const suffix = publicSuffix(h);
  if (suffix.length === 0 || h === suffix) return h;
  const rest = h.slice(0, h.length - suffix.length - 1);
  const label = rest.slice(rest.lastIndexOf(".") + 1);
  return label.length > 0 ? `${label}.${suffix}` : h;
}
