/** @module A named value DLP must never let out: a canary token or an environment secret. */
export interface SecretValue {
  readonly name: string;
  readonly value: string;
}
