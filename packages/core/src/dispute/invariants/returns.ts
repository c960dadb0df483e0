import type { EventOf } from '../events';
import { fmt, inCommand, sameMoney, type EventCheck } from './audit';

/** The return rules S7 (one return, shipped before it is received) and M3 (the return is for the settled amount). */

/** A return request: for the settled amount (M3), only one (S7). */
export const checkReturnRequested = (c: EventCheck, event: EventOf<'ReturnRequested'>): void => {
  const cause = inCommand(c.audit, 'ProposalAccepted') ?? inCommand(c.audit, 'RulingIssued');
  const terms = cause?.type === 'ProposalAccepted' ? cause.data.amount : cause?.type === 'RulingIssued' ? cause.data.refund : undefined;
  if (terms !== undefined && !sameMoney(terms, event.data.refund)) {
    c.report('M3', `The return request carries ${fmt(event.data.refund)}, not the settled ${fmt(terms)}.`);
  }
  if (c.t.pendingReturn !== undefined) c.report('S7', 'A second return request.');
  c.t.pendingReturn = { refund: event.data.refund, shipped: false };
};

/** A shipment only of a return waiting to be shipped (S7). */
export const checkReturnShipped = (c: EventCheck): void => {
  const pending = c.t.pendingReturn;
  if (pending === undefined || pending.shipped || c.statusBefore !== 'AWAITING_RETURN_SHIPMENT') {
    c.report('S7', `A return was shipped while the dispute was ${c.statusBefore}, with no return waiting to be shipped.`);
  }
  if (pending !== undefined) pending.shipped = true;
};

/** A receipt only of a shipped return (S7). */
export const checkReturnReceived = (c: EventCheck): void => {
  const pending = c.t.pendingReturn;
  if (pending === undefined || !pending.shipped || c.statusBefore !== 'AWAITING_RETURN_RECEIPT') {
    c.report('S7', 'A return was received that had not been shipped.');
  }
};
