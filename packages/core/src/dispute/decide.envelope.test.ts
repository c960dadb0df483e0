import {
  acceptProposal,
  cancelDispute,
  confirmReturnReceived,
  day,
  escalate,
  expireDeadline,
  issueRefund,
  issueRuling,
  makeProposal,
  markReturnShipped,
  openKeptItem,
  plusDays,
  postMessage,
  recordChargeback,
  recordChargebackOutcome,
  recordExternalRefund,
  recordRefundFailure,
  retryRefund,
  ruleAgain,
  rejectProposal,
  requestEvidence,
  spec,
  submitEvidence,
  type ActorName,
  type CommandOptions,
} from '../testing';
import { allowedRoles } from './commandRoles';
import { describeCommand } from './decide';
import { disputeDecider } from './decider';
import type { DisputeCommand } from './commands';

/**
 * Rules every command obeys once a dispute exists: the actor's role (A1, A2), the dispute id, time
 * that never goes back (T1), closed disputes (S2) and idempotent repeats (I1).
 */
const dispute = spec(disputeDecider);

// Opened on day 8; every command below is dated day 12.
const keptItem = dispute.givenCommands([openKeptItem({ at: day(8) })]);

/** One builder per command after opening, with valid-looking content. */
const builders: Record<Exclude<DisputeCommand['type'], 'OpenDispute'>, (o: CommandOptions) => DisputeCommand> = {
  MakeProposal: (o) => makeProposal({ ...o, proposalId: 'p-x', amount: 1_000 }),
  AcceptProposal: (o) => acceptProposal({ ...o, proposalId: 'p-open' }),
  RejectProposal: (o) => rejectProposal({ ...o, proposalId: 'p-open' }),
  SubmitEvidence: (o) => submitEvidence({ ...o, evidenceId: 'ev-x' }),
  PostMessage: (o) => postMessage({ ...o, messageId: 'm-x' }),
  Escalate: (o) => escalate(o),
  RequestEvidence: (o) => requestEvidence({ ...o, requestId: 'r-x', from: 'seller' }),
  IssueRuling: (o) => issueRuling({ ...o, outcome: 'SELLER_FAVOUR', refund: 0 }),
  CancelDispute: (o) => cancelDispute(o),
  MarkReturnShipped: (o) => markReturnShipped(o),
  ConfirmReturnReceived: (o) => confirmReturnReceived(o),
  ExpireDeadline: (o) => expireDeadline({ ...o, kind: 'SELLER_RESPONSE', dueAt: day(13) }),
  IssueRefund: (o) => issueRefund({ ...o, amount: 4_000 }),
  RecordRefundFailure: (o) => recordRefundFailure(o),
  RetryRefund: (o) => retryRefund(o),
  RecordExternalRefund: (o) => recordExternalRefund({ ...o, amount: 1_000 }),
  RuleAgain: (o) => ruleAgain({ ...o, outcome: 'SELLER_FAVOUR', refund: 0 }),
  RecordChargeback: (o) => recordChargeback({ ...o, amount: 1_000, dueBy: day(30) }),
  RecordChargebackOutcome: (o) => recordChargebackOutcome({ ...o, outcome: 'WON', amount: 0 }),
};

const roles: ReadonlyArray<ActorName> = ['buyer', 'seller', 'mediator', 'system'];
const forbidden = Object.entries(builders).flatMap(([type, build]) =>
  roles
    .filter((role) => !allowedRoles[type as DisputeCommand['type']].includes(role))
    .map((role) => [type, role, build] as const),
);

