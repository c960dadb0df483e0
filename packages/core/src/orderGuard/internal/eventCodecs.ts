import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts/lib/index.js';
import { CommandId, DisputeId, OrderId } from '../../codecs/ids';
import { Instant } from '../../codecs/instant';
import { arrayOf, literalUnion, struct } from '../../codecs/struct';
import { issuesFromErrors, validationError, validationIssue, type ValidationError } from '../../codecs/validationError';
import { Outcome, type DisputeEvent } from '../../dispute/events';
import { encodeEvent, parseEvent } from '../../dispute/parse';
import { Money } from '../../money/money';
import type { OrderDisputeReleased, OrderDisputeReserved, OrderGuardEvent } from '../events';

/** Any dispute event, stored encoded and decoded with the dispute event codecs. */
const StoredDisputeEvent = new t.Type<DisputeEvent, unknown, unknown>(
  'DisputeEvent',
  (u): u is DisputeEvent => E.isRight(parseEvent(u)),
  (u, c) => {
    const decoded = parseEvent(u);
    return E.isRight(decoded) ? t.success(decoded.right) : t.failure(u, c, decoded.left.message);
  },
  (event) => encodeEvent(event),
);

/**
 * A dispute of the order is reserved: the guard let it open. The reservation is the commit point
 * of `OpenDispute`: it carries the events the command decided (its `DisputeOpened`) and when they
 * were recorded, so whoever finds the reservation with an empty dispute stream (a retry of the
 * command, or any later guard check of the order) completes the opening with exactly these events.
 */
export const OrderDisputeReservedCodec = struct(
  'OrderDisputeReserved',
  {
    type: literalUnion('"OrderDisputeReserved"', ['OrderDisputeReserved'] as const),
    data: struct(
      'OrderDisputeReservedData',
      {
        orderId: OrderId,
        disputeId: DisputeId,
        commandId: CommandId,
        reservedAt: Instant,
        events: arrayOf(StoredDisputeEvent, 'Array<DisputeEvent>', 100),
      },
      {},
      'strip',
    ),
  },
  {},
  'strip',
);

/** Why a reservation ended: the dispute closed, or it never became this order's dispute. */
export const ReleaseReasonCodec = literalUnion('ReleaseReason', ['CLOSED', 'VOID'] as const);

/**
 * A reserved dispute no longer blocks the order: it closed (`CLOSED`, with its outcome, what it
 * refunded, and the `at` of its `DisputeClosed`), or its stream was opened by another command or for another order (`VOID`, refunded 0).
 */
export const OrderDisputeReleasedCodec = struct(
  'OrderDisputeReleased',
  {
    type: literalUnion('"OrderDisputeReleased"', ['OrderDisputeReleased'] as const),
    data: struct(
      'OrderDisputeReleasedData',
      { orderId: OrderId, disputeId: DisputeId, reason: ReleaseReasonCodec, refunded: Money, releasedAt: Instant },
      { outcome: Outcome, closedAt: Instant },
      'strip',
    ),
  },
  {},
  'strip',
);


/** Decodes a stored guard event `{ type, data }`, or says what is wrong with it. Never throws. */
export const parseOrderGuardEvent = (input: { readonly type: string; readonly data: unknown }): E.Either<ValidationError, OrderGuardEvent> => {
  const codec = input.type === 'OrderDisputeReserved' ? OrderDisputeReservedCodec : input.type === 'OrderDisputeReleased' ? OrderDisputeReleasedCodec : undefined;
  if (codec === undefined) {
    return E.left(validationError('order guard event', [validationIssue('type', 'OrderDisputeReserved or OrderDisputeReleased', input.type)]));
  }
  const decoded = (codec as t.Type<OrderGuardEvent, unknown, unknown>).decode(input);
  return E.isLeft(decoded) ? E.left(validationError(`${input.type} event`, issuesFromErrors(decoded.left))) : E.right(decoded.right);
};

/** Encodes a guard event's data as plain JSON (the storage format). */
export const encodeOrderGuardEvent = (event: OrderGuardEvent): { readonly type: string; readonly data: unknown } =>
  event.type === 'OrderDisputeReserved'
    ? (OrderDisputeReservedCodec.encode(event as OrderDisputeReserved) as { type: string; data: unknown })
    : (OrderDisputeReleasedCodec.encode(event as OrderDisputeReleased) as { type: string; data: unknown });
