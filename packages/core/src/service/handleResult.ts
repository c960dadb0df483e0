import type { DisputeState } from '../dispute/state';
import type { RecordedDisputeEvent } from './recordedDisputeEvent';

/** What a handled command did: its stored events, the dispute's state and version after them. */
export interface HandleResult {
  /** The command's events as stored (none when the decision emitted nothing). */
  readonly events: ReadonlyArray<RecordedDisputeEvent>;
  /** The dispute's state after the command (after the latest event, for a repeated command). */
  readonly state: DisputeState;
  /** The stream's version after the command. */
  readonly version: number;
  /** True when the command's `commandId` had already been applied: the first result, nothing appended. */
  readonly alreadyApplied: boolean;
}
