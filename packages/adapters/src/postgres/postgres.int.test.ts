import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EventStore } from '@disputekit/core';
import { eventStoreContractSuite } from '../testing';
import { countedEvents, eventually, followUntil, freshStreamId, leftOf, newEvent, positionsOf, readAllEventually, readAllOf, rightOf, streamOf, strictlyIncreasing } from '../testing/contractFixtures';
import type { PgPool, PgQueryable } from './postgresClient';
import { createPostgresEventStore } from './postgresEventStore';
import { migratePostgres } from './migratePostgres';
import { postgresMigrations } from './postgresSchema';
import { freshSchema as freshTestSchema, heldBeforeCommit, postgresOrPglite } from '../testRun';

const { target, sharedPglite, closePglite } = postgresOrPglite('PostgreSQL event store tests');
const schemas: string[] = [];
/** A schema no other test, worker or run uses (`dk_t_<run id>_…`), dropped in afterAll. */
const freshSchema = (): string => freshTestSchema('store', schemas);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

if (target.kind === 'server' || target.kind === 'pglite') {
  const onServer = target.kind === 'server';
  const url = target.kind === 'server' ? target.url : '';
  const admin = onServer ? new pg.Pool({ connectionString: url, max: 2 }) : undefined;

  afterAll(async () => {
    if (admin !== undefined) {
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
    await closePglite();
  }, 60_000);

  /** A store on a fresh, migrated schema of the server, or of the shared PGlite. */
  const freshStore = async (schema = freshSchema()): Promise<EventStore> =>
    onServer
      ? createPostgresEventStore({ connectionString: url, schema, migrate: true, poolSize: 4 })
      : createPostgresEventStore({ client: await sharedPglite(), schema, migrate: true });

  const where = onServer ? 'server' : 'PGlite';
  eventStoreContractSuite(`PostgreSQL (${where}, fresh schema per test)`, () => freshStore(), { slowTestTimeoutMs: 180_000 });

  describe(`PostgreSQL event store (${where})`, () => {
    const direct = async (): Promise<PgQueryable> => (onServer ? admin! : await sharedPglite());

    it('migrates idempotently and records the schema version once', async () => {
      const schema = freshSchema();
      const connection = onServer ? { connectionString: url } : { client: await sharedPglite() };
      const [first, second] = onServer
        ? await Promise.all([migratePostgres(connection, { schema }), migratePostgres(connection, { schema })])
        : [await migratePostgres(connection, { schema }), await migratePostgres(connection, { schema })];
      expect([rightOf(first!), rightOf(second!)].sort((x, y) => x.from - y.from)).toEqual([{ from: 0, to: 6 }, { from: 6, to: 6 }]);
      expect(rightOf(await migratePostgres(connection, { schema }))).toEqual({ from: 6, to: 6 });
      const { rows } = await (await direct()).query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
      expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }, { version: 5 }, { version: 6 }]);
    });

    it('upgrades a version 1 schema in place, keeping its events and their order', async () => {
      const schema = freshSchema();
      const db = await direct();
      // A schema as version 1 left it, holding one event written the way version 1 wrote them.
      await db.query(`CREATE SCHEMA ${schema}`);
      await db.query(`CREATE TABLE ${schema}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      await db.query(postgresMigrations(schema)[0]!);
      await db.query(`INSERT INTO ${schema}.schema_migrations (version) VALUES (1)`);
      const streamId = freshStreamId();
      const [old] = countedEvents(1);
      await db.query(`INSERT INTO ${schema}.events (stream_id, version, event_id, type, data, metadata) VALUES ($1, 1, $2, $3, $4, $5)`, [
        streamId,
        old!.metadata.eventId,
        old!.type,
        JSON.stringify(old!.data),
        JSON.stringify(old!.metadata),
      ]);
      const unmigrated = onServer ? createPostgresEventStore({ connectionString: url, schema }) : createPostgresEventStore({ client: db, schema });
      expect(leftOf(await unmigrated.appendToStream(streamId, countedEvents(1, 2), { expectedVersion: 1 })).message).toMatch(/out of date: run migratePostgres/);
      await unmigrated.close();

      const connection = onServer ? { connectionString: url } : { client: db };
      expect(rightOf(await migratePostgres(connection, { schema }))).toEqual({ from: 1, to: 6 });
      const store = onServer ? createPostgresEventStore({ connectionString: url, schema }) : createPostgresEventStore({ client: db, schema });
      const appended = rightOf(await store.appendToStream(streamId, countedEvents(2, 2), { expectedVersion: 1 }));
      expect(appended.nextExpectedVersion).toBe(3);
      const stream = await streamOf(store, streamId);
      expect(stream.map((event) => (event.data as { n: number }).n)).toEqual([1, 2, 3]);
      expect(strictlyIncreasing(positionsOf(stream))).toBe(true);
      expect(appended.lastGlobalPosition).toBe(stream[2]!.globalPosition);
      await store.close();
    });

    it('upgrades a version 3 schema written by the previous code, keeping its positions and continuing after them', async () => {
      const schema = freshSchema();
      const db = await direct();
      // A schema as version 3 left it, with events appended through version 3's own functions.
      await db.query(`CREATE SCHEMA ${schema}`);
      await db.query(`CREATE TABLE ${schema}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const [index, migration] of postgresMigrations(schema).slice(0, 3).entries()) {
        await db.query(migration);
        await db.query(`INSERT INTO ${schema}.schema_migrations (version) VALUES ($1)`, [index + 1]);
      }
      const [a, b] = [freshStreamId('v3a'), freshStreamId('v3b')];
      const oldEvents = countedEvents(2);
      await db.query(`SELECT * FROM ${schema}.append_events($1, 0, $2::text[], $3::text[], $4::text[], $5::text[])`, [
        a,
        oldEvents.map((event) => event.metadata.eventId),
        oldEvents.map((event) => event.type),
        oldEvents.map((event) => JSON.stringify(event.data)),
        oldEvents.map((event) => JSON.stringify(event.metadata)),
      ]);
      const connection = onServer ? { connectionString: url } : { client: db };
      const open = () => (onServer ? createPostgresEventStore({ connectionString: url, schema }) : createPostgresEventStore({ client: db, schema }));
      const before = open();
      const oldPositions = positionsOf(await streamOf(before, a));
      await before.close();

      expect(rightOf(await migratePostgres(connection, { schema }))).toEqual({ from: 3, to: 6 });
      const store = open();
      expect(positionsOf(await streamOf(store, a))).toEqual(oldPositions);
      const single = rightOf(await store.appendToStream(a, countedEvents(1, 3), { expectedVersion: 2 }));
      const multi = rightOf(await store.appendToStreams!([{ streamId: a, expectedVersion: 3, events: countedEvents(1, 4) }, { streamId: b, expectedVersion: 'no_stream', events: countedEvents(2, 5) }]));
      expect(single.lastGlobalPosition).toBeGreaterThan(oldPositions[1]!);
      expect(multi[0]!.lastGlobalPosition).toBeGreaterThan(single.lastGlobalPosition);
      expect(multi[1]!.lastGlobalPosition).toBeGreaterThan(multi[0]!.lastGlobalPosition);
      const log = await readAllEventually(store, new Set([a, b]), 0, 6, 10_000);
      expect(log.map((event) => [event.streamId, event.version])).toEqual([[a, 1], [a, 2], [a, 3], [a, 4], [b, 1], [b, 2]]);
      expect(strictlyIncreasing(positionsOf(log))).toBe(true);
      await store.close();
    });

    it('answers StoreUnavailable, with a hint, when the schema was never migrated', async () => {
      const store = onServer
        ? createPostgresEventStore({ connectionString: url, schema: freshSchema() })
        : createPostgresEventStore({ client: await sharedPglite(), schema: freshSchema() });
      const error = leftOf(await store.readStream(freshStreamId()));
      expect(error._tag).toBe('StoreUnavailable');
      expect(error.message).toMatch(/run migratePostgres/);
      await store.close();
    });

    it('answers StoreUnavailable when the server cannot be reached', async () => {
      const store = createPostgresEventStore({ connectionString: 'postgres://postgres@127.0.0.1:1/none', schema: freshSchema() });
      const results = [await store.readStream(freshStreamId()), await store.appendToStream(freshStreamId(), countedEvents(1), { expectedVersion: 'any' }), await store.readAll()];
      for (const result of results) expect(leftOf(result)).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringMatching(/unreachable/) });
      await store.close();
    });

    describe('rows edited into bad data', () => {
      const corrupt = async (edit: string, expected: RegExp): Promise<void> => {
        const schema = freshSchema();
        const store = await freshStore(schema);
        const streamId = freshStreamId('corrupt');
        const start = rightOf(await store.appendToStream(freshStreamId(), countedEvents(1), { expectedVersion: 'no_stream' })).lastGlobalPosition;
        rightOf(await store.appendToStream(streamId, countedEvents(3), { expectedVersion: 'no_stream' }));
        await (await direct()).query(`UPDATE ${schema}.events SET ${edit} WHERE stream_id = $1 AND version = 2`, [streamId]);
        const fromStream = leftOf(await store.readStream(streamId));
        expect(fromStream).toMatchObject({ _tag: 'CorruptEvent', streamId, version: 2 });
        expect(fromStream.message).toMatch(expected);
        // readAll may need a moment to show the rows (older transactions); it then reports the same row.
        const fromLog = await eventually(async () => {
          const page = await store.readAll({ after: start });
          if (page._tag === 'Right') throw new Error(`readAll shows ${page.right.length} events and no error yet`);
          return page.left;
        }, 4_000);
        expect(fromLog).toMatchObject({ _tag: 'CorruptEvent', streamId, version: 2 });
        expect(fromLog.message).toMatch(expected);
        await store.close();
      };

      it('reports data that is not JSON as CorruptEvent naming stream and version', () => corrupt(`data = '{"n": 2,'`, /@2 .*data is not valid JSON/));
      it('reports metadata that is not an object', () => corrupt(`metadata = '"text"'`, /@2 .*metadata is not a JSON object/));
      it('reports an empty event type', () => corrupt(`type = ''`, /@2 .*event type is missing/));
      it('reports metadata whose event id differs from the row', () => corrupt(`event_id = 'someone-else'`, /@2 .*event id column and metadata.eventId differ/));
    });
  });

  (onServer ? describe : describe.skip)(`PostgreSQL event store: concurrency on the real server${onServer ? '' : ' — skipped: PGlite is a single in-process connection'}`, () => {
    /**
     * A pool whose clients make every append slow to commit: the store's one append statement runs
     * in an explicit transaction that reports the append's last position, then waits for
     * `beforeCommit` before its COMMIT (as if the server were slow to commit that statement).
     */
    const gatedPool = (pool: pg.Pool, hooks: { beforeCommit?: () => Promise<void>; onInsert?: (lastPosition: number) => void }): PgPool =>
      heldBeforeCommit(pool, '.append_events(', async (_client, result) => {
        const row = result.rows[0] as { ok: boolean; lastPosition: string | null };
        if (row.ok && row.lastPosition !== null) hooks.onInsert?.(Number(row.lastPosition));
        if (hooks.beforeCommit !== undefined) await hooks.beforeCommit();
      });

    it('never lets a reader skip an event whose transaction commits after a later one', async () => {
      const schema = freshSchema();
      rightOf(await migratePostgres({ connectionString: url }, { schema }));
      let releaseT1!: () => void;
      const t1Released = new Promise<void>((resolve) => (releaseT1 = resolve));
      let t1AtCommit!: () => void;
      const t1ReachedCommit = new Promise<void>((resolve) => (t1AtCommit = resolve));
      let t1Position = 0;
      const t1Pool = new pg.Pool({ connectionString: url, max: 1 });
      const t1Store = createPostgresEventStore({
        pool: gatedPool(t1Pool, {
          beforeCommit: async () => {
            t1AtCommit();
            await t1Released;
          },
          onInsert: (position) => (t1Position = position),
        }),
        schema,
      });
      const t2Store = createPostgresEventStore({ connectionString: url, schema });
      const reader = createPostgresEventStore({ connectionString: url, schema });
      const [a, b] = [freshStreamId('t1'), freshStreamId('t2')];
      const streams = new Set([a, b]);

      try {
        // T1 begins and appends, and stops before COMMIT.
        const t1 = t1Store.appendToStream(a, [newEvent('SlowCommit')], { expectedVersion: 'no_stream' });
        await t1ReachedCommit;
        // T2 appends and commits.
        const t2 = rightOf(await t2Store.appendToStream(b, [newEvent('FastCommit')], { expectedVersion: 'no_stream' }));
        // The hazard is real: T1 holds the lower position but has not committed, T2's commit is done.
        expect(t1Position).toBeGreaterThan(0);
        expect(t1Position).toBeLessThan(t2.lastGlobalPosition);
        expect(await streamOf(reader, b)).toHaveLength(1);
        // A reader now sees neither: T2's event waits behind T1's open transaction instead of being
        // handed out with a position a later checkpoint would jump over T1's.
        expect(await readAllOf(reader, streams, 0)).toEqual([]);
        const following = followUntil(reader, { after: 0, streams, count: 2, timeoutMs: 60_000, pollIntervalMs: 10 });
        following.catch(() => undefined); // awaited below; this only keeps an early failure from going unheard
        await sleep(150);
        expect(await readAllOf(reader, streams, 0)).toEqual([]);
        // Then T1 commits: the reader and the follower see both, in position order.
        releaseT1();
        const t1Result = rightOf(await t1);
        expect(t1Result.lastGlobalPosition).toBe(t1Position);
        const log = await readAllEventually(reader, streams, 0, 2, 10_000);
        expect(log.map((event) => [event.streamId, event.globalPosition])).toEqual([[a, t1Position], [b, t2.lastGlobalPosition]]);
        expect((await following).map((event) => event.streamId)).toEqual([a, b]);
        // Reading again gives the same order: it is stable.
        expect(positionsOf(await readAllOf(reader, streams, 0))).toEqual(positionsOf(log));
      } finally {
        // Whatever failed above, never leave T1's transaction open (it would block the schema's cleanup).
        releaseT1();
        await Promise.all([t1Store.close(), t2Store.close(), reader.close()]);
        await t1Pool.end();
      }
    }, 30_000);

    it('lets a follower see every event exactly once while writers commit in random order', async () => {
      const schema = freshSchema();
      rightOf(await migratePostgres({ connectionString: url }, { schema }));
      const writers = 6;
      const appendsEach = 15;
      const pools = Array.from({ length: writers }, () => new pg.Pool({ connectionString: url, max: 1 }));
      const stores = pools.map((pool) => createPostgresEventStore({ pool: gatedPool(pool, { beforeCommit: () => sleep(Math.random() * 25) }), schema }));
      const reader = createPostgresEventStore({ connectionString: url, schema });
      const streamIds = stores.map((_, i) => freshStreamId(`writer-${i}`));
      const streams = new Set(streamIds);
      const total = writers * appendsEach * 2;
      const following = followUntil(reader, { after: 0, streams, count: total, timeoutMs: 20_000, pollIntervalMs: 2, batchSize: 7 });
      following.catch(() => undefined); // awaited below; this only keeps an early failure from going unheard
      await Promise.all(
        stores.map(async (store, i) => {
          for (let n = 0; n < appendsEach; n += 1) {
            rightOf(await store.appendToStream(streamIds[i]!, countedEvents(2, n * 2 + 1), { expectedVersion: n * 2 }));
          }
        }),
      );
      try {
        const seen = await following;
        const log = await readAllEventually(reader, streams, 0, total, 10_000);
        expect(seen.map((event) => event.metadata.eventId)).toEqual(log.map((event) => event.metadata.eventId));
        expect(new Set(seen.map((event) => event.metadata.eventId)).size).toBe(total);
        expect(strictlyIncreasing(positionsOf(seen))).toBe(true);
      } finally {
        await Promise.all([...stores.map((store) => store.close()), reader.close()]);
        await Promise.all(pools.map((pool) => pool.end()));
      }
    }, 60_000);

    it('accepts a pg.Pool and a single pg.Client', async () => {
      const schema = freshSchema();
      rightOf(await migratePostgres({ connectionString: url }, { schema }));
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const viaPool = createPostgresEventStore({ pool, schema });
      const viaClient = createPostgresEventStore({ client, schema });
      const streamId = freshStreamId();
      rightOf(await viaPool.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }));
      const results = await Promise.all([
        viaClient.appendToStream(streamId, countedEvents(1, 3), { expectedVersion: 2 }),
        viaClient.appendToStream(streamId, countedEvents(1, 3), { expectedVersion: 2 }),
      ]);
      expect(results.map((result) => result._tag).sort()).toEqual(['Left', 'Right']);
      expect((await streamOf(viaPool, streamId)).map((event) => event.version)).toEqual([1, 2, 3]);
      await Promise.all([viaPool.close(), viaClient.close()]);
      // The store never closes what the caller owns.
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await Promise.all([pool.end(), client.end()]);
    });

    describe('a database connection that goes away', () => {
      const terminate = async (applicationName: string): Promise<number> =>
        (await admin!.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName])).rows.length;
      /** Waits until the terminated sessions are really gone (the server ends them asynchronously). */
      const sessionsGone = (applicationName: string) =>
        eventually(async () => {
          const { rows } = await admin!.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
          if ((rows[0] as { n: number }).n !== 0) throw new Error(`sessions of ${applicationName} are still there`);
        }, 60_000);

      it('fails an append whose connection is killed before COMMIT with StoreUnavailable, writes nothing, and recovers', async () => {
        const schema = freshSchema();
        rightOf(await migratePostgres({ connectionString: url }, { schema }));
        const applicationName = `dk-terminate-${randomUUID()}`;
        const pool = new pg.Pool({ connectionString: url, application_name: applicationName, max: 2 });
        let gate: Promise<void> | undefined;
        let atCommit: (() => void) | undefined;
        const store = createPostgresEventStore({
          pool: gatedPool(pool, {
            beforeCommit: async () => {
              atCommit?.();
              await gate;
            },
          }),
          schema,
        });
        const streamId = freshStreamId();
        rightOf(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));

        let open!: () => void;
        gate = new Promise((resolve) => (open = resolve));
        const reachedCommit = new Promise<void>((resolve) => (atCommit = resolve));
        const doomed = store.appendToStream(streamId, countedEvents(1, 2), { expectedVersion: 1 });
        await reachedCommit;
        expect(await terminate(applicationName)).toBeGreaterThan(0);
        await sessionsGone(applicationName);
        open();
        gate = undefined;
        const error = leftOf(await doomed);
        expect(error._tag).toBe('StoreUnavailable');
        expect(error.message).toMatch(/unreachable/);

        // Until a fresh connection is made an operation may still fail, but always as a typed error.
        const outcomes: string[] = [];
        let recovered = false;
        for (let attempt = 0; attempt < 5 && !recovered; attempt += 1) {
          const result = await store.appendToStream(streamId, countedEvents(1, 2), { expectedVersion: 1 });
          outcomes.push(result._tag === 'Right' ? 'Right' : result.left._tag);
          recovered = result._tag === 'Right';
        }
        expect(outcomes.every((outcome) => outcome === 'Right' || outcome === 'StoreUnavailable')).toBe(true);
        expect(recovered).toBe(true);
        expect((await streamOf(store, streamId)).map((event) => (event.data as { n: number }).n)).toEqual([1, 2]);
        await store.close();
        await pool.end();
      }, 30_000);

      it('answers StoreUnavailable on a killed single connection, and a store with its own pool works again afterwards', async () => {
        const schema = freshSchema();
        rightOf(await migratePostgres({ connectionString: url }, { schema }));
        const applicationName = `dk-terminate-${randomUUID()}`;
        const client = new pg.Client({ connectionString: url, application_name: applicationName });
        client.on('error', () => undefined);
        await client.connect();
        const single = createPostgresEventStore({ client, schema });
        const pooled = createPostgresEventStore({ connectionString: `${url}?application_name=${applicationName}`, schema });
        const streamId = freshStreamId();
        rightOf(await single.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
        rightOf(await pooled.readStream(streamId));

        expect(await terminate(applicationName)).toBeGreaterThanOrEqual(2);
        await sessionsGone(applicationName);
        // The single connection stays broken: every operation says so, none throws.
        for (const result of [
          await single.readStream(streamId),
          await single.appendToStream(streamId, countedEvents(1, 2), { expectedVersion: 1 }),
          await single.readAll(),
        ]) {
          expect(leftOf(result)).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringMatching(/unreachable/) });
        }
        // The pooled store replaces its dead connections and carries on.
        let appended = false;
        for (let attempt = 0; attempt < 5 && !appended; attempt += 1) {
          const result = await pooled.appendToStream(streamId, countedEvents(1, 2), { expectedVersion: 1 });
          if (result._tag === 'Left') expect(result.left._tag).toBe('StoreUnavailable');
          appended = result._tag === 'Right';
        }
        expect(appended).toBe(true);
        expect(await streamOf(pooled, streamId)).toHaveLength(2);
        await Promise.all([single.close(), pooled.close()]);
        await client.end().catch(() => undefined);
      }, 30_000);
    });
  });
}
