/*
 * Two different commands close one dispute at once on PostgreSQL (issue 11, defect 4): the loser
 * must hear the truth after re-deciding (the dispute is closed), never "the command was applied
 * before". Made deterministic by holding the winner's transaction open until the loser's append is
 * seen waiting on it in pg_stat_activity, then committing it.
 */
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import { createDisputeService } from '@disputekit/core';
import { cancelDispute, openDispute } from '../testing/service/commandJson';
import { describeWithPostgres, dropTestSchemas, freshSchema } from '../testRun';
import { withApplicationName } from '../testing/service/postgresServiceTarget';

/** Resolves once a session tagged `applicationName` waits on a lock. */
const waitUntilBlocked = async (admin: pg.Client, applicationName: string): Promise<void> => {
  for (let polls = 0; polls < 3_000; polls += 1) {
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [applicationName]);
    if ((rows[0] as { n: number }).n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no session of ${applicationName} ever waited on a lock`);
};

/**
 * A pg client whose multi-stream append runs inside a transaction held open: `inserted` resolves
 * once its rows are written (uncommitted), and the transaction commits when `commit()` is called.
 */
const heldClient = (client: pg.Client) => {
  let signalInserted: () => void = () => undefined;
  let release: () => void = () => undefined;
  const inserted = new Promise<void>((resolve) => (signalInserted = resolve));
  const committed = new Promise<void>((resolve) => (release = resolve));
  return {
    inserted,
    commit: () => release(),
    client: {
      query: async (text: string, values?: unknown[]) => {
        if (!text.includes('append_to_streams')) return client.query(text, values);
        await client.query('BEGIN');
        const result = await client.query(text, values);
        signalInserted();
        await committed;
        await client.query('COMMIT');
        return result;
      },
    },
  };
};

describeWithPostgres('two commands closing one dispute at once on PostgreSQL', (url) => {
  const schema = freshSchema('svc');
  afterAll(() => dropTestSchemas([schema], url));

  it('the loser re-decides and is told the dispute is closed, not that its command was applied before', async () => {
    const loserTag = `dk_close_race_${schema}`;
    const setupStore = createPostgresEventStore({ connectionString: url, schema, migrate: true });
    const winnerConnection = new pg.Client({ connectionString: url });
    const admin = new pg.Client({ connectionString: url });
    const loserStore = createPostgresEventStore({ connectionString: withApplicationName(url, loserTag), schema, poolSize: 2 });
    await winnerConnection.connect();
    await admin.connect();
    const held = heldClient(winnerConnection);
    const winnerStore = createPostgresEventStore({ client: held.client, schema });
    try {
      const ids = { disputeId: 'd1', orderId: 'o1' };
      const opened = await createDisputeService({ store: setupStore }).handle(openDispute({ ...ids, commandId: 'open' }));
      expect(E.isRight(opened)).toBe(true);

      const winner = createDisputeService({ store: winnerStore }).handle(cancelDispute({ ...ids, commandId: 'cancel-w' }));
      await held.inserted;
      const loser = createDisputeService({ store: loserStore, backoff: () => 0 }).handle(cancelDispute({ ...ids, commandId: 'cancel-l' }));
      await waitUntilBlocked(admin, loserTag);
      held.commit();

      expect(E.isRight(await winner)).toBe(true);
      const lost = await loser;
      expect(E.isLeft(lost) ? lost.left._tag : 'accepted').toBe('DisputeClosed');
      const { rows } = await admin.query(`SELECT DISTINCT metadata::json->>'commandId' AS c FROM "${schema}".events WHERE stream_id = 'dispute-d1' ORDER BY 1`);
      expect(rows.map((row: { c: string }) => row.c)).toEqual(['cancel-w', 'open']);
    } finally {
      held.commit();
      await Promise.all([setupStore.close(), winnerStore.close(), loserStore.close()]);
      await winnerConnection.end();
      await admin.end();
    }
  }, 60_000);
});
