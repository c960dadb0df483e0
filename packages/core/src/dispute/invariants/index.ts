/**
 * The invariants of process rules §7, checked on histories that came from elsewhere: one checker per
 * rule family — stream (S1), money (M1–M2), actors (A1–A2), deadlines (T1–T3), commands (I1), the
 * state rules by phase (proposals, mediation, returns, settlement: S2–S8 with the M3–M4 they carry)
 * and order histories (M5) — run in a fixed order by `checkHistory`.
 */
export { checkHistory } from './checkHistory';
export { checkOrderHistories } from './orderHistories';
export type { HistoryEntry, InvariantRule, Violation } from './violation';
