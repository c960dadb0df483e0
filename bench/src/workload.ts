/**
 * The one workload every contender runs: short disputes of 7 commands, and one long dispute stream
 * for rehydration. Everything here is plain JSON built once, before any timing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { decide, encodeEvent, evolve, initialState, parseCommand, parseEvent, type DisputeCommand, type DisputeEvent, type DisputeState } from '@disputekit/core';
import { eventIdFor } from '@disputekit/core/internal';

const here = dirname(fileURLToPath(import.meta.url));
/** Where generated long streams are cached between runs (not committed). */
export const cacheDir = join(here, '..', '.cache');

const PAID_AT = Date.parse('2026-03-02T10:00:00.000Z');
const HOUR = 3_600_000;
const iso = (millis: number): string => new Date(millis).toISOString();

/** A command as a caller sends it: plain JSON. */
export type CommandJson = Record<string, unknown> & { readonly type: string; readonly disputeId: string; readonly commandId: string };

/** An event as every store keeps it: type, JSON data, metadata. */
export interface StoredEventJson {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: { eventId: string; commandId: string; recordedAt: string; schemaVersion: number };
}

const evidence = (evidenceId: string) => ({
  evidenceId,
  kind: 'PHOTO',
  uri: `https://files.example.com/${evidenceId}.jpg`,
  sha256: 'a'.repeat(64),
  mime: 'image/jpeg',
  sizeBytes: 204_800,
});

/**
 * The 7 commands of one dispute (issue 6: open, three proposals, accept, resolve, refund), mapped
 * onto disputekit's rules:
 *   1 OpenDispute      (buyer: item kept, damaged; asks 40.00 of 100.00)  → DisputeOpened
 *   2 MakeProposal     (seller offers 15.00)                             → ProposalMade
 *   3 MakeProposal     (buyer revises to 30.00)                          → ProposalMade
 *   4 MakeProposal     (seller offers 25.00)                             → ProposalMade
 *   5 AcceptProposal   (buyer accepts 25.00)                             → ProposalAccepted, Resolved
 *   6 PostMessage      (seller confirms; "resolve" has no command of its own: the acceptance resolves)
 *                                                                       → MessagePosted
 *   7 IssueRefund      (system pays 25.00)                               → RefundIssued, DisputeClosed
 * 9 events a dispute. `tag` keeps ids unique across runs and contenders.
 */
export const disputeCommands = (tag: string, index: number): CommandJson[] => {
  const disputeId = `d-${tag}-${index}`;
  const buyer = { role: 'buyer', id: `buyer-${index}` };
  const seller = { role: 'seller', id: `seller-${index % 97}` };
  const system = { role: 'system', id: 'payments' };
  const t0 = PAID_AT + 8 * 24 * HOUR;
  const env = (n: number, actor: object) => ({ disputeId, commandId: `${disputeId}-c${n}`, actor, at: iso(t0 + n * HOUR) });
  const usd = (amount: number) => ({ amount, currency: 'USD' });
  return [
    {
      type: 'OpenDispute',
      ...env(1, buyer),
      order: {
        orderId: `o-${tag}-${index}`,
        buyerId: buyer.id,
        sellerId: seller.id,
        paid: usd(10_000),
        alreadyRefunded: usd(0),
        paidAt: iso(PAID_AT),
        // the seller refused to cancel: the seed policy opens a dispute only after that
        cancellationRefusedAt: iso(PAID_AT + HOUR),
        shippedAt: iso(PAID_AT + 24 * HOUR),
        deliveryDeadlineAt: iso(PAID_AT + 25 * 24 * HOUR),
        deliveredAt: iso(PAID_AT + 6 * 24 * HOUR),
        receiptConfirmedAt: iso(PAID_AT + 6 * 24 * HOUR),
      },
      kind: 'REFUND_ONLY',
      itemReceived: true,
      reason: { group: 'NOT_AS_DESCRIBED', code: 'DAMAGED' },
      proposalId: `${disputeId}-p0`,
      requested: usd(4_000),
      description: 'The lamp arrived with a cracked shade; I will keep it for a partial refund.',
      evidence: [evidence(`${disputeId}-ev0`)],
    },
    { type: 'MakeProposal', ...env(2, seller), proposalId: `${disputeId}-p1`, amount: usd(1_500), returnRequired: false },
    { type: 'MakeProposal', ...env(3, buyer), proposalId: `${disputeId}-p2`, amount: usd(3_000), returnRequired: false },
    { type: 'MakeProposal', ...env(4, seller), proposalId: `${disputeId}-p3`, amount: usd(2_500), returnRequired: false },
    { type: 'AcceptProposal', ...env(5, buyer), proposalId: `${disputeId}-p3` },
    { type: 'PostMessage', ...env(6, seller), messageId: `${disputeId}-m1`, text: 'Agreed: 25.00 USD refund, it is on its way.' },
    { type: 'IssueRefund', ...env(7, system), refundId: `${disputeId}-r1`, amount: usd(2_500), gatewayReference: `gw-${disputeId}` },
  ] as CommandJson[];
};

/** Number of commands and events of one workload dispute. */
export const COMMANDS_PER_DISPUTE = 7;
export const EVENTS_PER_DISPUTE = 9;

