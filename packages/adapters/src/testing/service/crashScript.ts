import { acceptProposal, cancelDispute, day, issueRefund, makeProposal, openDispute, postMessage, rejectProposal, submitEvidence } from './commandJson';

/** How many workers the crash child runs at once; each works through its own orders. */
export const CRASH_WORKERS = 3;

/** Commands per order: a refunded dispute, then a second dispute of the same order, cancelled. */
const COMMANDS_PER_ORDER = 12;

/** The id of worker `worker`'s `k`-th command. */
export const crashCommandId = (worker: number, k: number): string => `w${worker}-k${k}`;

/** Worker and index of a crash command id, or undefined when the id is not one. */
export const parseCrashCommandId = (commandId: string): { worker: number; k: number } | undefined => {
  const match = /^w(\d+)-k(\d+)$/.exec(commandId);
  return match === null ? undefined : { worker: Number(match[1]), k: Number(match[2]) };
};

/**
 * Worker `worker`'s `k`-th command, the same every time it is asked for (the child and the checks
 * after each kill must agree). Order `o{worker}-{m}` gets a dispute `a` that ends with a 40.00 USD
 * refund (8 commands, 10 events, a guard release), then a dispute `b` that snapshots that refund and
 * is cancelled (4 commands). Every command is valid when sent in order, so each must succeed.
 */
export const crashCommand = (worker: number, k: number): Record<string, unknown> => {
  const orderId = `o${worker}-${Math.floor(k / COMMANDS_PER_ORDER)}`;
  const step = k % COMMANDS_PER_ORDER;
  const commandId = crashCommandId(worker, k);
  const a = { disputeId: `${orderId}-a`, orderId, commandId };
  const b = { disputeId: `${orderId}-b`, orderId, commandId };
  switch (step) {
    case 0:
      return openDispute({ ...a, at: day(1) });
    case 1:
      return postMessage({ ...a, by: 'buyer', at: day(2) });
    case 2:
      return makeProposal({ ...a, by: 'seller', proposalId: 'pa1', amount: 3_000, at: day(2) });
    case 3:
      return rejectProposal({ ...a, by: 'buyer', proposalId: 'pa1', at: day(2) });
    case 4:
      return makeProposal({ ...a, by: 'seller', proposalId: 'pa2', amount: 4_000, at: day(2) });
    case 5:
      return postMessage({ ...a, by: 'seller', at: day(2) });
    case 6:
      return acceptProposal({ ...a, by: 'buyer', proposalId: 'pa2', at: day(3) });
    case 7:
      return issueRefund({ ...a, amount: 4_000, at: day(3) });
    case 8:
      return openDispute({ ...b, alreadyRefunded: 4_000, at: day(4) });
    case 9:
      return postMessage({ ...b, by: 'buyer', at: day(4) });
    case 10:
      return submitEvidence({ ...b, by: 'seller', evidenceId: `ev-${commandId}`, at: day(4) });
    default:
      return cancelDispute({ ...b, at: day(5) });
  }
};
