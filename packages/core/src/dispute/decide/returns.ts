import { isBefore } from '../../codecs/instant';
import type { EventOf } from '../events';
import { escalation, resolve } from './consequences';
import type { CommandHandler } from './context';
import { emit, fail } from './decision';
import { notAllowedInStatus, statusText } from './wording';

/** The buyer ships the return before its deadline, starting the seller's `RETURN_RECEIPT` deadline. */
export const markReturnShipped: CommandHandler<'MarkReturnShipped'> = (c, { state: s, common, timing }) => {
  if (s.status !== 'AWAITING_RETURN_SHIPMENT') {
    return notAllowedInStatus(s, `No return is waiting to be shipped; the dispute is ${statusText[s.status]}.`);
  }
  const shipment = s.deadlines.find((d) => d.kind === 'RETURN_SHIPMENT');
  if (shipment !== undefined && !isBefore(c.at, shipment.dueAt)) {
    return fail('ReturnDeadlinePassed', `The return had to be shipped before ${shipment.dueAt}.`, { dueAt: shipment.dueAt });
  }
  return emit({
    type: 'ReturnShipped',
    data: { ...common, carrier: c.carrier, trackingNumber: c.trackingNumber, deadlines: [timing.deadline('RETURN_RECEIPT', c.at)] },
  });
};

/** The seller confirms the return: as expected resolves for the buyer, any other condition escalates. */
export const confirmReturnReceived: CommandHandler<'ConfirmReturnReceived'> = (c, ctx) => {
  const s = ctx.state;
  if (s.status !== 'AWAITING_RETURN_RECEIPT') {
    return notAllowedInStatus(s, `No shipped return is waiting for confirmation; the dispute is ${statusText[s.status]}.`);
  }
  const received: EventOf<'ReturnReceived'> = { type: 'ReturnReceived', data: { ...ctx.common, condition: c.condition } };
  const refund = s.pendingReturn?.refund ?? s.refundable;
  return c.condition === 'AS_EXPECTED'
    ? emit(received, ...resolve(ctx, refund, 'RETURN_CONFIRMED'))
    : emit(received, escalation(ctx.common, 'RETURN_DISPUTED'));
};
