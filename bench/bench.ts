/**
 * @module `bun run bench`: engine timings as medians, each next to a baseline measured in the same
 * run on the same machine (so the ratio is what to compare across machines):
 * - URL scan of the reference's complex URL vs. `new URL()` of it (a URL never seen before, and the
 *   same URL again, answered from the per-policy memo); a blocklist hit;
 * - clean-text DLP throughput (MB/s, all rules) vs. `String.prototype.toLowerCase` over the text;
 * - 10 KB clean response injection scan vs. the same lower-casing;
 * - a tools/list of 50 tools (poisoning scan + fingerprint of each), listed again and seen for the
 *   first time, vs. a JSON round trip of the list;
 * - adversarial 1 MB inputs for every rule set (linear-time check);
 * - cold start of `dist/pipelock check` vs. spawning `/bin/true`.
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { loadConfig } from "../src/config/index.ts";
import { scan, type Subject } from "../src/engine/index.ts";
import { scanTextDlp } from "../src/engine/scanners/dlp/index.ts";
import { buildPolicy } from "../src/policy/index.ts";
import { toolFingerprint } from "../src/doors/mcp/index.ts";

const cfg = loadConfig();
if (!cfg.ok) throw new Error("embedded config does not load");
const built = buildPolicy(cfg.loaded);
if (!built.ok) throw new Error("policy does not build");
const policy = built.build.policy;

/**
 * Warm-up of the microsecond benchmarks before timing: at least this long (and one batch), so the
 * JIT has tiered up and the numbers are the steady state of a long-running proxy (a cold process is
 * the cold-start row). Millisecond-scale runs (one call per batch) warm up with one batch.
 */
const WARM_UP_MS = 300;

