import * as E from 'fp-ts/lib/Either.js';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { createDisputeService, fixedClock } from '@disputekit/core';
import * as f from '@disputekit/core/testing';

/** A message that would run a script if it were ever inserted as markup. */
export const HOSTILE_HTML = '<img src=x onerror=alert(1)>';
/** A message with terminal escapes: colour, a window-title sequence ending in BEL, and a NUL. */
export const HOSTILE_TERMINAL = '\u001b[31mRED\u001b[0m \u001b]0;pwned\u0007 tail\u0000';
/** An order id with markup in it. */
export const HOSTILE_ORDER = 'order-<b>bold</b>"\'&';

/**
 * Writes a small store for the HTML report and console tests into a new SQLite file: `hostile-1`
 * (an order id with markup, a seller's offer, and two hostile messages: HTML and terminal
 * escapes), and `plain-2` and `plain-3` (open, with running deadlines), all through the real service.
 */
export const seedConsoleStore = async (filename: string): Promise<void> => {
  const events = createSqliteEventStore({ filename });
  try {
    const service = createDisputeService({ store: events, clock: fixedClock(f.day(30)), backoff: () => 0 });
    const seller = { role: 'seller', id: 'seller-hostile' };
    const commands = [
      f.openNotReceived({ disputeId: 'hostile-1', commandId: 'h-1', at: f.day(20), order: { orderId: HOSTILE_ORDER, sellerId: 'seller-hostile' } }),
      f.makeProposal({ disputeId: 'hostile-1', commandId: 'h-2', at: f.day(21), by: seller, proposalId: 'p-seller-1', amount: 4_000, note: HOSTILE_HTML }),
      f.postMessage({ disputeId: 'hostile-1', commandId: 'h-3', at: f.day(21, 2), messageId: 'm-1', text: HOSTILE_HTML }),
      f.postMessage({ disputeId: 'hostile-1', commandId: 'h-4', at: f.day(21, 3), messageId: 'm-2', text: HOSTILE_TERMINAL }),
      f.openNotReceived({ disputeId: 'plain-2', commandId: 'p2-1', at: f.day(22), order: { orderId: 'order-2', sellerId: 'seller-calm' } }),
      f.openNotReceived({ disputeId: 'plain-3', commandId: 'p3-1', at: f.day(23), order: { orderId: 'order-3', sellerId: 'seller-calm' } }),
    ];
    for (const command of commands) {
      const handled = await service.handle(command);
      if (E.isLeft(handled)) throw new Error(`seedConsoleStore: ${JSON.stringify(handled.left)}`);
    }
  } finally {
    await events.close();
  }
};
