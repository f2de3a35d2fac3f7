/**
 * @module Evidence: the decision event contract, audit records, redaction, the flight recorder,
 * Prometheus metrics, emitters, and the fan-out pipeline that ties them together.
 */
export { DOORS, NULL_SINK, KILL_SWITCH_FAILURE, type DecisionEvent, type DoorName, type EventSink, type EvidenceSink, type OpsEvent } from "./event.ts";
export { toAuditRecord, toRecorderDetail, opsAuditRecord, eventSeverity, eventName, decisiveFinding, EVENT_SEVERITY_RANK, MAX_FINDINGS_PER_RECORD, type AuditRecord, type AuditFinding, type EventSeverity } from "./audit.ts";
export { techniquesOf, primaryTechnique, SCANNER_TECHNIQUE } from "./mitre.ts";
export { Redactor, stripUrlSecrets } from "./redact.ts";
export { EvidencePipeline, MAX_PENDING_EVENTS, type PipelineOptions } from "./pipeline.ts";
export { teeSink } from "./tee.ts";
export * from "./metrics/index.ts";
export * from "./recorder/index.ts";
export * from "./emit/index.ts";
