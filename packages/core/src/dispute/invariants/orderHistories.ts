import { millisOf } from '../../codecs/instant';
import type { Money } from '../../money/money';
import type { EventOf } from '../events';
import { fmt, sameMoney } from './audit';
import { isEventType, isRecord, isWellFormed, rawEventOf } from './entries';
import type { HistoryEntry, Violation } from './violation';

/** What M5 needs from one dispute of an order. */
interface OrderDispute {
  readonly position: number;
  readonly orderId: string;
  readonly paid: Money;
  readonly alreadyRefunded: Money;
  readonly openedAt: number;
  readonly closedAt: number | undefined;
  readonly refunded: number;
  readonly maxDisputes: number;
}

const summarise = (history: Iterable<HistoryEntry>, position: number): OrderDispute | undefined => {
  let opened: EventOf<'DisputeOpened'> | undefined;
  let closedAt: number | undefined;
  let refunded = 0;
  for (const entry of history) {
    const event = rawEventOf(entry);
    if (!isRecord(event) || !isEventType(event.type) || !isWellFormed(event.type, event)) continue;
    if (event.type === 'DisputeOpened' && opened === undefined) opened = event;
    if (event.type === 'RefundIssued') refunded += event.data.amount.amount;
    if (event.type === 'DisputeClosed' && closedAt === undefined) closedAt = millisOf(event.data.at);
  }
  if (opened === undefined) return undefined;
  const o = opened.data;
  return {
    position,
    orderId: o.order.orderId,
    paid: o.order.paid,
    alreadyRefunded: o.order.alreadyRefunded,
    openedAt: millisOf(o.at),
    closedAt,
    refunded,
    maxDisputes: o.policy.maxDisputesPerOrder,
  };
};

/** M5 on one dispute of the order, given the first and those before it. */
const checkOrderDispute = (report: (message: string, index: number) => void, disputes: ReadonlyArray<OrderDispute>, k: number, refundedBefore: number): void => {
  const first = disputes[0]!;
  const d = disputes[k]!;
  if (d.orderId !== first.orderId) report(`History ${d.position} is about order ${d.orderId}, not ${first.orderId}.`, d.position);
  if (!sameMoney(d.paid, first.paid)) report(`History ${d.position} says ${fmt(d.paid)} was paid, the first dispute ${fmt(first.paid)}.`, d.position);
  if (d.alreadyRefunded.currency !== first.paid.currency) {
    report(`History ${d.position} counts refunds in ${d.alreadyRefunded.currency}, not ${first.paid.currency}.`, d.position);
  }
  if (k > 0) {
    const floor = first.alreadyRefunded.amount + refundedBefore;
    if (d.alreadyRefunded.amount < floor) {
      report(`Dispute ${k + 1} of the order snapshots ${d.alreadyRefunded.amount} already refunded, less than the ${floor} refunded before it.`, d.position);
    }
    const previous = disputes[k - 1]!;
    if (previous.closedAt === undefined || previous.closedAt > d.openedAt) {
      report(`Dispute ${k + 1} of the order opened while dispute ${k} (history ${previous.position}) was still open.`, d.position);
    }
  }
  if (k + 1 > d.maxDisputes) report(`Dispute ${k + 1} of the order exceeds its policy's maxDisputesPerOrder of ${d.maxDisputes}.`, d.position);
};

/**
 * Checks the disputes of one order against M5: each later dispute snapshots an `alreadyRefunded` at
 * least the first's plus what the earlier disputes refunded, the order's total refunded never exceeds
 * what was paid, at most one dispute is open at a time, and no more are opened than the policy's
 * `maxDisputesPerOrder`. Histories are taken in the order they were opened; a violation's `index`
 * is the position of the offending history in `histories`. Run `checkHistory` on each for the rest.
 */
export const checkOrderHistories = (histories: ReadonlyArray<Iterable<HistoryEntry>>): ReadonlyArray<Violation> => {
  const violations: Violation[] = [];
  const report = (message: string, index: number): void => {
    violations.push({ rule: 'M5', message, index });
  };
  const disputes = histories
    .map((history, position) => summarise(history, position))
    .filter((d): d is OrderDispute => d !== undefined)
    .sort((a, b) => a.openedAt - b.openedAt || a.position - b.position);
  const first = disputes[0];
  if (first === undefined) return violations;
  let refundedBefore = 0;
  disputes.forEach((d, k) => {
    checkOrderDispute(report, disputes, k, refundedBefore);
    refundedBefore += d.refunded;
  });
  const total = first.alreadyRefunded.amount + refundedBefore;
  if (total > first.paid.amount) report(`The order's refunds total ${total}, more than the ${first.paid.amount} paid.`, disputes[disputes.length - 1]!.position);
  return violations;
};
