/** @module teeSink: hand each event to several sinks (each guarded: one throwing never stops the others). */
import type { DecisionEvent, EventSink } from "./event.ts";

export function teeSink(...sinks: readonly EventSink[]): EventSink {
  return {
    emit(event: DecisionEvent) {
      for (const s of sinks) {
        try {
          s.emit(event);
        } catch {
          // The sink contract says emit never throws; a door never relies on that.
        }
      }
    },
  };
}
