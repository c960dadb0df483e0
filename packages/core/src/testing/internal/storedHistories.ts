import * as E from 'fp-ts/lib/Either.js';
import type { DisputeCommand } from '../../dispute/commands';
import { decide } from '../../dispute/decide';
import { evolve } from '../../dispute/evolve';
import { initialState, type DisputeState } from '../../dispute/state';
import { disputeStreamId, type RecordedEvent } from '../../eventStore/eventStore';
import { toNewEvents } from '../../service/internal/newDisputeEvents';
import * as f from '../fixtures';
import { chainNewEvents, GENESIS_HASH } from '../../audit/eventHash';

/**
 * Decides commands one after the other with the pure decider and stores their events as a hash
 * chained stream (test code: a refused command throws). Global positions start after `after`.
 */
export const storedHistory = (commands: ReadonlyArray<DisputeCommand>, after = 0): RecordedEvent[] => {
  const records: RecordedEvent[] = [];
  let state: DisputeState = initialState;
  let hash = GENESIS_HASH;
  for (const command of commands) {
    const decision = decide(command, state);
    if (E.isLeft(decision)) throw new Error(`${command.type} refused: ${decision.left.message}`);
    const streamId = disputeStreamId(command.disputeId);
    const chained = chainNewEvents({ streamId, version: records.length, hash }, toNewEvents(decision.right, command.commandId, command.at));
    for (const [index, event] of decision.right.entries()) {
      state = evolve(state, event);
      const stored = chained[index]!;
      records.push({ ...stored, streamId, version: records.length + 1, globalPosition: after + records.length + 1 });
      hash = stored.metadata['hash'] as string;
    }
  }
  return records;
};

/** A return and refund: opened day 7, the seller accepts on day 8, shipped day 9, received day 12, refunded day 12. */
export const returnAndRefund = (disputeId: string): ReadonlyArray<DisputeCommand> => [
  f.openReturn({ disputeId, at: f.day(7) }),
  f.acceptProposal({ disputeId, at: f.day(8), by: 'seller', proposalId: f.OPENING_PROPOSAL_ID }),
  f.markReturnShipped({ disputeId, at: f.day(9) }),
  f.confirmReturnReceived({ disputeId, at: f.day(12) }),
  f.issueRefund({ disputeId, at: f.day(12, 1), amount: f.PRICE }),
];

/** A silent seller: opened day 20; the seller response deadline (5 days) expires and the refund goes out. */
export const silentSeller = (disputeId: string): ReadonlyArray<DisputeCommand> => [
  f.openNotReceived({ disputeId, at: f.day(20) }),
  f.expireDeadline({ disputeId, at: f.day(25, 1), kind: 'SELLER_RESPONSE', dueAt: f.day(25) }),
  f.issueRefund({ disputeId, at: f.day(25, 2), amount: f.PRICE }),
];

/** A dispute still open: opened day 20 and a seller counter-offer on day 21. */
export const stillOpen = (disputeId: string): ReadonlyArray<DisputeCommand> => [
  f.openNotReceived({ disputeId, at: f.day(20) }),
  f.makeProposal({ disputeId, at: f.day(21), proposalId: 'p-seller-1', amount: 3_000 }),
];

/** Interleaves stored streams into one global log (round robin), renumbering global positions from 1. */
export const interleave = (...streams: ReadonlyArray<ReadonlyArray<RecordedEvent>>): RecordedEvent[] => {
  const log: RecordedEvent[] = [];
  const longest = Math.max(0, ...streams.map((s) => s.length));
  for (let i = 0; i < longest; i++) {
    for (const stream of streams) {
      const event = stream[i];
      if (event !== undefined) log.push({ ...event, globalPosition: log.length + 1 });
    }
  }
  return log;
};
