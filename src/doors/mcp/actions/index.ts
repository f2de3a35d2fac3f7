/** @module Protocol-level actions: ask a human on the terminal, run a redirect handler. */
export { ttyPrompter, DENY_PROMPTER, type Prompter } from "./ask.ts";
export { execRedirector, MAX_REDIRECT_OUTPUT, type Redirector, type RedirectOutcome } from "./redirect.ts";
