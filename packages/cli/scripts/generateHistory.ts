/**
 * Writes a large, realistic, hash-chained history file (JSON Lines, as `disputekit export` writes
 * it) for measuring `verify`, `replay` and `import` at scale. Not a test; see docs/cli.md.
 *
 *   node --import tsx scripts/generateHistory.ts <events> <file>      (run from packages/cli)
 *
 * Whole disputes are written, so the file holds `<events>` or a few more.
 * Disputes follow five stories (a return and refund, a silent seller, a counter-offer accepted, a
 * mediator's ruling, a cancellation), each with its own order and its order guard stream, decided
 * by the real decider and chained with `chainNewEvents`. Streams are interleaved in the global log
 * 500 disputes at a time, as concurrent disputes are in a real store.
 */
import { createWriteStream } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { decide, evolve, GENESIS_HASH, initialState, type DisputeCommand, type DisputeState, type NewEvent } from '@disputekit/core';
import { chainNewEvents, toNewEvents } from '@disputekit/core/internal';
import * as f from '@disputekit/core/testing';

const target = Number(process.argv[2] ?? 1_000_000);
const file = process.argv[3] ?? 'history.jsonl';
const WINDOW = 500;

interface Line {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: NewEvent['metadata'];
}

const story = (n: number): ReadonlyArray<DisputeCommand> => {
  const disputeId = `d${n}`;
  const order = { orderId: `o${n}`, buyerId: f.BUYER_ID, sellerId: `seller-${n % 97}` };
  const id = (k: number) => `${disputeId}-c${k}`;
  switch (n % 5) {
    case 0:
      return [
        f.openReturn({ disputeId, commandId: id(1), at: f.day(7), order }),
        f.acceptProposal({ disputeId, commandId: id(2), at: f.day(8), by: { role: 'seller', id: order.sellerId }, proposalId: f.OPENING_PROPOSAL_ID }),
        f.markReturnShipped({ disputeId, commandId: id(3), at: f.day(9) }),
        f.confirmReturnReceived({ disputeId, commandId: id(4), at: f.day(12), by: { role: 'seller', id: order.sellerId } }),
        f.issueRefund({ disputeId, commandId: id(5), at: f.day(12, 1), amount: f.PRICE }),
      ];
    case 1:
      return [
        f.openNotReceived({ disputeId, commandId: id(1), at: f.day(20), order }),
        f.postMessage({ disputeId, commandId: id(2), at: f.day(21), messageId: 'm1' }),
        f.expireDeadline({ disputeId, commandId: id(3), at: f.day(25, 1), kind: 'SELLER_RESPONSE', dueAt: f.day(25) }),
        f.issueRefund({ disputeId, commandId: id(4), at: f.day(25, 2), amount: f.PRICE }),
      ];
    case 2:
      return [
        f.openNotReceived({ disputeId, commandId: id(1), at: f.day(20), order }),
        f.makeProposal({ disputeId, commandId: id(2), at: f.day(21), by: { role: 'seller', id: order.sellerId }, proposalId: 'p-s1', amount: 6_000 }),
        f.acceptProposal({ disputeId, commandId: id(3), at: f.day(22), proposalId: 'p-s1' }),
        f.issueRefund({ disputeId, commandId: id(4), at: f.day(22, 1), amount: 6_000 }),
      ];
    case 3:
      return [
        f.openKeptItem({ disputeId, commandId: id(1), at: f.day(8), order }),
        f.rejectProposal({ disputeId, commandId: id(2), at: f.day(9), by: { role: 'seller', id: order.sellerId }, proposalId: f.OPENING_PROPOSAL_ID }),
        f.escalate({ disputeId, commandId: id(3), at: f.day(12) }),
        f.requestEvidence({ disputeId, commandId: id(4), at: f.day(13), requestId: 'r1', from: 'seller' }),
        f.submitEvidence({ disputeId, commandId: id(5), at: f.day(14), by: { role: 'seller', id: order.sellerId }, evidenceId: 'ev-s1' }),
        f.issueRuling({ disputeId, commandId: id(6), at: f.day(15), outcome: 'BUYER_FAVOUR', refund: 3_000 }),
        f.issueRefund({ disputeId, commandId: id(7), at: f.day(15, 1), amount: 3_000 }),
      ];
    default:
      return [
        f.openNotReceived({ disputeId, commandId: id(1), at: f.day(20), order }),
        f.postMessage({ disputeId, commandId: id(2), at: f.day(21), messageId: 'm1', text: 'It arrived after all.' }),
        f.cancelDispute({ disputeId, commandId: id(3), at: f.day(21, 1) }),
      ];
  }
};

