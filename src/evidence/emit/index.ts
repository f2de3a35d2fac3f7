/** @module Emitters: webhook, syslog (RFC 5424), OTLP/HTTP JSON logs, on bounded delivery queues. */
export { DeliveryQueue, type QueueOptions, type SendResult } from "./queue.ts";
export { filteredEmitter, httpResult, type Emitter } from "./emitter.ts";
export { createWebhookEmitter, webhookBody, type WebhookSettings } from "./webhook.ts";
export { createSyslogEmitter, parseSyslogAddress, MAX_UDP_MESSAGE_BYTES, type SyslogSettings } from "./syslog.ts";
export { formatSyslog, sdValue, headerField, SD_ID, type SyslogHeader } from "./syslog-format.ts";
export { createOtlpEmitter, logsUrl, otlpPayload, otlpLogRecord, type OtlpSettings } from "./otlp.ts";
