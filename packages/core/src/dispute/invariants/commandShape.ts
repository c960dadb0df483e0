import type { DisputeEvent } from '../events';
import type { DisputeStatus } from '../state';
import { inCommand, report, type Audit, type EventCheck } from './audit';
import { checkChargebacksOfCommand } from './chargebacks';
import { checkWayOut } from './deadlines';
import { checkExternalOfCommand } from './externalRefunds';
import { checkHoldsOfCommand } from './holds';

/**
 * The rules of one command's events: I1 (a command's events are contiguous, each type once, and a
 * command appears once), one actor and one instant (A1, T1), and what a command must finish (S3, S5,
 * M3, T3).
 */

/** What a command must finish, checked once all its events have been read (reported at its last event). */
const checkCommandEnd = (audit: Audit, status: DisputeStatus): void => {
  const last = audit.group[audit.group.length - 1]!.index;
  const has = (type: DisputeEvent['type']) => inCommand(audit, type);
  const settlement = has('ProposalAccepted') ?? has('RulingIssued');
  if (settlement !== undefined && !has('ReturnRequested') && !has('Resolved')) {
    report(audit, 'S5', `The ${settlement.type} is not followed, in the same command, by a resolution or a return request.`, last);
  }
  const resolved = has('Resolved');
  if (resolved?.type === 'Resolved' && resolved.data.refund.amount === 0 && !has('DisputeClosed')) {
    report(audit, 'S3', 'A resolution that refunds nothing must close the dispute in the same command.', last);
  }
  if (has('DisputeCancelled') && !has('DisputeClosed')) report(audit, 'S3', 'A cancellation must close the dispute in the same command.', last);
  if (has('RefundIssued') && !has('DisputeClosed')) report(audit, 'M3', 'An issued refund must close the dispute in the same command.', last);
  checkWayOut(audit, status, last);
  checkHoldsOfCommand(audit, last);
  checkExternalOfCommand(audit, last);
  checkChargebacksOfCommand(audit, last);
};

/** Closes the command being read: checks what it must finish (once the dispute is known), then starts afresh. */
export const closeCommand = (audit: Audit, status: DisputeStatus): void => {
  if (audit.group.length > 0 && audit.dispute !== undefined) checkCommandEnd(audit, status);
  audit.group = [];
};

/** I1, and one actor and one instant a command: closes the command before when a new one starts. */
export const checkCommandShape = (c: EventCheck, event: DisputeEvent): void => {
  const data = event.data;
  const audit = c.audit;
  const first = audit.group[0]?.event;
  if (first !== undefined && first.data.commandId !== data.commandId) closeCommand(audit, c.statusBefore);
  if (audit.group.length === 0) {
    if (audit.seenCommands.has(data.commandId)) {
      c.report('I1', `Command ${data.commandId} appears again after other commands; a repeated command must append nothing.`);
    }
    audit.seenCommands.add(data.commandId);
    return;
  }
  if (audit.group.some((g) => g.event.type === event.type)) {
    c.report('I1', `Command ${data.commandId} emitted ${event.type} twice; a repeated command must append nothing.`);
  }
  const head = audit.group[0]!.event.data;
  if (head.by.role !== data.by.role || head.by.id !== data.by.id) c.report('A1', `The events of command ${data.commandId} do not carry the same actor.`);
  if (head.at !== data.at) c.report('T1', `The events of command ${data.commandId} do not carry the same instant.`);
};
