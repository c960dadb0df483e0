import type { EventOf } from '../events';
import { checkRevisedLiability } from './liability';
import { fmt, inCommand, report, type Audit, type EventCheck } from './audit';

/**
 * M7, money never goes out twice (process rules §5.6, decision 0005): each refund made elsewhere is
 * above zero, under a reference used once, and the gateway's refund plus the refunds made elsewhere
 * never exceed the refundable amount nor, once resolved, the resolved refund. Before the refund is
 * due, a refund made elsewhere ends the dispute in its command. A second ruling on a blocked refund
 * comes only from the blocked state (S3), its outcome matches its refund (M4), and it never refunds
 * less than the buyer already got elsewhere (M7).
 */

/** A refund made elsewhere: once per reference, above zero, within what may still go out. */
export const checkExternalRefundRecorded = (c: EventCheck, event: EventOf<'ExternalRefundRecorded'>): void => {
  const e = event.data;
  const x = c.t.external;
  if (x.refs.has(e.refundRef)) c.report('M7', `The refund made elsewhere ${e.refundRef} is recorded twice.`);
  x.refs.add(e.refundRef);
  if (e.amount.amount <= 0) c.report('M7', `A refund made elsewhere of ${fmt(e.amount)}; it must be more than zero.`);
  if (e.by.role === 'mediator' && c.statusBefore !== 'REFUND_BLOCKED') {
    c.report('A1', `A mediator recorded a refund made elsewhere while the dispute was ${c.statusBefore}, not REFUND_BLOCKED.`);
  }
  x.total += e.amount.amount;
  const gateway = c.t.refunds.reduce((sum, m) => sum + m.amount, 0);
  const lost = c.t.chargebacks.lost;
  if (gateway + x.total + lost > c.dispute.refundable) {
    c.report('M7', `Refunded ${gateway} by the gateway, ${x.total} elsewhere and ${lost} by lost chargebacks: more than the ${c.dispute.refundable} refundable.`);
  }
  const resolved = c.t.resolved;
  if (resolved?.outcome === 'SELLER_FAVOUR') c.report('M7', "A refund made elsewhere was recorded in a dispute resolved in the seller's favour.");
  else if (resolved !== undefined && x.total + lost > resolved.refund.amount) {
    c.report('M7', `Refunds made elsewhere total ${x.total} (and lost chargebacks ${lost}), more than the resolved ${fmt(resolved.refund)}.`);
  }
  x.mustResolve = resolved === undefined;
};

/** A second ruling: only on a blocked refund, consistent, never below the refunds made elsewhere; it replaces the resolution. */
export const checkRulingRevised = (c: EventCheck, event: EventOf<'RulingRevised'>): void => {
  const e = event.data;
  if (c.statusBefore !== 'REFUND_BLOCKED') c.report('S3', `A ruling was revised while the dispute was ${c.statusBefore}, not REFUND_BLOCKED.`);
  if ((e.outcome === 'BUYER_FAVOUR') !== e.refund.amount > 0) {
    c.report('M4', `A revised ${e.outcome} ruling refunds ${fmt(e.refund)}; the buyer's favour means a refund above zero, the seller's none.`);
  }
  if (e.isFullRefund !== (e.refund.amount === c.dispute.refundable)) {
    c.report('M1', `The revised ruling says isFullRefund = ${e.isFullRefund}, but it refunds ${e.refund.amount} of ${c.dispute.refundable}.`);
  }
  const outside = c.t.external.total + c.t.chargebacks.lost;
  if (e.refund.amount < outside) {
    c.report('M7', `The revised ruling refunds ${fmt(e.refund)}, less than the ${outside} already refunded elsewhere or by lost chargebacks.`);
  }
  c.t.resolved = { outcome: e.outcome, refund: e.refund };
  checkRevisedLiability(c, event);
};

/**
 * What a command must finish about refunds made elsewhere: one recorded before the refund was due
 * resolves the dispute in the same command (M7); a revised ruling for the seller, or one the refunds
 * made elsewhere already cover, closes it (S3, M7).
 */
export const checkExternalOfCommand = (audit: Audit, last: number): void => {
  const x = audit.t.external;
  const closes = inCommand(audit, 'DisputeClosed') !== undefined;
  const recorded = inCommand(audit, 'ExternalRefundRecorded') !== undefined;
  if (recorded && x.mustResolve && inCommand(audit, 'Resolved', (e) => e.type === 'Resolved' && e.data.basis === 'EXTERNAL_REFUND') === undefined) {
    report(audit, 'M7', 'A refund made elsewhere before the refund was due must cover what is at stake and resolve the dispute (EXTERNAL_REFUND) in its command.', last);
  }
  x.mustResolve = false;
  const resolved = audit.t.resolved;
  const outside = x.total + audit.t.chargebacks.lost;
  const covered = resolved?.outcome === 'BUYER_FAVOUR' && x.total > 0 && outside === resolved.refund.amount && audit.t.refunds.length === 0;
  if ((recorded || inCommand(audit, 'RulingRevised') !== undefined) && covered && !closes) {
    report(audit, 'M7', `The refunds made elsewhere (${x.total}) cover the resolved refund, but the command did not close the dispute.`, last);
  }
  const revised = inCommand(audit, 'RulingRevised');
  if (revised?.type === 'RulingRevised' && revised.data.outcome === 'SELLER_FAVOUR' && !closes) {
    report(audit, 'S3', "A revised ruling in the seller's favour must close the dispute in the same command.", last);
  }
};
