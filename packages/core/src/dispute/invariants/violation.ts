import type { DisputeEvent } from '../events';

/**
 * The invariants of process rules §7, by their ids. `checkHistory` reports M1–M4, S1–S8, A1–A2,
 * T1–T3 and I1 (M6: payout holds; L1–L2: liability; M7: money never goes out twice, refunds made elsewhere counted; M8: chargebacks counted, no refund while one is open); `checkOrderHistories` reports M5. S9 and T4 are properties of the decider (a fold
 * and a fair run), not of one history, so the property tests check them instead.
 */
export type InvariantRule =
  | 'M1' | 'M2' | 'M3' | 'M4' | 'M5' | 'M6' | 'M7' | 'M8'
  | 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8' | 'S9'
  | 'A1' | 'A2'
  | 'T1' | 'T2' | 'T3' | 'T4'
  | 'I1'
  | 'L1' | 'L2';

/** One broken invariant: which rule, what is wrong in plain words, and where (0-based position in the input). */
export interface Violation {
  readonly rule: InvariantRule;
  readonly message: string;
  /** Position of the offending event in the history (for `checkOrderHistories`, of the offending history). */
  readonly index?: number;
}

/** An event of a history, bare or with its stream version (versions let S1 check 1..n without gaps). */
export type HistoryEntry = DisputeEvent | { readonly version: number; readonly event: DisputeEvent };
