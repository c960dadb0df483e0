import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { createPostgresEventStore, migratePostgres, type PgPool } from '@disputekit/adapters/postgres';
import { createDisputeService, type HandleError } from '@disputekit/core';
import { checkCorruptRows, checkMalformedCommands } from '../testing/service/badInputScenarios';
import { openDispute, postMessage } from '../testing/service/commandJson';
import { expectRight } from '@disputekit/core/testing';
import { describeWithPostgres, dropTestSchemas, freshSchema } from '../testRun';
import { terminateSessions, withApplicationName } from '../testing/service/postgresServiceTarget';
import { auditLog, readWholeLog } from '../testing/service/storedHistories';

describeWithPostgres('bad input on PostgreSQL', (url) => {
  const schemas: string[] = [];
  const fresh = () => freshSchema('svc', schemas);
  const admin = new pg.Client({ connectionString: url });
  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.end();
    await dropTestSchemas(schemas, url);
  });

  it('refuses malformed commands with a ValidationError and writes nothing', async () => {
    const store = createPostgresEventStore({ connectionString: url, schema: fresh(), migrate: true });
    const service = createDisputeService({ store });
    expect(E.isRight(await service.handle(openDispute({ disputeId: 'd1', orderId: 'o1', commandId: 'c1' })))).toBe(true);
    expect(await checkMalformedCommands(service, store)).toEqual([]);
    await store.close();
  });

  it('reports rows edited into invalid JSON or wrong shapes as CorruptEvent naming stream and version, and recovers once repaired', async () => {
    const schema = fresh();
    const store = createPostgresEventStore({ connectionString: url, schema, migrate: true });
    try {
      const problems = await checkCorruptRows(
        // The rows are edited behind the service's back: with its stream cache it would not decode again the events it has decoded.
        createDisputeService({ store, cacheSize: 0 }),
        async (streamId, version, column, text) => {
          await admin.query(`UPDATE "${schema}".events SET ${column} = $1 WHERE stream_id = $2 AND version = $3`, [text, streamId, version]);
        },
        async (streamId, version, column) =>
          ((await admin.query(`SELECT ${column} AS value FROM "${schema}".events WHERE stream_id = $1 AND version = $2`, [streamId, version])).rows[0] as { value: string }).value,
        async () => ((await admin.query(`SELECT count(*)::int AS n FROM "${schema}".events`)).rows[0] as { n: number }).n,
        false,
      );
      expect(problems).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('a database connection that goes away mid-run gives typed errors, leaves whole streams, and the service works again', async () => {
    const schema = fresh();
    const applicationName = `${schema}_victim`;
    const pool = new pg.Pool({ connectionString: withApplicationName(url, applicationName), max: 4 });
    // As the store's own pool does: a terminated session's notice is never an unheard 'error' (the query still fails).
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    // Besides the outages below, every 10th connection the store checks out (for an append) has had
    // its session terminated just before: a connection that is sure to be gone when it is used,
    // however the writers and the outages happen to interleave on a busy machine.
    let checkouts = 0;
    let dying = true;
    const dyingPool: PgPool = {
      connect: async () => {
        const client = await pool.connect();
        if (dying && (checkouts += 1) % 10 === 0) {
          try {
            const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
            const pid = (rows[0] as { pid: number }).pid;
            await admin.query('SELECT pg_terminate_backend($1)', [pid]);
            while ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rows.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
          } catch (error) {
            client.release(error instanceof Error ? error : true); // an outage got there first: never leak the client
            throw error;
          }
        }
        return client;
      },
      query: (text, values) => pool.query(text, values),
      end: () => pool.end(),
      on: (event, listener) => pool.on(event, listener),
    };
    expectRight(await migratePostgres({ connectionString: url }, { schema }));
    const store = createPostgresEventStore({ pool: dyingPool, schema });
    const service = createDisputeService({ store });
    try {
      for (let d = 0; d < 4; d++) expect(E.isRight(await service.handle(openDispute({ disputeId: `d${d}`, orderId: `o${d}`, commandId: `open-${d}` })))).toBe(true);
      const failures: HandleError[] = [];
      const failedCommands: Array<Record<string, unknown>> = [];
      // A fixed amount of work: 8 writers × 60 commands; the sessions are killed three times, when
      // 40, 160 and 280 commands are done (driven by progress, not by the clock).
      const killAt = new Set([40, 160, 280]);
      const kills: Array<Promise<number>> = [];
      let done = 0;
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 60; i++) {
          const command = postMessage({ disputeId: `d${w % 4}`, orderId: `o${w % 4}`, commandId: `w${w}-${i}`, by: i % 2 === 0 ? 'buyer' : 'seller' });
          const result = await service.handle(command); // never throws: a thrown error fails the test
          if (E.isLeft(result)) {
            failures.push(result.left);
            failedCommands.push(command);
          }
          if (killAt.has((done += 1))) kills.push(terminateSessions(url, applicationName));
        }
      });
      await Promise.all(writers);
      dying = false;
      const terminated = (await Promise.all(kills)).reduce((sum, n) => sum + n, 0);
      console.log(`postgres outage: ${terminated} sessions terminated in 3 outages, ${Math.floor(checkouts / 10)} connections dead when used, ${failures.length} commands failed (${[...new Set(failures.map((f) => f._tag))].join(', ')})`);
      expect(kills).toHaveLength(3);
      expect(terminated).toBeGreaterThan(0);
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(['StoreUnavailable', 'ConcurrencyConflict']).toContain(failure._tag);
        expect(failure.message.length).toBeGreaterThan(0);
      }
      expect(failures.some((f) => f._tag === 'StoreUnavailable' && /PostgreSQL/.test(f.message))).toBe(true);
      // The database is back: the service works again, and every failed command can be sent again safely.
      for (const command of failedCommands) {
        const again = await service.handle(command);
        expect(E.isRight(again)).toBe(true);
      }
      expect(E.isRight(await service.handle(postMessage({ disputeId: 'd0', orderId: 'o0', commandId: 'after', by: 'buyer' })))).toBe(true);
      const audit = auditLog(await readWholeLog(store));
      expect(audit.problems).toEqual([]);
    } finally {
      await store.close();
      await pool.end();
    }
  }, 180_000);
});
