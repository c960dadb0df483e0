import type { EventStore } from '../eventStore/eventStore';
import type { Clock } from '../clock/clock';
import type { ServiceObservation } from './serviceObservation';

/** What the service's parts share: the store, the clock, the retry budget and the observer. */
export interface ServiceContext {
  readonly store: EventStore;
  readonly clock: Clock;
  /** Re-reads allowed after a conflict, per stream and per command. */
  readonly maxRetries: number;
  /** Milliseconds to wait before retry number `attempt` (1-based). */
  readonly backoff: (attempt: number) => number;
  readonly observe: (observation: ServiceObservation) => void;
}

/** Waits before a retry (no timer at all for 0 ms). */
export const pause = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
