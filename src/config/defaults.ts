/** @module Default lists that the schema and the embedded default config share. */

/** Paste and file-drop sites agents have no business posting to (reference defaults). */
export const DEFAULT_BLOCKLIST = [
  "*.pastebin.com",
  "*.hastebin.com",
  "*.paste.ee",
  "*.transfer.sh",
  "*.file.io",
  "*.requestbin.com",
] as const;

/** Address ranges treated as internal for SSRF (reference default list of 12). */
export const DEFAULT_INTERNAL_CIDRS = [
  "0.0.0.0/8",
  "127.0.0.0/8",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "169.254.0.0/16",
  "100.64.0.0/10",
  "224.0.0.0/4",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
] as const;
