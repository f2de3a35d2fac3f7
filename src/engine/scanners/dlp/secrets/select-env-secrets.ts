/**
 * @module Which environment variables hold secrets worth watching for (reference §2.7): values at
 * least `minLength` long with more than 3 bits of entropy per character, minus the well-known
 * variables that configure a shell or a toolchain. Pure: the caller passes the environment in.
 * Beyond the reference, values that are plainly a path, a path list or a URL without credentials are
 * skipped unless the variable's name says it is a secret (an agent sending `/home/me/.cache/…` is not
 * a leak).
 */
import { shannonEntropy } from "../../../match/entropy.ts";
import type { SecretValue } from "./secret-value.ts";

/** Values need more entropy than this (bits per character). */
export const MIN_ENV_SECRET_ENTROPY = 3.0;
/** The reference's default `dlp.min_env_secret_length`. */
export const DEFAULT_MIN_ENV_SECRET_LENGTH = 16;

const NOT_SECRET_NAMES = new Set(
  [
    "PWD", "OLDPWD", "HOME", "PATH", "TMPDIR", "TEMP", "TMP", "_", "USER", "LOGNAME", "USERNAME", "HOSTNAME", "HOST",
    "SHELL", "SHLVL", "TERM", "TERM_PROGRAM", "COLORTERM", "COLORFGBG", "LANG", "LANGUAGE", "DISPLAY",
    "WAYLAND_DISPLAY", "EDITOR", "VISUAL", "PAGER", "LESS", "LS_COLORS", "LSCOLORS", "DBUS_SESSION_BUS_ADDRESS",
    "SSH_AUTH_SOCK", "GOPATH", "GOROOT", "GOBIN", "PYTHONPATH", "PYTHONHOME", "NODE_PATH", "MANPATH", "INFOPATH",
    "PS1", "PS2", "PS3", "PS4", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "PROGRAMFILES", "PROGRAMDATA",
    "SYSTEMROOT", "WINDIR", "COMSPEC", "COMPUTERNAME", "PATHEXT", "SESSIONNAME",
  ].map((n) => n.toUpperCase()),
);
const NOT_SECRET_PREFIXES = ["LC_", "XDG_"];
/** A name that says "secret": its value is kept whatever it looks like. */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASS|PWD|AUTH|CRED|PRIVATE|SIGNATURE|SESSION|COOKIE/i;
/** `/a/b`, `~/x`, `C:\x`, and `:`/`;`-separated lists of them. */
const PATH_LIST = /^(?:(?:\/|~\/|[A-Za-z]:\\)[^:;]*)(?:[:;](?:(?:\/|~\/|[A-Za-z]:\\)[^:;]*)?)*$/;
/** A URL with no `user:password@`. */
const PLAIN_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*(?:[/?#][^@\s]*)?$/i;

/**
 * npm's lifecycle metadata (`npm_package_description`, `npm_config_cache`, …) and prose with spaces
 * under an ordinary name: not credentials, and flagging them would deny any text that quotes them.
 */
function looksLikeMetadata(upperName: string, value: string): boolean {
  return upperName.startsWith("NPM_") || /\S\s+\S/.test(value);
}

/** The variables of `env` whose values DLP should treat as secrets, sorted by name. */
export function selectEnvSecrets(env: Readonly<Record<string, string | undefined>>, minLength: number = DEFAULT_MIN_ENV_SECRET_LENGTH): SecretValue[] {
  const out: SecretValue[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < minLength) continue;
    const upper = name.toUpperCase();
    if (NOT_SECRET_NAMES.has(upper) || NOT_SECRET_PREFIXES.some((p) => upper.startsWith(p))) continue;
    if (shannonEntropy(value) <= MIN_ENV_SECRET_ENTROPY) continue;
    if (!SECRET_NAME.test(name) && (PATH_LIST.test(value) || PLAIN_URL.test(value) || looksLikeMetadata(upper, value))) continue;
    out.push({ name, value });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
