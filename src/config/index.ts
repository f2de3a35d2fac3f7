/** @module Configuration: YAML sources with located errors, the schema, defaults and loading. */
export { parseYamlWith, locate, formatIssue, LoadError, MAX_YAML_ALIASES, MAX_YAML_BYTES, type LoadIssue, type ParseResult } from "./yaml-source.ts";