/** One dispute's stream and its order guard stream, chained. */
const disputeStreams = (n: number): Line[][] => {
  const commands = story(n);
  const streamId = `dispute-d${n}`;
  const lines: Line[] = [];
  let state: DisputeState = initialState;
  let hash = GENESIS_HASH;
  for (const command of commands) {
    const decision = decide(command, state);
    if (E.isLeft(decision)) throw new Error(`${command.type} on ${command.disputeId}: ${decision.left.message}`);
    const chained = chainNewEvents({ streamId, version: lines.length, hash }, toNewEvents(decision.right, command.commandId, command.at));
    decision.right.forEach((event, i) => {
      state = evolve(state, event);
      const stored = chained[i]!;
      lines.push({ streamId, version: lines.length + 1, type: stored.type, data: stored.data, metadata: stored.metadata });
      hash = stored.metadata['hash'] as string;
    });
  }
  // The order guard stream the service keeps: a reservation carrying the opening, and a release at the close.
  const opened = lines[0]!;
  const guardId = `order-o${n}`;
  const closed = state.status === 'CLOSED' ? state : undefined;
  const guardEvents: NewEvent[] = [
    {
      type: 'OrderDisputeReserved',
      data: { orderId: `o${n}`, disputeId: `d${n}`, commandId: opened.metadata.commandId, reservedAt: opened.metadata.recordedAt, events: [{ type: opened.type, data: opened.data }] },
      metadata: { eventId: `${guardId}-r`, commandId: opened.metadata.commandId, recordedAt: opened.metadata.recordedAt, schemaVersion: 1 },
    },
    ...(closed === undefined
      ? []
      : [
          {
            type: 'OrderDisputeReleased',
            data: { orderId: `o${n}`, disputeId: `d${n}`, reason: 'CLOSED', refunded: closed.refunded, releasedAt: closed.closedAt, outcome: closed.outcome, closedAt: closed.closedAt },
            metadata: { eventId: `${guardId}-x`, commandId: commands[commands.length - 1]!.commandId, recordedAt: String(closed.closedAt), schemaVersion: 1 },
          },
        ]),
  ];
  const guard = chainNewEvents({ streamId: guardId, version: 0, hash: GENESIS_HASH }, guardEvents).map(
    (e, i): Line => ({ streamId: guardId, version: i + 1, type: e.type, data: e.data, metadata: e.metadata }),
  );
  return [[guard[0]!, ...lines], guard.slice(1)];
};

const main = async (): Promise<void> => {
  const out = createWriteStream(file);
  let position = 0;
  let n = 0;
  const started = Date.now();
  while (position < target) {
    const window: Line[][] = [];
    let planned = position;
    for (let k = 0; k < WINDOW && planned < target; k++, n++) {
      const [main, tail] = disputeStreams(n);
      window.push([...main!, ...tail!]);
      planned += main!.length + tail!.length;
    }
    const longest = Math.max(...window.map((w) => w.length));
    let chunk = '';
    for (let i = 0; i < longest; i++) {
      for (const stream of window) {
        const line = stream[i];
        if (line === undefined) continue;
        position++;
        chunk += `${JSON.stringify({ ...line, globalPosition: position })}\n`;
      }
    }
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
  process.stderr.write(`Wrote ${position.toLocaleString('en-US')} events of ${n.toLocaleString('en-US')} disputes to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
};

void main();