describe('A1: a role the table does not allow is refused (NotPermitted)', () => {
  it('the table of §4', () => {
    expect(allowedRoles).toEqual({
      OpenDispute: ['buyer'],
      MakeProposal: ['buyer', 'seller', 'mediator'],
      AcceptProposal: ['buyer', 'seller'],
      RejectProposal: ['buyer', 'seller'],
      SubmitEvidence: ['buyer', 'seller'],
      PostMessage: ['buyer', 'seller'],
      Escalate: ['buyer', 'seller'],
      RequestEvidence: ['mediator'],
      IssueRuling: ['mediator'],
      CancelDispute: ['buyer'],
      MarkReturnShipped: ['buyer'],
      ConfirmReturnReceived: ['seller'],
      ExpireDeadline: ['system'],
      IssueRefund: ['system'],
      RecordRefundFailure: ['system'],
      RetryRefund: ['mediator'],
      RecordExternalRefund: ['seller', 'system', 'mediator'],
      RuleAgain: ['mediator'],
      RecordChargeback: ['system'],
      RecordChargebackOutcome: ['system'],
    });
  });

  it.each(forbidden)('%s from the %s', (type, role, build) => {
    keptItem.when(build({ at: day(12), by: role })).thenFails('NotPermitted', (e) => {
      expect(e.message).toBe(
        `A ${role} cannot ${describeCommand(type as DisputeCommand['type'])}; only ${allowedRoles[type as DisputeCommand['type']].join(' or ')} can.`,
      );
    });
  });
});

describe('A2: only the order’s buyer acts as buyer, only its seller as seller (NotPermitted)', () => {
  it.each(Object.entries(builders).filter(([type]) => allowedRoles[type as DisputeCommand['type']].includes('buyer')))(
    '%s from another buyer',
    (_type, build) => {
      keptItem.when(build({ at: day(12), by: { role: 'buyer', id: 'buyer-2' } })).thenFails('NotPermitted');
    },
  );

  it.each(Object.entries(builders).filter(([type]) => allowedRoles[type as DisputeCommand['type']].includes('seller')))(
    '%s from another seller',
    (_type, build) => {
      keptItem.when(build({ at: day(12), by: { role: 'seller', id: 'seller-2' } })).thenFails('NotPermitted');
    },
  );
});

describe('S2: a closed dispute refuses every command (DisputeClosed)', () => {
  const closed = keptItem.givenCommands([cancelDispute({ at: day(9) })]);
  it.each(Object.entries(builders))('%s', (_type, build) => {
    const role = allowedRoles[_type as DisputeCommand['type']][0] as ActorName;
    closed.when(build({ at: day(12), by: role })).thenFails('DisputeClosed');
  });
});

describe('Envelope checks', () => {
  it('refuses a command for another dispute (WrongDispute)', () => {
    keptItem.when(postMessage({ at: day(12), messageId: 'm', disputeId: 'dispute-2' })).thenFails('WrongDispute');
  });

  it('refuses a command dated before the last event (TimeWentBackwards), accepts one at the same instant', () => {
    const later = keptItem.givenCommands([postMessage({ at: day(10), messageId: 'm-1' })]);
    later.when(postMessage({ at: plusDays(day(10), 0, -1), messageId: 'm-2' })).thenFails('TimeWentBackwards');
    later.when(postMessage({ at: day(10), messageId: 'm-2' })).thenState((s) => s.version === 3);
  });
});

describe('I1: a command repeated with its commandId emits nothing', () => {
  it('an accepted proposal command repeated later does nothing, even though it would now be refused', () => {
    const offer = makeProposal({ at: day(9), proposalId: 'p-s1', amount: 1_000, commandId: 'offer-1' });
    keptItem.givenCommands([offer]).when(offer).thenNothing().thenState((s) => s.version === 2);
  });

  it('a repeat after the dispute closed still does nothing (the first result stands)', () => {
    const cancel = cancelDispute({ at: day(9), commandId: 'cancel-1' });
    keptItem.givenCommands([cancel]).when(cancel).thenNothing();
  });

  it('a refused command is not remembered: repeating it is refused again', () => {
    const tooEarly = escalate({ at: day(9), commandId: 'esc-1' });
    keptItem.when(tooEarly).thenFails('EscalationTooEarly');
    const afterMessage = keptItem.givenCommands([postMessage({ at: day(11), messageId: 'm' })]);
    afterMessage.when({ ...tooEarly, at: day(11) } as DisputeCommand).thenState((s) => s.status === 'UNDER_MEDIATION');
  });

  it('commands of a multi-event decision are remembered once', () => {
    const accept = acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open', commandId: 'accept-1' });
    keptItem.givenCommands([accept]).when(accept).thenNothing().thenState((s) => s.version === 3);
  });
});
