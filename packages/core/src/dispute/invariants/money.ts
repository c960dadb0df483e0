import type { Money } from '../../money/money';
import type { DisputeEvent, EventOf, EventType } from '../events';
import { fmt, report, type Audit, type EventCheck, type AuditedDispute } from './audit';
import { isRecord } from './entries';

/** The money rules M1–M2: amounts are minor units in the dispute's currency, within what is refundable. */

type MoneyFields = ReadonlyArray<readonly [string, unknown]>;
const noMoney = (): MoneyFields => [];
const amount = (data: Record<string, unknown>): MoneyFields => [['amount', data.amount]];
const refund = (data: Record<string, unknown>): MoneyFields => [['refund', data.refund]];

/** The Money fields of each event type, read defensively (the event may not be well-formed). */
const MONEY_FIELDS: Readonly<Record<EventType, (data: Record<string, unknown>) => MoneyFields>> = {
  DisputeOpened: (data) => {
    const order = isRecord(data.order) ? data.order : {};
    return [
      ['order.paid', order.paid],
      ['order.alreadyRefunded', order.alreadyRefunded],
      ['requested', data.requested],
      ['refundable', data.refundable],
    ];
  },
  ProposalMade: amount,
  ProposalAccepted: amount,
  ProposalRejected: noMoney,
  EvidenceSubmitted: noMoney,
  EvidenceRequested: noMoney,
  MessagePosted: noMoney,
  Escalated: noMoney,
  RulingIssued: refund,
  ReturnRequested: refund,
  ReturnShipped: noMoney,
  ReturnReceived: noMoney,
  DeadlineExpired: noMoney,
  Resolved: refund,
  RefundIssued: amount,
  RefundFailed: noMoney,
  DisputeCancelled: noMoney,
  DisputeClosed: (data) => [['refunded', data.refunded]],
  RefundBlocked: noMoney,
  RefundRetried: noMoney,
  PayoutHoldPlaced: amount,
  PayoutHoldReleased: (data) => [['amount', data.amount], ['consumed', data.consumed]],
  ExternalRefundRecorded: amount,
  RulingRevised: refund,
  ChargebackOpened: amount,
  ChargebackDecided: amount,
};

type CappedAmount<E extends DisputeEvent> = (event: E) => Money | undefined;
const uncapped = (): undefined => undefined;

/** The amount each event type carries that the refundable cap applies to (M1), on a well-formed event. */
const CAPPED_AMOUNT: { readonly [K in EventType]: CappedAmount<EventOf<K>> } = {
  DisputeOpened: (e) => e.data.requested,
  ProposalMade: (e) => e.data.amount,
  ProposalAccepted: (e) => e.data.amount,
  ProposalRejected: uncapped,
  EvidenceSubmitted: uncapped,
  EvidenceRequested: uncapped,
  MessagePosted: uncapped,
  Escalated: uncapped,
  RulingIssued: (e) => e.data.refund,
  ReturnRequested: (e) => e.data.refund,
  ReturnShipped: uncapped,
  ReturnReceived: uncapped,
  DeadlineExpired: uncapped,
  Resolved: (e) => e.data.refund,
  RefundIssued: (e) => e.data.amount,
  RefundFailed: uncapped,
  DisputeCancelled: uncapped,
  DisputeClosed: (e) => e.data.refunded,
  RefundBlocked: uncapped,
  RefundRetried: uncapped,
  PayoutHoldPlaced: (e) => e.data.amount,
  PayoutHoldReleased: (e) => e.data.amount,
  ExternalRefundRecorded: (e) => e.data.amount,
  RulingRevised: (e) => e.data.refund,
  ChargebackOpened: (e) => e.data.amount,
  ChargebackDecided: (e) => e.data.amount,
};

/**
 * M2, read defensively so that malformed amounts are named as money problems: every Money field is a
 * safe integer ≥ 0 in the dispute's currency. Returns how many problems it reported.
 */
export const checkMoneyFields = (audit: Audit, type: EventType, raw: Record<string, unknown>, index: number): number => {
  const data = isRecord(raw.data) ? raw.data : {};
  let problems = 0;
  const currency =
    audit.dispute?.currency ?? (type === 'DisputeOpened' && isRecord(data.order) && isRecord(data.order.paid) ? data.order.paid.currency : undefined);
  for (const [path, value] of MONEY_FIELDS[type](data)) {
    const amount = isRecord(value) ? value.amount : undefined;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
      report(audit, 'M2', `${type}.${path} is ${JSON.stringify(amount) ?? 'missing'}, not a safe integer ≥ 0 of minor units.`, index);
      problems += 1;
    } else if (isRecord(value) && currency !== undefined && value.currency !== currency) {
      report(audit, 'M2', `${type}.${path} is in ${String(value.currency)}, but the dispute is in ${String(currency)}.`, index);
      problems += 1;
    }
  }
  return problems;
};

/** M1 on the opening: the refundable is paid − already refunded, above zero, and the request within it. Returns what the audit keeps. */
export const checkOpeningAmounts = (audit: Audit, event: EventOf<'DisputeOpened'>, index: number): AuditedDispute => {
  const e = event.data;
  const { paid, alreadyRefunded } = e.order;
  if (alreadyRefunded.amount > paid.amount) report(audit, 'M1', `The order says ${alreadyRefunded.amount} was refunded of ${paid.amount} paid.`, index);
  if (e.refundable.amount !== paid.amount - alreadyRefunded.amount) {
    report(audit, 'M1', `The refundable ${e.refundable.amount} is not paid − already refunded (${paid.amount} − ${alreadyRefunded.amount}).`, index);
  }
  if (e.refundable.amount <= 0) report(audit, 'M1', 'Nothing was refundable when the dispute opened.', index);
  if (e.requested.amount <= 0 || e.requested.amount > e.refundable.amount) {
    report(audit, 'M1', `The buyer asked for ${e.requested.amount}, which is not within 1..${e.refundable.amount}.`, index);
  }
  return {
    disputeId: e.disputeId,
    buyerId: e.order.buyerId,
    sellerId: e.order.sellerId,
    currency: paid.currency,
    refundable: e.refundable.amount,
    policy: e.policy,
  };
};

/** M1 on every later event: each amount within the refundable cap. */
export const checkCap = (c: EventCheck, event: DisputeEvent): void => {
  const capped = (CAPPED_AMOUNT[event.type] as CappedAmount<DisputeEvent>)(event);
  if (capped !== undefined && capped.amount > c.dispute.refundable) {
    c.report('M1', `${event.type} carries ${fmt(capped)}, more than the ${c.dispute.refundable} refundable.`);
  }
};
