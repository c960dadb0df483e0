import type { EventStore } from '../../eventStore/eventStore';
import type { Clock } from '../../clock/clock';
import type { RetryPolicy } from '../../commandLoop/retrying';
import type { ServiceObservation } from '../serviceObservation';

/** What the service's parts share: the store, the clock, the retry policy and the observer. */
export interface ServiceContext extends RetryPolicy {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly observe: (observation: ServiceObservation) => void;
}
