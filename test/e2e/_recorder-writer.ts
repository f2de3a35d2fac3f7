/**
 * @module Child process for the kill -9 test: writes decision events through the real evidence
 * pipeline as fast as it can (signed checkpoints every 200 entries), printing "ready" once the first
 * batch is on disk. argv: DIR KEYFILE [COUNT] — COUNT bounds the run (default: until killed).
 */
import { createMetrics, EvidencePipeline, loadSigningKey, RecorderWriter, Redactor, type DecisionEvent } from "../../src/evidence/index.ts";

const [dir, keyFile, countArg] = process.argv.slice(2);
if (!dir || !keyFile) throw new Error("usage: _recorder-writer.ts DIR KEYFILE [COUNT]");
const metrics = createMetrics();
const recorder = RecorderWriter.open({ dir, signingKey: loadSigningKey(keyFile), checkpointInterval: 200, maxEntriesPerFile: 5000, fsync: "never", metrics });
const pipeline = new EvidencePipeline({ metrics, redactor: new Redactor(() => undefined), recorder });
const count = countArg === undefined ? Number.POSITIVE_INFINITY : Number(countArg);
const padding = "x".repeat(1500); // ~2 KB entries: big writes make a kill inside write() likely
let i = 0;
let announced = false;

function event(n: number): DecisionEvent {
  const deny = n % 5 === 0;
  return {
    ts: new Date().toISOString(),
    door: deny ? "fetch" : "forward",
    direction: "request",
    decision: deny ? "deny" : "allow",
    action: deny ? "block" : "allow",
    subject: "url",
    target: `https://host-${n % 7}.example/p/${padding}`,
    session: `s-${n % 3}`,
    findings: deny ? [{ scanner: "dlp", rule_id: "dlp.test_rule", severity: "high", action: "block", message: "test finding" }] : [],
  };
}

function batch(): void {
  for (let k = 0; k < 100 && i < count; k++, i++) pipeline.emit(event(i));
  pipeline.drain();
  if (!announced) {
    announced = true;
    process.stdout.write("ready\n");
  }
  if (i < count) setImmediate(batch);
  else void pipeline.close(0).then(() => process.stdout.write("done\n"));
}
batch();
