/**
 * @module The built-in chains: sequences of step classes (defined as `chain.step.<class>` rules in
 * rules/chains.yaml) that together mean data theft, a dropper or persistence in progress. Every
 * chain starts with a step an ordinary coding session rarely takes (a credential read, an
 * environment dump, a persistence write, turning off a security control, …), which is what keeps
 * them quiet on normal work. Steps a human may legitimately want (running a binary just
 * downloaded, backing a database up to storage, running a script that posts data) ask instead of
 * blocking.
 *
 * Kept as a typed table because the rule-pack schema has no sequence field yet; the report for
 * issue 4 gives the exact schema addition that would move them into the pack.
 */
import type { ChainDefinition } from "./types.ts";

const OWASP_EXFIL = ["LLM02:2025", "LLM06:2025"] as const;
const OWASP_AGENCY = ["LLM06:2025"] as const;

export const BUILTIN_CHAINS: readonly ChainDefinition[] = [
  {
    name: "secret_read_then_send",
    description: "a credential file read, then a network send",
    steps: ["secret_read", "network_send"],
    severity: "critical",
    action: "block",
    mitre: ["T1552.001", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "secret_encode_then_send",
    description: "a credential file read, encoded, then sent",
    steps: ["secret_read", "encode", "network_send"],
    severity: "critical",
    action: "block",
    mitre: ["T1552.001", "T1132.001", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "credential_list_encode_send",
    description: "credentials listed or searched for, something encoded, then sent",
    steps: ["credential_list", "encode", "network_send"],
    severity: "critical",
    action: "block",
    mitre: ["T1083", "T1552.004", "T1132.001", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "secret_stage_then_send",
    description: "a credential file read, staged in a temporary file, then sent",
    steps: ["secret_read", "stage_write", "network_send"],
    severity: "critical",
    action: "block",
    mitre: ["T1552.004", "T1074.001", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "credential_recon_then_read",
    description: "credential locations listed, then a credential file read",
    steps: ["credential_list", "secret_read"],
    severity: "high",
    action: "block",
    mitre: ["T1083", "T1552.004"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "env_then_send",
    description: "secrets read from the environment, then a network send",
    steps: ["env_read", "network_send"],
    severity: "critical",
    action: "block",
    mitre: ["T1552", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "git_credential_then_send",
    description: "git or GitHub credentials read, then a network send",
    steps: ["git_credential_read", "network_send"],
    severity: "critical",
    action: "block",
    mitre: ["T1555", "T1552.001", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "secret_store_then_send",
    description: "a keychain, password manager, cloud secret or clipboard read, then a network send",
    steps: ["secret_store_read", "network_send"],
    severity: "critical",
    action: "block",
    mitre: ["T1555.001", "T1115", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "browser_profile_then_send",
    description: "browser logins or cookies read, then a network send",
    steps: ["browser_profile_read", "network_send"],
    severity: "critical",
    action: "block",
    mitre: ["T1555.003", "T1539", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "db_dump_then_upload",
    description: "a database dumped, then uploaded",
    steps: ["db_dump", "network_upload"],
    severity: "high",
    action: "ask",
    mitre: ["T1005", "T1567", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "account_recon_then_upload",
    description: "user accounts enumerated, then data uploaded",
    steps: ["account_recon", "network_upload"],
    severity: "high",
    action: "block",
    mitre: ["T1087.001", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "security_disable_then_send",
    description: "a security control, audit trail or the proxy turned off, then a network send",
    steps: ["security_disable", "network_send"],
    severity: "critical",
    action: "block",
    mitre: ["T1562.001", "T1070.003", "T1041"],
    owasp: OWASP_EXFIL,
  },
  {
    name: "download_chmod_execute",
    description: "a file downloaded, made executable, then run",
    steps: ["download", "make_executable", "execute_local"],
    severity: "high",
    action: "ask",
    mitre: ["T1105", "T1222.002", "T1204.002"],
    owasp: OWASP_AGENCY,
  },
  {
    name: "download_then_persist",
    description: "a file downloaded, then a persistence point written (cron, systemd, launch agent, shell profile)",
    steps: ["download", ["persist_scheduled", "persist_profile"]],
    severity: "critical",
    action: "block",
    mitre: ["T1105", "T1053.003", "T1543.002", "T1546.004"],
    owasp: OWASP_AGENCY,
  },
  {
    name: "persist_then_callback",
    description: "a scheduled task or service installed, then a network call out",
    steps: ["persist_scheduled", "network_send"],
    severity: "critical",
    action: "block",
    mitre: ["T1053.003", "T1543.002", "T1071.001"],
    owasp: OWASP_AGENCY,
  },
  {
    name: "dropper_write_then_execute",
    description: "a script that downloads, uploads or opens a shell written, then a script run",
    steps: ["dropper_write", "execute_script"],
    severity: "high",
    action: "ask",
    mitre: ["T1105", "T1059.004"],
    owasp: OWASP_AGENCY,
  },
];
