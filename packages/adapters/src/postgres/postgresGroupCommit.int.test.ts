import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EventStore } from '@disputekit/core';
import { eventStoreContractSuite } from '../testing';
import { countedEvents, eventually, followUntil, freshStreamId, leftOf, newEvent, positionsOf, readAllEventually, rightOf, streamOf, strictlyIncreasing } from '../testing/contractFixtures';
import type { PgQueryable } from './postgresClient';
import { createPostgresEventStore } from './postgresEventStore';
import { migratePostgres } from './migratePostgres';
import { freshSchema as freshTestSchema, heldBeforeCommit, postgresOrPglite } from '../testRun';

/*
 * Group commit (`createPostgresEventStore({ groupCommit })`, `append_batch`): concurrent appends
 * share one transaction, each all or nothing, one append's failure never another's, and the
 * global order's two rules still hold.
 */

const { target, sharedPglite, closePglite } = postgresOrPglite('PostgreSQL group commit tests');
const schemas: string[] = [];
const freshSchema = (): string => freshTestSchema('group', schemas);

if (target.kind === 'server' || target.kind === 'pglite') {
  const onServer = target.kind === 'server';
  const url = target.kind === 'server' ? target.url : '';
  const admin = onServer ? new pg.Pool({ connectionString: url, max: 2 }) : undefined;
  const direct = async (): Promise<PgQueryable> => (onServer ? admin! : await sharedPglite());

  afterAll(async () => {
    if (admin !== undefined) {
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
    await closePglite();
  }, 60_000);

  /** A group-committing store on a fresh, migrated schema. */
  const groupStore = async (schema = freshSchema()): Promise<EventStore> =>
    onServer
      ? createPostgresEventStore({ connectionString: url, schema, migrate: true, poolSize: 4, groupCommit: true })
      : createPostgresEventStore({ client: await sharedPglite(), schema, migrate: true, groupCommit: true });

  /** The transaction id of each event of these streams, by stream. */
  const transactionsOf = async (schema: string, streamIds: ReadonlyArray<string>): Promise<Map<string, string[]>> => {
    const { rows } = await (await direct()).query(`SELECT stream_id, transaction_id::text AS xid FROM "${schema}".events WHERE stream_id = ANY($1) ORDER BY global_position`, [streamIds]);
    const found = new Map<string, string[]>();
    for (const row of rows as Array<{ stream_id: string; xid: string }>) found.set(row.stream_id, [...(found.get(row.stream_id) ?? []), row.xid]);
    return found;
  };

  const where = onServer ? 'server' : 'PGlite';
  eventStoreContractSuite(`PostgreSQL with group commit (${where}, fresh schema per test)`, () => groupStore(), { slowTestTimeoutMs: 180_000 });

  describe(`PostgreSQL group commit (${where})`, () => {
    it('refuses a batch size outside 1..64 when the store is created', () => {
      for (const maxAppends of [0, 65, 1.5, Number.NaN]) {
        expect(() => createPostgresEventStore({ connectionString: 'postgres://unused', groupCommit: { maxAppends } })).toThrow(/groupCommit.maxAppends must be an integer from 1 to 64/);
      }
      expect(() => createPostgresEventStore({ connectionString: 'postgres://unused', groupCommit: 'yes' as unknown as boolean })).toThrow(/groupCommit must be true, false or \{ maxAppends \}/);
    });

    it('commits appends made at once in a few shared transactions, each stream whole and in order', async () => {
      const schema = freshSchema();
      const store = await groupStore(schema);
      try {
        const streamIds = Array.from({ length: 40 }, (_, i) => freshStreamId(`batched-${i}`));
        rightOf(await store.appendToStream(freshStreamId('warm-up'), countedEvents(1), { expectedVersion: 'no_stream' }));
        const results = await Promise.all(streamIds.map((streamId) => store.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' })));
        for (const [index, result] of results.entries()) {
          const stream = await streamOf(store, streamIds[index]!);
          expect(stream.map((event) => [event.version, (event.data as { n: number }).n])).toEqual([[1, 1], [2, 2]]);
          expect(rightOf(result)).toEqual({ nextExpectedVersion: 2, lastGlobalPosition: stream[1]!.globalPosition });
        }
        // The first append starts alone; the 39 made meanwhile wait and go in batches of at most 32.
        const transactions = new Set([...(await transactionsOf(schema, streamIds)).values()].flat());
        expect(transactions.size).toBeGreaterThanOrEqual(2);
        expect(transactions.size).toBeLessThanOrEqual(3);
      } finally {
        await store.close();
      }
    }, 60_000);

    it('answers each append of one batch on its own: a conflict rolls back that append alone', async () => {
      const schema = freshSchema();
      const store = await groupStore(schema);
      try {
        const existing = freshStreamId('existing');
        const [stored] = countedEvents(1);
        rightOf(await store.appendToStream(existing, [stored!], { expectedVersion: 'no_stream' }));
        const [a, c, d1, d2, e, f] = ['a', 'c', 'd1', 'd2', 'e', 'f'].map((label) => freshStreamId(label)) as [string, string, string, string, string, string];
        const aEvent = newEvent('A');
        const results = await Promise.all([
          store.appendToStream(freshStreamId('opener'), countedEvents(1), { expectedVersion: 'no_stream' }), // runs alone; the rest wait for it
          store.appendToStream(a, [aEvent], { expectedVersion: 'no_stream' }),
          store.appendToStream(existing, countedEvents(1, 2), { expectedVersion: 5 }),
          store.appendToStream(c, [{ ...newEvent('Repeat'), metadata: stored!.metadata }], { expectedVersion: 'any' }),
          store.appendToStreams!([
            { streamId: d1, events: countedEvents(1), expectedVersion: 'no_stream' },
            { streamId: d2, events: countedEvents(2), expectedVersion: 'no_stream' },
          ]),
          store.appendToStream(e, [{ ...newEvent('SameIdAsA'), metadata: aEvent.metadata }], { expectedVersion: 'no_stream' }),
          store.appendToStream(f, countedEvents(1), { expectedVersion: 'no_stream' }),
          store.appendToStream(f, countedEvents(1, 2), { expectedVersion: 1 }),
          store.appendToStream(existing, countedEvents(1, 2), { expectedVersion: 'any' }),
        ]);
        const [opener, onA, stale, repeat, multi, sameId, f1, f2, anyVersion] = results;
        rightOf(opener!);
        expect(rightOf(onA!).nextExpectedVersion).toBe(1);
        expect(leftOf(stale!)).toMatchObject({ _tag: 'WrongExpectedVersion', streamId: existing, expected: 5, actual: 1 });
        expect(leftOf(repeat!)).toMatchObject({ _tag: 'DuplicateEvent', streamId: c, eventId: stored!.metadata.eventId });
        expect(rightOf(multi!).map((part) => part.nextExpectedVersion)).toEqual([1, 2]);
        expect(leftOf(sameId!)).toMatchObject({ _tag: 'DuplicateEvent', streamId: e, eventId: aEvent.metadata.eventId });
        expect(rightOf(f1!).nextExpectedVersion).toBe(1);
        expect(rightOf(f2!).nextExpectedVersion).toBe(2);
        expect(rightOf(anyVersion!).nextExpectedVersion).toBe(2);
        // What was refused wrote nothing; what was accepted is whole.
        expect(await streamOf(store, c)).toEqual([]);
        expect(await streamOf(store, e)).toEqual([]);
        expect((await streamOf(store, existing)).map((event) => event.version)).toEqual([1, 2]);
        expect((await streamOf(store, f)).map((event) => (event.data as { n: number }).n)).toEqual([1, 2]);
        // And the accepted appends were one transaction, not the opener's.
        const transactions = await transactionsOf(schema, [a, d1, d2, f]);
        const shared = new Set([...transactions.values()].flat());
        expect(shared.size).toBe(1);
      } finally {
        await store.close();
      }
    }, 60_000);
  });

  (onServer ? describe : describe.skip)(`PostgreSQL group commit: concurrency on the real server${onServer ? '' : ' — skipped: PGlite is a single in-process connection'}`, () => {
    it('keeps positions in transaction order across the batches of several stores, and a follower sees every event once', async () => {
      const schema = freshSchema();
      rightOf(await migratePostgres({ connectionString: url }, { schema }));
      const stores = Array.from({ length: 3 }, () => createPostgresEventStore({ connectionString: url, schema, poolSize: 3, groupCommit: { maxAppends: 8 } }));
      const reader = createPostgresEventStore({ connectionString: url, schema });
      const writersPerStore = 6;
      const appendsEach = 8;
      const streamIds = stores.flatMap((_, s) => Array.from({ length: writersPerStore }, (__, w) => freshStreamId(`s${s}-w${w}`)));
      const total = streamIds.length * appendsEach;
      const following = followUntil(reader, { after: 0, streams: new Set(streamIds), count: total, timeoutMs: 60_000, pollIntervalMs: 2, batchSize: 5 });
      following.catch(() => undefined); // awaited below; this only keeps an early failure from going unheard
      try {
        await Promise.all(
          streamIds.map(async (streamId, index) => {
            const store = stores[Math.floor(index / writersPerStore)]!;
            for (let n = 0; n < appendsEach; n += 1) rightOf(await store.appendToStream(streamId, countedEvents(1, n + 1), { expectedVersion: n }));
          }),
        );
        const seen = await following;
        expect(new Set(seen.map((event) => event.metadata.eventId)).size).toBe(total);
        expect(strictlyIncreasing(positionsOf(seen))).toBe(true);
        const log = await readAllEventually(reader, new Set(streamIds), 0, total, 10_000);
        expect(positionsOf(seen)).toEqual(positionsOf(log));
        // Rule 1: along the positions, transaction ids never go back.
        const { rows } = await admin!.query(
          `SELECT count(*) FILTER (WHERE previous > transaction_id)::int AS backwards, count(DISTINCT transaction_id)::int AS transactions
           FROM (SELECT transaction_id, lag(transaction_id) OVER (ORDER BY global_position) AS previous FROM "${schema}".events) AS t`,
        );
        const { backwards, transactions } = rows[0] as { backwards: number; transactions: number };
        expect(backwards).toBe(0);
        expect(transactions).toBeLessThan(total);
      } finally {
        await Promise.all([...stores.map((store) => store.close()), reader.close()]);
      }
    }, 120_000);

    it("retries alone an 'any' append that lost the race for a version to another store's batch", async () => {
      const schema = freshSchema();
      rightOf(await migratePostgres({ connectionString: url }, { schema }));
      const waiterName = `dk-group-waiter-${randomUUID()}`;
      const holderPool = new pg.Pool({ connectionString: url, max: 3 });
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let held = 0;
      // The holder's first batch stays uncommitted until released; the waiter's batch then meets its rows.
      const holder = createPostgresEventStore({ pool: heldBeforeCommit(holderPool, '.append_batch(', async () => (held += 1) === 1 ? released : undefined), schema, groupCommit: true });
      const waiter = createPostgresEventStore({ connectionString: `${url}?application_name=${waiterName}`, schema, poolSize: 3, groupCommit: true });
      const streamId = freshStreamId('contended');
      const any = (store: EventStore, n: number) => store.appendToStream(streamId, [newEvent('Any', { n })], { expectedVersion: 'any' });
      try {
        const fromHolder = [0, 1, 2].map((n) => any(holder, n));
        await eventually(async () => {
          if (held < 1) throw new Error('the holder has not appended yet');
        }, 10_000);
        const fromWaiter = [3, 4, 5].map((n) => any(waiter, n));
        // The waiter's batch read version 0 and now waits for the holder's uncommitted version 1.
        await eventually(async () => {
          const { rows } = await admin!.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [waiterName]);
          if ((rows[0] as { n: number }).n === 0) throw new Error('the waiter is not waiting on the holder yet');
        }, 10_000);
        release();
        // Its append lost the race for version 1 inside its batch, was rolled back alone and retried alone.
        const results = await Promise.all([...fromHolder, ...fromWaiter]);
        expect(results.map((result) => rightOf(result).nextExpectedVersion).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
        const stream = await streamOf(waiter, streamId);
        expect(stream.map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(stream.map((event) => (event.data as { n: number }).n).sort()).toEqual([0, 1, 2, 3, 4, 5]);
        expect((stream[0]!.data as { n: number }).n).toBe(0);
      } finally {
        release();
        await Promise.all([holder.close(), waiter.close()]);
        await holderPool.end();
      }
    }, 60_000);

    it('fails every append of a batch whose connection is killed before COMMIT, writes none of them, and recovers', async () => {
      const schema = freshSchema();
      rightOf(await migratePostgres({ connectionString: url }, { schema }));
      const applicationName = `dk-group-${randomUUID()}`;
      const pool = new pg.Pool({ connectionString: url, application_name: applicationName, max: 3 });
      let batches = 0;
      let releaseFirst!: () => void;
      const firstReleased = new Promise<void>((resolve) => (releaseFirst = resolve));
      let secondAtCommit!: () => void;
      const secondReachedCommit = new Promise<void>((resolve) => (secondAtCommit = resolve));
      // The batch statement runs in a transaction held before COMMIT: the first batch until released, the second for ever (it is killed).
      const gated = heldBeforeCommit(pool, '.append_batch(', async (client) => {
        batches += 1;
        if (batches === 1) await firstReleased;
        if (batches === 2) {
          // Held until the session is killed: the client then reports its connection gone.
          const gone = new Promise<never>((_, reject) => {
            client.once('error', reject);
            client.once('end', () => reject(new Error('Connection terminated')));
          });
          secondAtCommit();
          await gone;
        }
      });
      const store = createPostgresEventStore({ pool: gated, schema, groupCommit: true });
      const first = freshStreamId('first');
      const doomedStreams = Array.from({ length: 4 }, (_, i) => freshStreamId(`doomed-${i}`));
      try {
        const firstAppend = store.appendToStream(first, countedEvents(1), { expectedVersion: 'no_stream' });
        await eventually(async () => {
          if (batches < 1) throw new Error('the first batch has not started');
        }, 10_000);
        const doomed = doomedStreams.map((streamId) => store.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }));
        releaseFirst();
        rightOf(await firstAppend);
        await secondReachedCommit;
        const { rows } = await admin!.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND state <> $2', [applicationName, 'idle']);
        expect(rows.length).toBeGreaterThan(0);
        for (const result of await Promise.all(doomed)) expect(leftOf(result)).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringMatching(/unreachable/) });
        const check = createPostgresEventStore({ connectionString: url, schema });
        for (const streamId of doomedStreams) expect(await streamOf(check, streamId)).toEqual([]);
        await check.close();
        // The same appends go through afterwards, on a fresh connection.
        let recovered = 0;
        for (let attempt = 0; attempt < 5 && recovered < doomedStreams.length; attempt += 1) {
          const results = await Promise.all(doomedStreams.map(async (streamId) => ((await streamOf(store, streamId).catch(() => [])).length > 0 ? { _tag: 'Right' } : store.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }))));
          recovered = results.filter((result) => result._tag === 'Right').length;
        }
        expect(recovered).toBe(doomedStreams.length);
      } finally {
        releaseFirst();
        await store.close();
        await pool.end();
      }
    }, 60_000);
  });
}
