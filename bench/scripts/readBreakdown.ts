/**
 * Where a short stream read goes on SQLite (issue 17): 1,000 workload disputes stored, then each
 * stage timed alone over all of them, best of several rounds (µs per stream): the store's read
 * (query + JSON.parse + field checks), the service's decoding and fold, a whole service.load, and
 * the raw contender's query + JSON.parse + fold. Usage: node --import tsx scripts/readBreakdown.ts
 */
import * as E from 'fp-ts/lib/Either.js';
import { disputeStreamId, parseEvent, replay, type DisputeEvent } from '@disputekit/core';
import { decodeDisputeStream } from '@disputekit/core/internal';
import { tempDir } from '../src/env';
import { appendStoredWithDisputekit, closeStore, loadWithDisputekit, openStore, serviceOver } from '../src/contenders/disputekit';
import { rawSqlite } from '../src/contenders/raw';
import { decideAll, disputeCommands, streamName, toStored } from '../src/workload';

const STREAMS = 1_000;
const ROUNDS = 7;

const best = async (what: string, run: () => Promise<void> | void): Promise<void> => {
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    await run();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e3 / STREAMS);
  }
  console.log(`${what.padEnd(48)} ${fastest.toFixed(1)} µs/stream`);
};

const main = async (): Promise<void> => {
  const disputes = Array.from({ length: STREAMS }, (_, i) => {
    const commands = disputeCommands('read', i);
    const { events, commandIds } = decideAll(commands);
    return { disputeId: commands[0]!.disputeId, stored: toStored(events, commandIds) };
  });
  const dir = tempDir('read-breakdown');
  const store = await openStore('sqlite', `${dir.path}/events.db`);
  const raw = rawSqlite(`${dir.path}/raw.db`);
  for (const d of disputes) {
    await appendStoredWithDisputekit(store, d.disputeId, d.stored);
    raw.appendStored(streamName(d.disputeId), 0, d.stored);
  }
  const service = serviceOver(store);
  const read = await Promise.all(disputes.map(async (d) => ({ d, stored: await store.readStream(disputeStreamId(d.disputeId)) })));
  await best('store.readStream (query, JSON.parse, checks)', async () => {
    for (const d of disputes) await store.readStream(disputeStreamId(d.disputeId));
  });
  await best('decodeDisputeStream (codecs + fold)', () => {
    for (const { d, stored } of read) if (E.isRight(stored)) decodeDisputeStream(d.disputeId, stored.right);
  });
  await best('  of which parseEvent (codecs)', () => {
    for (const { stored } of read) if (E.isRight(stored)) for (const r of stored.right) parseEvent({ type: r.type, data: r.data });
  });
  const typed = read.map(({ stored }) => (E.isRight(stored) ? stored.right.map((r) => (parseEvent({ type: r.type, data: r.data }) as E.Right<DisputeEvent>).right) : []));
  await best('  of which the fold (replay)', () => {
    for (const events of typed) replay(events);
  });
  await best('service.load (all of it)', async () => {
    for (const d of disputes) await loadWithDisputekit(service, d.disputeId);
  });
  await best('raw: query + JSON.parse(data) + fold', () => {
    for (const d of disputes) raw.load(streamName(d.disputeId));
  });
  raw.close();
  await closeStore(store);
  dir.remove();
};

void main();
