import { onChargebackOf } from '../../policy/chargebackPolicy';
import type { DisputeEvent, EventOf, EventType } from '../events';
import { fmt, inCommand, report, type Audit, type EventCheck } from './audit';

/**
 * M8, the refund cap counts chargebacks (process rules §5.7, decision 0006): the gateway's refund, the
 * refunds made elsewhere and the lost chargebacks together never exceed what was refundable; at most
 * one chargeback is open at a time, each case once, and each is decided at most once (a loss of more
 * than zero and at most its amount, a win of nothing); while one is open no refund is issued and
 * nothing but messages, evidence and its `REPRESENTMENT` deadline happens; under `CLOSE` the opening
 * closes the dispute in its command, under `SUSPEND` it does not.
 */

/** What may happen while a chargeback is open (besides its decision). */
const WHILE_OPEN: ReadonlyArray<EventType> = ['MessagePosted', 'EvidenceSubmitted', 'ChargebackDecided'];

/** What has gone back to the buyer so far: the gateway's refund, the refunds made elsewhere, the lost chargebacks. */
export const givenBack = (c: EventCheck): number => c.t.refunds.reduce((sum, m) => sum + m.amount, 0) + c.t.external.total + c.t.chargebacks.lost;

/** A chargeback: a new case, none open, above zero, within what may still go back, with the deadline the policy gives. */
export const checkChargebackOpened = (c: EventCheck, event: EventOf<'ChargebackOpened'>): void => {
  const e = event.data;
  const cb = c.t.chargebacks;
  if (cb.cases.has(e.caseId)) c.report('M8', `The chargeback case ${e.caseId} is opened twice.`);
  cb.cases.add(e.caseId);
  if (cb.open !== undefined) c.report('M8', `Chargeback ${e.caseId} was opened while ${cb.open.caseId} was still open.`);
  if (e.amount.amount <= 0) c.report('M8', `A chargeback of ${fmt(e.amount)}; it must be more than zero.`);
  const left = c.dispute.refundable - givenBack(c);
  if (e.amount.amount > left) c.report('M8', `A chargeback of ${fmt(e.amount)}, more than the ${left} that could still be refunded.`);
  const suspend = onChargebackOf(c.dispute.policy) === 'SUSPEND';
  const deadline = e.deadlines[0];
  if (suspend && (e.deadlines.length !== 1 || deadline?.kind !== 'REPRESENTMENT' || deadline.dueAt !== e.dueBy)) {
    c.report('M8', `Under onChargeback SUSPEND a chargeback starts one REPRESENTMENT deadline due at its dueBy (${e.dueBy}).`);
  }
  if (!suspend && e.deadlines.length > 0) c.report('M8', 'Under onChargeback CLOSE a chargeback starts no deadline: the dispute closes.');
  cb.open = suspend ? { caseId: e.caseId, amount: e.amount, from: c.statusBefore } : undefined;
};

/** A decision: of the open chargeback, once; nothing back when won; more than zero and at most its amount when lost; resuming where it was. */
export const checkChargebackDecided = (c: EventCheck, event: EventOf<'ChargebackDecided'>): void => {
  const e = event.data;
  const cb = c.t.chargebacks;
  const open = cb.open;
  if (open === undefined || open.caseId !== e.caseId) {
    c.report('M8', `Chargeback ${e.caseId} was decided, but it is not the open one (${open?.caseId ?? 'none is open'}); a chargeback is decided at most once.`);
  } else {
    if (e.amount.amount > open.amount.amount) c.report('M8', `Chargeback ${e.caseId} lost ${fmt(e.amount)}, more than the ${fmt(open.amount)} disputed.`);
    if (e.resumes !== open.from) c.report('S3', `Chargeback ${e.caseId} resumes ${e.resumes}, but it suspended ${open.from}.`);
  }
  if (e.outcome === 'WON' && e.amount.amount !== 0) c.report('M8', `A won chargeback gave back ${fmt(e.amount)}; a win gives back nothing.`);
  if (e.outcome === 'LOST' && e.amount.amount <= 0) c.report('M8', 'A lost chargeback gave back nothing; a loss gives back more than zero.');
  if (e.outcome === 'LOST') cb.lost += e.amount.amount;
  cb.open = undefined;
  if (givenBack(c) > c.dispute.refundable) {
    c.report('M8', `The gateway refunded, refunds made elsewhere and lost chargebacks total ${givenBack(c)}: more than the ${c.dispute.refundable} refundable.`);
  }
};

/** While a chargeback is open: nothing but messages, evidence and its own deadline; never a refund (M8). */
export const checkWhileChargebackOpen = (c: EventCheck, event: DisputeEvent): void => {
  const open = c.t.chargebacks.open;
  if (open === undefined || event.type === 'ChargebackOpened' || WHILE_OPEN.includes(event.type)) return;
  if (event.type === 'DeadlineExpired' && event.data.kind === 'REPRESENTMENT') return;
  const what = event.type === 'RefundIssued' ? 'a refund was issued' : `${event.type} happened`;
  c.report('M8', `While chargeback ${open.caseId} was open ${what}; money must not go back twice, and the dispute waits for the card network.`);
};

/** What a command must finish about chargebacks: `CLOSE` closes in the opening's command, `SUSPEND` does not; a covered resolution closes (M8). */
export const checkChargebacksOfCommand = (audit: Audit, last: number): void => {
  const opened = inCommand(audit, 'ChargebackOpened');
  const closed = inCommand(audit, 'DisputeClosed');
  if (opened !== undefined && audit.dispute !== undefined) {
    const suspend = onChargebackOf(audit.dispute.policy) === 'SUSPEND';
    if (!suspend && (closed?.type !== 'DisputeClosed' || closed.data.outcome !== 'CHARGEBACK')) {
      report(audit, 'M8', 'Under onChargeback CLOSE a chargeback closes the dispute (outcome CHARGEBACK) in its command.', last);
    }
    if (suspend && closed !== undefined) report(audit, 'M8', 'Under onChargeback SUSPEND a chargeback suspends the dispute; it does not close it.', last);
  }
  if (closed?.type === 'DisputeClosed' && closed.data.outcome === 'CHARGEBACK' && opened === undefined) {
    report(audit, 'S3', 'The dispute closed as CHARGEBACK without a chargeback opened in the same command.', last);
  }
  const resolved = inCommand(audit, 'Resolved');
  const lost = audit.t.chargebacks.lost;
  if (resolved?.type === 'Resolved' && resolved.data.refund.amount > 0 && lost > 0 && resolved.data.refund.amount <= lost + audit.t.external.total && closed === undefined) {
    report(audit, 'M8', `The resolution refunds ${fmt(resolved.data.refund)}, which lost chargebacks (${lost}) already gave back, but the command did not close the dispute.`, last);
  }
  const decided = inCommand(audit, 'ChargebackDecided');
  const r = audit.t.resolved;
  const covered = r?.outcome === 'BUYER_FAVOUR' && lost > 0 && lost + audit.t.external.total >= r.refund.amount && audit.t.refunds.length === 0;
  if (decided !== undefined && covered && closed === undefined) {
    report(audit, 'M8', `The lost chargebacks (${lost}) cover the resolved refund, but the command did not close the dispute.`, last);
  }
};
