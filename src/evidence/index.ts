/** @module Evidence: decision events (and, as they land, recorder, metrics, emitters). */
export { DOORS, NULL_SINK, type DecisionEvent, type DoorName, type EventSink } from "./event.ts";
