import { millisOf } from '../../codecs/instant';
import type { DisputeEvent, EventOf } from '../events';
import { evolve } from '../evolve';
import type { DisputeStatus } from '../state';
import { eventCheck, newAudit, report, type Audit, type EventCheck, type AuditedDispute } from './audit';
import { checkActors, checkOpener } from './actors';
import { checkWhileChargebackOpen } from './chargebacks';
import { checkCommandShape, closeCommand } from './commandShape';
import { checkDeadlinesOf, startOpeningDeadlines } from './deadlines';
import { checkEventRules } from './eventRules';
import { NEGOTIATING } from './mediation';
import { checkCap, checkOpeningAmounts } from './money';
import { readEntry } from './stream';
import type { HistoryEntry, Violation } from './violation';

/** The opening: M1 on its amounts, A1–A2 on its actor, T1/T3 on its deadlines; the buyer's request is the first proposal. */
const open = (audit: Audit, event: EventOf<'DisputeOpened'>, index: number): void => {
  const dispute = checkOpeningAmounts(audit, event, index);
  audit.dispute = dispute;
  audit.group = [{ event, index }];
  audit.seenCommands.add(event.data.commandId);
  audit.lastAt = millisOf(event.data.at);
  checkOpener(audit, event, index, dispute);
  const e = event.data;
  audit.t.proposals.set(e.proposalId, { author: 'buyer', amount: e.requested, returnRequired: e.kind === 'RETURN_AND_REFUND', status: 'OPEN' });
  audit.t.current.buyer = e.proposalId;
  startOpeningDeadlines(audit, event, index);
};

/** The rules every later event shares — S1 (one dispute), S2 (nothing after the close), T1 (time goes forward) — then its command, actors, money, deadlines and type. */
const checkEvent = (c: EventCheck, event: DisputeEvent): void => {
  const data = event.data;
  const audit = c.audit;
  if (data.disputeId !== c.dispute.disputeId) c.report('S1', `${event.type} belongs to dispute ${data.disputeId}, not ${c.dispute.disputeId}.`);
  if (c.t.closed) c.report('S2', `${event.type} comes after DisputeClosed; a closed dispute accepts nothing more.`);
  if (audit.lastAt !== undefined && c.at < audit.lastAt) c.report('T1', `${event.type} at ${data.at} is earlier than the event before it.`);
  audit.lastAt = audit.lastAt === undefined ? c.at : Math.max(audit.lastAt, c.at);
  checkCommandShape(c, event);
  checkActors(c, event);
  checkCap(c, event);
  checkWhileChargebackOpen(c, event);
  audit.group.push({ event, index: c.index });
  checkDeadlinesOf(c, event);
  checkEventRules(c, event);
};

/** Checks one entry of the history. */
const checkEntry = (audit: Audit, entry: unknown, index: number): void => {
  const event = readEntry(audit, entry, index);
  if (event === undefined) return;
  const statusBefore: DisputeStatus = audit.state.status;
  audit.state = evolve(audit.state, event);
  const dispute: AuditedDispute | undefined = audit.dispute;
  if (dispute === undefined) {
    if (event.type === 'DisputeOpened') open(audit, event, index);
    else report(audit, 'S1', `The history starts with ${event.type}; the first event must be DisputeOpened.`, index);
    return;
  }
  checkEvent(eventCheck(audit, dispute, index, statusBefore, millisOf(event.data.at)), event);
  if (audit.t.escalated && NEGOTIATING.includes(audit.state.status)) {
    report(audit, 'S4', `After the escalation the dispute went back to ${audit.state.status}.`, index);
  }
};

/**
 * Checks a dispute's history against the invariants of process rules §7 (M1–M4, M6–M8, S1–S8, A1–A2,
 * T1–T3, I1, L1–L2) and returns every violation found, each with the position of the offending event.
 * An empty array means the history is consistent with the rules.
 *
 * It is an audit oracle for histories that came from elsewhere (a store, an import, a tampered
 * file), so it never throws and never re-runs `decide`: it tracks proposals, deadlines, money and
 * the mediation rounds itself, and asks `evolve` only for the status. Pass `{ version, event }`
 * entries to also check that versions run 1..n without gaps.
 */
export const checkHistory = (history: Iterable<HistoryEntry>): ReadonlyArray<Violation> => {
  const audit = newAudit();
  let position = 0;
  for (const entry of history) {
    checkEntry(audit, entry, position);
    position += 1;
  }
  closeCommand(audit, audit.state.status);
  return audit.violations;
};
