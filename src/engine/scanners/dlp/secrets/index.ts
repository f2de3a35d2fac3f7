/** @module Canary tokens and environment secrets: selection, encoded forms, compiled matchers. */
export { compileSecretMatchers, MIN_SECRET_CHARS, type CompiledSecrets, type SecretHit, type SecretKind, type SecretMatchersInput } from "./compile-secrets.ts";
export { selectEnvSecrets, MIN_ENV_SECRET_ENTROPY, DEFAULT_MIN_ENV_SECRET_LENGTH } from "./select-env-secrets.ts";
export { encodedForms, type EncodedForm } from "./encoded-forms.ts";
export type { SecretValue } from "./secret-value.ts";
