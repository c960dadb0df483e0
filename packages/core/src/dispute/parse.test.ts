import * as E from 'fp-ts/lib/Either.js';
import {
  acceptProposal,
  day,
  eventFrom,
  evidenceJson,
  markReturnShipped,
  openKeptItem,
  openNotReceivedJson,
  spec,
  usd,
} from '../testing';
import { disputeDecider } from './decider';
import { encodeCommand, encodeEvent, parseCommand, parseEvent } from './parse';

/** parseCommand / parseEvent: any JSON in, a typed value or a ValidationError listing each problem out. */
const messagesOf = (result: E.Either<{ issues: ReadonlyArray<{ message: string }> }, unknown>): ReadonlyArray<string> =>
  E.isLeft(result) ? result.left.issues.map((issue) => issue.message) : [];

describe('parseCommand', () => {
  it('decodes a valid command and normalises its instants', () => {
    const result = parseCommand({ ...openNotReceivedJson({ at: '2026-03-05T12:00:00+02:00' }) });
    expect(E.isRight(result) && result.right.at).toBe('2026-03-05T10:00:00.000Z');
    expect(E.isRight(result) && result.right.type).toBe('OpenDispute');
  });

  it('names the path and the rule: order.paid.amount: expected a safe integer ≥ 0, got 12.5', () => {
    const result = parseCommand(openNotReceivedJson({ at: day(3), order: { paid: usd(12.5) } }));
    expect(messagesOf(result)).toEqual(['order.paid.amount: expected a safe integer ≥ 0, got 12.5']);
    expect(E.isLeft(result) && result.left).toEqual({
      _tag: 'ValidationError',
      subject: 'OpenDispute command',
      issues: [{ path: 'order.paid.amount', expected: 'a safe integer ≥ 0', actual: '12.5', message: 'order.paid.amount: expected a safe integer ≥ 0, got 12.5' }],
      message: 'Invalid OpenDispute command: order.paid.amount: expected a safe integer ≥ 0, got 12.5',
    });
  });

  it('lists every problem: wrong values, missing fields and unknown fields', () => {
    const result = parseCommand(
      openNotReceivedJson({ at: 'yesterday', fields: { proposalId: undefined, colour: 'red', requested: { amount: -5, currency: 'usd' } } }),
    );
    expect(messagesOf(result)).toEqual([
      'at: expected an ISO-8601 instant such as "2026-03-01T10:00:00Z", got "yesterday"',
      'proposalId: is required (a ProposalId (1–200 characters, no surrounding spaces or control characters))',
      'requested.amount: expected a safe integer ≥ 0, got -5',
      'requested.currency: expected an ISO-4217 currency code such as "USD", got "usd"',
      'colour: unknown field (got "red")',
    ]);
  });

  it('gives array indices in the path', () => {
    const result = parseCommand(openNotReceivedJson({ at: day(3), evidence: [evidenceJson('e1'), evidenceJson('e2', { sha256: 'abc' })] }));
    expect(messagesOf(result)).toEqual(['evidence.1.sha256: expected a SHA-256 digest as 64 lower-case hex digits, got "abc"']);
  });

  it('checks that the reason code belongs to its group', () => {
    const result = parseCommand(openNotReceivedJson({ at: day(3), fields: { reason: { group: 'NOT_RECEIVED', code: 'DAMAGED' } } }));
    expect(messagesOf(result)).toEqual([
      'reason.code: expected one of "NO_OR_INVALID_TRACKING", "IN_TRANSIT_OVERDUE", "WRONG_ADDRESS", "HELD_BY_CUSTOMS", "RETURNED_TO_SENDER", "MARKED_DELIVERED_NOT_RECEIVED" for group NOT_RECEIVED, got "DAMAGED"',
    ]);
    expect(messagesOf(parseCommand(openNotReceivedJson({ at: day(3), fields: { reason: { group: 'LOST', code: 'X' } } })))).toEqual([
      'reason.group: expected one of "NOT_RECEIVED", "NOT_AS_DESCRIBED", "CHANGED_MIND", got "LOST"',
    ]);
  });

  it('accepts a preset name or a whole policy, and explains anything else', () => {
    expect(messagesOf(parseCommand(openNotReceivedJson({ at: day(3), fields: { policy: 'amazon' } })))).toEqual([
      'policy: expected a preset name (seed, aliexpress, paypal, ebay) or a whole policy, got "amazon"',
    ]);
    expect(messagesOf(parseCommand(openNotReceivedJson({ at: day(3), fields: { policy: { name: 'x' } } })))).toContain(
      'policy.openWindow: is required (an object)',
    );
  });

  it('requires a tracking number that is not blank', () => {
    const json = { ...(encodeCommand(markReturnShipped({ at: day(3) })) as object), trackingNumber: '   ' };
    expect(messagesOf(parseCommand(json))).toEqual(['trackingNumber: expected non-blank text of at most 200 characters, got "   "']);
  });

  it('refuses an unknown or missing type', () => {
    expect(messagesOf(parseCommand({ type: 'Nope' }))).toEqual([
      'type: expected one of OpenDispute, MakeProposal, AcceptProposal, RejectProposal, SubmitEvidence, PostMessage, Escalate, RequestEvidence, IssueRuling, CancelDispute, MarkReturnShipped, ConfirmReturnReceived, ExpireDeadline, IssueRefund, RecordRefundFailure, RetryRefund, RecordExternalRefund, RuleAgain, RecordChargeback, RecordChargebackOutcome, got "Nope"',
    ]);
    expect(messagesOf(parseCommand({}))[0]).toMatch(/^type: is required \(one of OpenDispute, /);
    expect(messagesOf(parseCommand({ type: 'toString' }))[0]).toMatch(/^type: expected one of /);
  });

  it('refuses inputs that are not objects', () => {
    expect(messagesOf(parseCommand(null))).toEqual(['(root): expected a command object, got null']);
    expect(messagesOf(parseCommand([1]))).toEqual(['(root): expected a command object, got [1]']);
    expect(messagesOf(parseCommand('OpenDispute'))).toEqual(['(root): expected a command object, got "OpenDispute"']);
    expect(messagesOf(parseCommand(undefined))).toEqual(['(root): is required (a command object)']);
  });

  it('never throws, even on hostile inputs', () => {
    const throwingGetter = Object.defineProperty({ type: 'PostMessage' }, 'text', {
      enumerable: true,
      get() {
        throw new Error('gotcha');
      },
    });
    const hostile = [throwingGetter, new Proxy({}, { get: () => { throw new Error('proxy'); } })];
    for (const input of hostile) {
      const result = parseCommand(input);
      expect(E.isLeft(result)).toBe(true);
      expect(E.isLeft(result) && result.left._tag).toBe('ValidationError');
    }
  });
});

describe('parseEvent', () => {
  const opened = spec(disputeDecider).givenCommands([openKeptItem({ at: day(8) }), acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' })]);

  it('round-trips every event through its JSON form', () => {
    for (const event of opened.events) {
      const json = JSON.parse(JSON.stringify(encodeEvent(event)));
      expect(parseEvent(json)).toEqual(E.right(event));
    }
  });

  it('drops fields written by newer versions, in the data and at the top', () => {
    const accepted = opened.events[1]!;
    const json = { ...(encodeEvent(accepted) as { data: object }), schema: 2 };
    const withNewField = { ...json, data: { ...json.data, reasonCode: 'NEW' } };
    expect(parseEvent(withNewField)).toEqual(E.right(accepted));
  });

  it('names the problems with their path under data', () => {
    expect(messagesOf(parseEvent({ type: 'MessagePosted', data: { disputeId: 'd', at: 'x', by: { role: 'buyer', id: 'b' }, commandId: 'c', messageId: 'm' } }))).toEqual([
      'data.at: expected an ISO-8601 instant such as "2026-03-01T10:00:00Z", got "x"',
      'data.text: is required (non-blank text of at most 10000 characters)',
    ]);
    const result = parseEvent({ type: 'MessagePosted' });
    expect(E.isLeft(result) && result.left.subject).toBe('MessagePosted event');
    expect(messagesOf(result)).toEqual(['data: is required (an object)']);
  });

  it('refuses an unknown event type and non-objects', () => {
    expect(messagesOf(parseEvent({ type: 'DisputeReopened', data: {} }))[0]).toMatch(/^type: expected one of DisputeOpened, ProposalMade, /);
    expect(messagesOf(parseEvent(42))).toEqual(['(root): expected an event object, got 42']);
  });
});

describe('encodeCommand', () => {
  it('gives JSON that parses back to the same command', () => {
    const command = openKeptItem({ at: day(8) });
    expect(parseCommand(JSON.parse(JSON.stringify(encodeCommand(command))))).toEqual(E.right(command));
  });

  it('keeps the expected events of the fixtures consistent with the codecs', () => {
    const accept = acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' });
    expect(() => eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-open', amount: usd(1), returnRequired: false, typo: 1 })).toThrow(
      'Fixture event changed when decoded: data.typo: expected 1, but the key is missing',
    );
  });
});