/** Parses a workload command, throwing if the workload is wrong (setup only). */
export const typed = (json: unknown): DisputeCommand => {
  const parsed = parseCommand(json);
  if (E.isLeft(parsed)) throw new Error(`bench workload: invalid command: ${parsed.left.message}`);
  return parsed.right;
};

/** Runs commands through decide/evolve (no store) and returns the events with their commands, checking none is refused. */
export const decideAll = (commands: ReadonlyArray<CommandJson>): { events: DisputeEvent[]; commandIds: string[]; state: DisputeState } => {
  let state = initialState;
  const events: DisputeEvent[] = [];
  const commandIds: string[] = [];
  for (const json of commands) {
    const decision = decide(typed(json), state);
    if (E.isLeft(decision)) throw new Error(`bench workload: ${json.type} refused: ${decision.left.message}`);
    for (const event of decision.right) {
      state = evolve(state, event);
      events.push(event);
      commandIds.push(json.commandId);
    }
  }
  return { events, commandIds, state };
};

/** The stored form of events (the same JSON in every store): encoded data and deterministic metadata. */
export const toStored = (events: ReadonlyArray<DisputeEvent>, commandIds: ReadonlyArray<string>): StoredEventJson[] => {
  const recordedAt = '2026-03-20T00:00:00.000Z';
  const out: StoredEventJson[] = [];
  let previous = '';
  let index = 0;
  for (let i = 0; i < events.length; i++) {
    const commandId = commandIds[i]!;
    index = commandId === previous ? index + 1 : 0;
    previous = commandId;
    const encoded = encodeEvent(events[i]!) as { type: string; data: Record<string, unknown> };
    out.push({ type: encoded.type, data: encoded.data, metadata: { eventId: eventIdFor(commandId, index), commandId, recordedAt, schemaVersion: 1 } });
  }
  return out;
};

/**
 * The commands of one long dispute: an opening followed by a repeating cycle of 10 commands, one
 * second apart: 6 messages (buyer and seller in turn), 3 pieces of evidence and 1 proposal (the
 * parties in turn). A long real dispute is mostly conversation and evidence; proposals are the rare
 * event (and each one costs evolve a copy of the proposal list, see README).
 */
export const longDisputeCommands = (disputeId: string, events: number): CommandJson[] => {
  const buyer = { role: 'buyer', id: 'buyer-long' };
  const seller = { role: 'seller', id: 'seller-long' };
  const opening = disputeCommands('long', 0)[0]!;
  const order = { ...(opening['order'] as Record<string, unknown>), orderId: `o-${disputeId}`, buyerId: buyer.id, sellerId: seller.id };
  const t0 = PAID_AT + 8 * 24 * HOUR;
  const commands: CommandJson[] = [
    { ...opening, disputeId, commandId: `${disputeId}-c0`, actor: buyer, order, proposalId: `${disputeId}-p0`, evidence: [evidence(`${disputeId}-ev0`)] } as CommandJson,
  ];
  for (let n = 1; n < events; n++) {
    const at = iso(t0 + HOUR + n * 1000);
    const env = (actor: object) => ({ disputeId, commandId: `${disputeId}-c${n}`, actor, at });
    const party = n % 2 === 0 ? seller : buyer;
    const step = n % 10;
    if (step === 0) {
      const proposer = (n / 10) % 2 === 1 ? seller : buyer;
      commands.push({
        type: 'MakeProposal',
        ...env(proposer),
        proposalId: `${disputeId}-p${n}`,
        amount: { amount: 1_000 + (n % 3_000), currency: 'USD' },
        returnRequired: false,
      } as CommandJson);
    } else if (step === 3 || step === 6 || step === 9) {
      commands.push({ type: 'SubmitEvidence', ...env(party), evidence: evidence(`${disputeId}-ev${n}`) } as CommandJson);
    } else {
      commands.push({ type: 'PostMessage', ...env(party), messageId: `m${n}`, text: `Message ${n}: about the cracked shade and the refund.` } as CommandJson);
    }
  }
  return commands;
};

/** One long dispute stream of `count` events, in stored form, built once and cached in bench/.cache. */
export const longStream = (count: number): { disputeId: string; stored: StoredEventJson[] } => {
  const disputeId = `long-v2-${count}`;
  const file = join(cacheDir, `${disputeId}.json`);
  if (existsSync(file)) return { disputeId, stored: JSON.parse(readFileSync(file, 'utf8')) as StoredEventJson[] };
  const { events, commandIds } = decideAll(longDisputeCommands(disputeId, count));
  if (events.length !== count) throw new Error(`bench workload: long stream has ${events.length} events, not ${count}`);
  const stored = toStored(events, commandIds);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, JSON.stringify(stored));
  return { disputeId, stored };
};

/** Decodes stored events into typed events with the codecs (setup for the raw loop, not timed). */
export const decodeAll = (stored: ReadonlyArray<StoredEventJson>): DisputeEvent[] =>
  stored.map((s) => {
    const parsed = parseEvent({ type: s.type, data: s.data });
    if (E.isLeft(parsed)) throw new Error(`bench workload: stored event does not decode: ${parsed.left.message}`);
    return parsed.right;
  });

/** The `dispute-{id}` stream name every contender uses. */
export const streamName = (disputeId: string): string => `dispute-${disputeId}`;