/** Median per-op time (µs) over `batches` batches of `perBatch` calls. */
async function medianMicros(perBatch: number, batches: number, fn: () => unknown): Promise<number> {
  const warmUntil = performance.now() + (perBatch > 1 ? WARM_UP_MS : 0);
  do for (let i = 0; i < perBatch; i++) await fn();
  while (performance.now() < warmUntil);
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) await fn();
    samples.push(((performance.now() - t0) * 1000) / perBatch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const rows: string[][] = [["benchmark", "median", "baseline", "ratio", "target"]];
const fmt = (n: number, unit: string) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ${unit}`;
const add = (name: string, value: string, baseline: string, ratio: string, target: string) => rows.push([name, value, baseline, ratio, target]);

// 1. URL scan (reference bench input), offline.
// Recent URLs are remembered per policy (all but the DNS check), so the scan rows use a URL never
// seen before on every call; the remembered case has its own row.
const complexUrl = "https://api.example.com:8443/v2/search?q=golang+testing&page=3&limit=50";
let fresh = 0;
const urlScan = await medianMicros(200, 25, () => scan(policy, { kind: "url", url: `${complexUrl}&n=${++fresh}` }));
const urlBase = await medianMicros(2000, 25, () => new URL(complexUrl));
add("URL scan (complex URL, never seen before)", fmt(urlScan, "µs"), fmt(urlBase, "µs new URL()"), `${(urlScan / urlBase).toFixed(1)}x`, "≤ 15 µs");
const urlSubject: Subject = { kind: "url", url: complexUrl };
const urlRepeat = await medianMicros(200, 25, () => scan(policy, urlSubject));
add("URL scan (the same URL again: remembered)", fmt(urlRepeat, "µs"), fmt(urlBase, "µs new URL()"), `${(urlRepeat / urlBase).toFixed(1)}x`, "-");

const blockScan = await medianMicros(200, 25, () => scan(policy, { kind: "url", url: `https://pastebin.com/raw/abc${++fresh}` }));
add("URL scan (blocklist hit, never seen before)", fmt(blockScan, "µs"), fmt(urlBase, "µs new URL()"), `${(blockScan / urlBase).toFixed(1)}x`, "≤ 3 µs");

// 2. Clean-text DLP throughput over ~1 MB of prose.
const sentence = "The quick brown fox jumps over the lazy dog. This is normal web content. ";
const oneMb = sentence.repeat(Math.ceil(1_000_000 / sentence.length));
const dlpSubject: Subject = { kind: "text", text: oneMb };
const dlpMicros = await medianMicros(1, 15, () => scanTextDlp(policy.dlp, oneMb, { location: "text" }));
const textMicros = await medianMicros(1, 15, () => scan(policy, dlpSubject));
const cryptoMicros = await medianMicros(1, 15, () => policy.crypto.scan(oneMb, { location: "text" }));
const lowerMicros = await medianMicros(1, 15, () => oneMb.toLowerCase());
const mbps = (us: number) => oneMb.length / 1e6 / (us / 1e6);
add("text DLP (all rules + decoders), clean 1 MB", `${mbps(dlpMicros).toFixed(0)} MB/s`, `${mbps(lowerMicros).toFixed(0)} MB/s toLowerCase`, `${(dlpMicros / lowerMicros).toFixed(1)}x`, "≥ 150 MB/s");
add("crypto scan (seeds, keys), clean 1 MB", `${mbps(cryptoMicros).toFixed(0)} MB/s`, `${mbps(lowerMicros).toFixed(0)} MB/s toLowerCase`, `${(cryptoMicros / lowerMicros).toFixed(1)}x`, "-");
add("text subject scan() (DLP + crypto), clean 1 MB", `${mbps(textMicros).toFixed(0)} MB/s`, `${mbps(lowerMicros).toFixed(0)} MB/s toLowerCase`, `${(textMicros / lowerMicros).toFixed(1)}x`, "-");

// Seed phrases: 1,000 dictionary words (the reference's long-text input).
const seedWords = ["abandon", "ability", "able", "about", "above", "absent", "absorb", "abstract", "absurd", "abuse"];
const thousandWords = Array.from({ length: 1000 }, (_, i) => seedWords[i % seedWords.length]).join(" ");
const seedMicros = await medianMicros(20, 25, () => policy.crypto.scan(thousandWords, { location: "text" }));
add("seed-phrase scan, 1,000 words", fmt(seedMicros, "µs"), fmt(lowerMicros / 1000, "µs toLowerCase 1 KB"), "-", "≤ 500 µs");

// A typical tools/call argument scan.
const toolCall: Subject = { kind: "tool_call", toolName: "write_file", arguments: { path: "src/app.ts", content: "export const answer = 42;\n" } };
const toolMicros = await medianMicros(100, 25, () => scan(policy, toolCall));
add("tools/call argument scan", fmt(toolMicros, "µs"), fmt(urlBase, "µs new URL()"), `${(toolMicros / urlBase).toFixed(0)}x`, "≤ 30 µs");

// A tools/list of 50 tools (filesystem, git, HTTP, database, shell-ish servers) with their JSON
// schemas: every tool's poisoning scan plus its rug-pull fingerprint, as the MCP proxy does per list.
const toolSpecs: Array<[string, string, Record<string, [string, string]>]> = [
  ["read_file", "Read the complete contents of a file from the file system. Handles various text encodings and provides detailed error messages if the file cannot be read. Only works within allowed directories.", { path: ["string", "Path of the file to read"], encoding: ["string", "Text encoding, utf-8 by default"] }],
  ["read_multiple_files", "Read the contents of multiple files simultaneously. More efficient than reading files one by one when you need to analyze or compare several files.", { paths: ["array", "Paths of the files to read"] }],
  ["write_file", "Create a new file or completely overwrite an existing file with new content. Use with caution as it will overwrite existing files without warning.", { path: ["string", "Path of the file to write"], content: ["string", "The new file content"] }],
  ["edit_file", "Make line-based edits to a text file. Each edit replaces exact line sequences with new content. Returns a git-style diff showing the changes made.", { path: ["string", "File to edit"], edits: ["array", "List of {oldText, newText} replacements"], dryRun: ["boolean", "Preview changes using git-style diff format"] }],
  ["create_directory", "Create a new directory or ensure a directory exists. Can create multiple nested directories in one operation.", { path: ["string", "Directory to create"] }],
  ["list_directory", "Get a detailed listing of all files and directories in a specified path. Results distinguish between files and directories with [FILE] and [DIR] prefixes.", { path: ["string", "Directory to list"] }],
  ["directory_tree", "Get a recursive tree view of files and directories as a JSON structure. Each entry includes name, type and children.", { path: ["string", "Root of the tree"], maxDepth: ["integer", "How deep to recurse"] }],
  ["move_file", "Move or rename files and directories. Can move files between directories and rename them in a single operation. Fails if the destination exists.", { source: ["string", "Current path"], destination: ["string", "New path"] }],
  ["search_files", "Recursively search for files and directories matching a pattern. Searches through all subdirectories from the starting path. Case-insensitive.", { path: ["string", "Where to start"], pattern: ["string", "Glob pattern such as *.ts"], excludePatterns: ["array", "Patterns to skip"] }],
  ["get_file_info", "Retrieve detailed metadata about a file or directory: size, creation time, last modified time, permissions and type.", { path: ["string", "File or directory"] }],
  ["list_allowed_directories", "Returns the list of directories that this server is allowed to access.", {}],
  ["git_status", "Shows the working tree status of a repository: staged, unstaged and untracked files.", { repo_path: ["string", "Path to the Git repository"] }],
  ["git_diff_unstaged", "Shows changes in the working directory that are not yet staged.", { repo_path: ["string", "Path to the Git repository"], context_lines: ["integer", "Lines of context around each change"] }],
  ["git_diff_staged", "Shows changes that are staged for commit.", { repo_path: ["string", "Path to the Git repository"], context_lines: ["integer", "Lines of context"] }],
  ["git_diff", "Shows differences between branches or commits.", { repo_path: ["string", "Repository"], target: ["string", "Branch or commit to compare with"] }],
  ["git_commit", "Records changes to the repository with a commit message.", { repo_path: ["string", "Repository"], message: ["string", "Commit message"] }],
  ["git_add", "Adds file contents to the staging area.", { repo_path: ["string", "Repository"], files: ["array", "Files to stage"] }],
  ["git_reset", "Unstages all staged changes.", { repo_path: ["string", "Repository"] }],
  ["git_log", "Shows the commit logs with author, date and message, newest first.", { repo_path: ["string", "Repository"], max_count: ["integer", "Maximum number of commits to show"] }],
  ["git_create_branch", "Creates a new branch from an optional base branch.", { repo_path: ["string", "Repository"], branch_name: ["string", "Name of the new branch"], base_branch: ["string", "Starting point, HEAD by default"] }],
  ["git_checkout", "Switches branches.", { repo_path: ["string", "Repository"], branch_name: ["string", "Branch to check out"] }],
  ["git_show", "Shows the contents of a commit.", { repo_path: ["string", "Repository"], revision: ["string", "Commit hash, branch or tag"] }],
  ["git_branch", "List Git branches, local, remote or all, optionally only those containing a commit.", { repo_path: ["string", "Repository"], branch_type: ["string", "local, remote or all"], contains: ["string", "Commit SHA the branches must contain"] }],
  ["fetch", "Fetches a URL from the internet and optionally extracts its contents as markdown. Use this to read documentation pages and API references.", { url: ["string", "URL to fetch"], max_length: ["integer", "Maximum number of characters to return"], start_index: ["integer", "Start the output at this character index"], raw: ["boolean", "Get the raw HTML without simplification"] }],
  ["http_request", "Send an HTTP request and return status, headers and body. Supports GET, POST, PUT, PATCH and DELETE with JSON or form bodies.", { method: ["string", "HTTP method"], url: ["string", "Request URL"], headers: ["object", "Request headers"], body: ["string", "Request body"], timeout_ms: ["integer", "Timeout in milliseconds"] }],
  ["download_file", "Download a file over HTTPS into the workspace, verifying the checksum when one is given.", { url: ["string", "Where to download from"], destination: ["string", "Workspace path to save to"], sha256: ["string", "Expected SHA-256 of the file"] }],
  ["search_web", "Search the web and return the top results with title, snippet and link.", { query: ["string", "Search terms"], count: ["integer", "Number of results, 10 by default"] }],
  ["query", "Run a read-only SQL query against the connected PostgreSQL database and return rows as JSON.", { sql: ["string", "The SQL statement to run"] }],
  ["list_tables", "List the tables of the connected database with their row counts.", { schema: ["string", "Schema name, public by default"] }],
  ["describe_table", "Describe the columns, types, indexes and foreign keys of a table.", { table: ["string", "Table name"], schema: ["string", "Schema name"] }],
  ["create_issue", "Create a new issue in a GitHub repository.", { owner: ["string", "Repository owner"], repo: ["string", "Repository name"], title: ["string", "Issue title"], body: ["string", "Issue body in Markdown"], labels: ["array", "Labels to add"] }],
  ["list_issues", "List issues in a GitHub repository with filtering options.", { owner: ["string", "Repository owner"], repo: ["string", "Repository name"], state: ["string", "open, closed or all"], per_page: ["integer", "Results per page"] }],
  ["get_pull_request", "Get details of a specific pull request, including its diff statistics.", { owner: ["string", "Owner"], repo: ["string", "Repository"], pull_number: ["integer", "Pull request number"] }],
  ["create_pull_request", "Create a new pull request in a GitHub repository.", { owner: ["string", "Owner"], repo: ["string", "Repository"], title: ["string", "Title"], head: ["string", "Branch with the changes"], base: ["string", "Branch to merge into"], draft: ["boolean", "Open as a draft"] }],
  ["search_code", "Search for code across GitHub repositories using the code search syntax.", { q: ["string", "Search query"], page: ["integer", "Page number"] }],
  ["run_tests", "Run the project's test suite and return a summary of passed and failed tests.", { filter: ["string", "Only run tests whose name matches"], watch: ["boolean", "Keep watching for changes"] }],
  ["lint", "Run the linter over the given files and report problems with file, line and rule.", { files: ["array", "Files to lint"], fix: ["boolean", "Apply automatic fixes"] }],
  ["format_code", "Format source files with the project's formatter configuration.", { files: ["array", "Files to format"], check: ["boolean", "Only report files that would change"] }],
  ["build_project", "Build the project and return compiler errors and warnings.", { target: ["string", "Build target, for example release"], clean: ["boolean", "Remove previous build output first"] }],
  ["get_weather", "Get the current weather and a three-day forecast for a city.", { city: ["string", "City name"], units: ["string", "metric or imperial"] }],
  ["translate_text", "Translate text between languages.", { text: ["string", "Text to translate"], source_lang: ["string", "Source language code"], target_lang: ["string", "Target language code"] }],
  ["summarize_document", "Summarize a long document into a few paragraphs, keeping the key facts and figures.", { path: ["string", "Document path"], max_words: ["integer", "Length of the summary"] }],
  ["create_calendar_event", "Create an event in the user's calendar.", { title: ["string", "Event title"], start: ["string", "Start time, ISO 8601"], end: ["string", "End time, ISO 8601"], attendees: ["array", "Email addresses to invite"] }],
  ["send_slack_message", "Post a message to a Slack channel the bot has joined.", { channel: ["string", "Channel name or ID"], text: ["string", "Message text in mrkdwn"], thread_ts: ["string", "Reply in this thread"] }],
  ["list_containers", "List Docker containers with their status, image and ports.", { all: ["boolean", "Include stopped containers"] }],
  ["container_logs", "Fetch the last lines of a container's logs.", { container: ["string", "Container name or ID"], tail: ["integer", "Number of lines"] }],
  ["kubectl_get", "Get Kubernetes resources of a kind in a namespace, as YAML.", { kind: ["string", "Resource kind, for example pods"], namespace: ["string", "Namespace"], selector: ["string", "Label selector"] }],
  ["memory_store", "Store a fact in the knowledge graph for later retrieval across conversations.", { entity: ["string", "Entity name"], observation: ["string", "What to remember about it"] }],
  ["memory_search", "Search the knowledge graph for entities and observations matching a query.", { query: ["string", "Search text"], limit: ["integer", "Maximum results"] }],
  ["echo", "Echoes back the input, useful to test the connection.", { message: ["string", "Message to echo"] }],
];
const fiftyTools = toolSpecs.map(([name, description, props]) => ({
  name,
  description,
  inputSchema: {
    type: "object",
    properties: Object.fromEntries(Object.entries(props).map(([key, [type, desc]]) => [key, type === "array" ? { type, items: { type: "string" }, description: desc } : { type, description: desc }])),
    required: Object.keys(props).slice(0, 1),
    additionalProperties: false,
  },
  annotations: { readOnlyHint: !/write|create|edit|move|commit|send|delete|reset/.test(name), openWorldHint: /fetch|http|web|download|slack/.test(name) },
}));
const listSubjects: Subject[] = fiftyTools.map((tool) => ({ kind: "tool_description", tool }));
const scanList = async (subjects: readonly Subject[]) => {
  for (const subject of subjects) {
    await scan(policy, subject);
    toolFingerprint((subject as { tool: unknown }).tool);
  }
};
// Steady state: a client lists the same tools again (new session, list_changed); the policy
// remembers the findings of definitions it has scanned.
const listMicros = await medianMicros(20, 25, () => scanList(listSubjects));
// First sight: every definition new to the policy (a distinct name each round).
let round = 0;
const coldMicros = await medianMicros(5, 15, () => {
  round++;
  return scanList(fiftyTools.map((tool) => ({ kind: "tool_description", tool: { ...tool, name: `${tool.name}_${round}` } })));
});
const listJsonMicros = await medianMicros(20, 25, () => JSON.parse(JSON.stringify(fiftyTools)));
add(`tools/list ${fiftyTools.length} tools poisoning scan + fingerprint`, fmt(listMicros, "µs"), fmt(listJsonMicros, "µs JSON round trip"), `${(listMicros / listJsonMicros).toFixed(1)}x`, "≤ 200 µs");
add(`tools/list ${fiftyTools.length} tools, first sight (nothing remembered)`, fmt(coldMicros, "µs"), fmt(listJsonMicros, "µs JSON round trip"), `${(coldMicros / listJsonMicros).toFixed(1)}x`, "-");

// 3. 10 KB clean response, injection scan.
const tenKb = sentence.repeat(140);
const contentSubject: Subject = { kind: "content", content: tenKb };
const injMicros = await medianMicros(20, 25, () => scan(policy, contentSubject));
const tenKbLower = await medianMicros(200, 25, () => tenKb.toLowerCase());
add("injection scan, clean 10 KB", fmt(injMicros, "µs"), fmt(tenKbLower, "µs toLowerCase"), `${(injMicros / tenKbLower).toFixed(1)}x`, "(reference ~8 ms)");

// 4. Adversarial 1 MB inputs: keyword-dense text must stay linear.
const adversarial: Array<[string, Subject]> = [
  ["1 MB of 'password=' repeats", { kind: "text", text: "password=".repeat(110_000) }],
  ["1 MB of digit runs", { kind: "text", text: "4111 1111 1111 1112 ".repeat(50_000) }],
  ["1 MB of 'ignore previous'", { kind: "content", content: "ignore previous ".repeat(65_000) }],
];
for (const [name, subject] of adversarial) {
  const ms = (await medianMicros(1, 3, () => scan(policy, subject))) / 1000;
  add(`adversarial: ${name}`, fmt(ms, "ms"), fmt(dlpMicros / 1000, "ms clean 1 MB"), `${(ms / (dlpMicros / 1000)).toFixed(1)}x`, "linear");
}

// 4b. Every rule on its own worst case: its first match example repeated (dense, real candidates),
// at 64 KiB and 256 KiB. Linear time means the time ratio stays near 4.
const perRule: { id: string; msPerMb: number; ratio: number }[] = [];
for (const pack of built.build.packs) {
  for (const spec of pack.spec.rules) {
    const rule = policy.rules.find((r) => r.id === spec.id);
    if (!rule || !rule.hasPattern) continue;
    const unit = `${spec.examples.match[0]} `;
    const make = (n: number) => unit.repeat(Math.ceil(n / unit.length));
    const small = make(64 * 1024);
    const large = make(256 * 1024);
    const subject = (text: string): Subject =>
      rule.kind === "injection" ? { kind: "content", content: text } : rule.kind === "tool_policy" ? { kind: "tool_call", toolName: "bash", arguments: { command: text } } : rule.kind === "tool_description" ? { kind: "tool_description", tool: { name: "t", description: text } } : rule.kind === "url" ? { kind: "text", text } : { kind: "text", text };
    const tSmall = await medianMicros(1, 3, () => scan(policy, subject(small), { deadlineMs: 60_000 }));
    const tLarge = await medianMicros(1, 3, () => scan(policy, subject(large), { deadlineMs: 60_000 }));
    perRule.push({ id: spec.id, msPerMb: tLarge / 1000 / (large.length / 1e6), ratio: tLarge / tSmall });
  }
}
perRule.sort((a, b) => b.msPerMb - a.msPerMb);
const worstRatio = Math.max(...perRule.map((r) => r.ratio));
for (const r of perRule.slice(0, 5)) add(`worst case: ${r.id}`, `${r.msPerMb.toFixed(0)} ms/MB`, fmt(dlpMicros / 1000, "ms clean 1 MB"), `${(r.msPerMb / (dlpMicros / 1000)).toFixed(0)}x`, "linear");
add(`per-rule worst cases (${perRule.length} rules)`, `max 256K/64K time ratio ${worstRatio.toFixed(1)}`, "4.0 = linear", "-", "≤ ~5");

// 5. Cold start of the compiled binary.
const binary = join(import.meta.dir, "../dist/pipelock");
if (existsSync(binary)) {
  const runs = (cmd: string, args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      spawnSync(cmd, args, { stdio: "ignore" });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  };
  const cold = runs(binary, ["check", "--offline", "--url", "https://example.com/docs"]);
  const trueMs = runs("/bin/true", []);
  add("binary cold start: check --url", fmt(cold, "ms"), fmt(trueMs, "ms /bin/true"), `${(cold / trueMs).toFixed(0)}x`, "≤ 60 ms");
} else {
  add("binary cold start", "skipped", "dist/pipelock missing (bun run build)", "-", "≤ 60 ms");
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
