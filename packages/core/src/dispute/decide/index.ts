/**
 * The decider's command side: `decide` (and `makeDecide` for an injected business calendar) takes a
 * command and a dispute's state to the events to append, or the rule the command breaks. One file a
 * phase (opening, negotiation, conversation, mediation, cancellation, returns, deadlines, refunds),
 * each command handled by one small function of the command and a `DecideContext`.
 */
export type { Decision } from './decision';
export { decide, makeDecide, type DecideOptions } from './makeDecide';
export { describeCommand } from './envelope';
export { refundIdempotencyKey } from './refunds';
export { closing, payoutHoldAmount, payoutHoldKey, payoutHoldRelease, payoutReleaseKey } from './payoutHold';
