import * as E from 'fp-ts/lib/Either.js';
import { Client } from 'pg';
import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import { describeWithPostgres, dropTestSchemas, freshSchema, postgresTestUrl } from '@disputekit/adapters/testRun';
import { parseHistoryLine, type HistoryEvent } from './historyFile';
import { storeUrlFor, untilLogShowsAll } from './testing/postgres';
import { runCliInProcess } from './testing/runCliInProcess';
import { tamperings } from './testing/tamperings';

/** Writes an exported history into a fresh schema, in-process (faster than a CLI import per tampering). */
const load = async (schema: string, history: ReadonlyArray<HistoryEvent>): Promise<void> => {
  const store = createPostgresEventStore({ connectionString: postgresTestUrl, schema, migrate: true });
  try {
    let run: HistoryEvent[] = [];
    const flush = async () => {
      const first = run[0];
      if (first === undefined) return;
      const appended = await store.appendToStream(first.streamId, run.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })), {
        expectedVersion: first.version === 1 ? 'no_stream' : first.version - 1,
      });
      if (E.isLeft(appended)) throw new Error(appended.left.message);
      run = [];
    };
    for (const event of history) {
      if (run.length > 0 && run[0]!.streamId !== event.streamId) await flush();
      run.push(event);
    }
    await flush();
    await untilLogShowsAll(schema);
  } finally {
    await store.close();
  }
};

describeWithPostgres('disputekit on PostgreSQL (in-process, real server)', () => {
  const schemas: string[] = [];
  const schema = (prefix: string) => freshSchema(prefix, schemas);
  const main = schema('cli_demo');
  const store = storeUrlFor(main);
  let history: HistoryEvent[] = [];

  beforeAll(async () => {
    const demo = await runCliInProcess(['demo', '--store', store]);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    await untilLogShowsAll(main);
    const exported = await runCliInProcess(['export', '--store', store]);
    expect(exported.code).toBe(0);
    history = exported.stdout
      .trim()
      .split('\n')
      .map((line) => parseHistoryLine(line))
      .filter((e): e is HistoryEvent => typeof e !== 'string');
  }, 60_000);

  afterAll(() => dropTestSchemas(schemas));

  it('demo, verify, audit and rebuild work against PostgreSQL', async () => {
    expect(history).toHaveLength(67);
    const verified = await runCliInProcess(['verify', '--store', store, '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ clean: true, events: 67, streams: { disputes: 7, orderGuards: 7 } });
    const audit = await runCliInProcess(['audit', 'seed-1001', '--store', store, '--json']);
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout)).toMatchObject({ disputeId: 'seed-1001', clean: true, finalState: { status: 'CLOSED', outcome: 'REFUNDED_PARTIAL' } });
    const rebuilt = await runCliInProcess(['rebuild', '--store', store, '--projection', 'seller_scorecard']);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain('✔ seller_scorecard');
  });

  it('import copies a checked history into another schema, and refuses it the second time', async () => {
    const exported = (await runCliInProcess(['export', '--store', store])).stdout;
    const copyName = schema('cli_copy');
    const copy = storeUrlFor(copyName);
    const imported = await runCliInProcess(['import', '--store', copy], { stdin: exported });
    expect(imported.code).toBe(0);
    await untilLogShowsAll(copyName);
    expect((await runCliInProcess(['verify', '--store', copy])).code).toBe(0);
    const again = await runCliInProcess(['import', '--store', copy], { stdin: exported });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Nothing was imported');
  });

  it('an unreachable server is an error that says what to check (exit 1)', async () => {
    const run = await runCliInProcess(['verify', '--store', 'postgres://postgres@127.0.0.1:1/none']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: The store postgres:\/\/postgres@127\.0\.0\.1:1\/none failed: .*\nhint: Check that the server is running/);
  });

  describe('tampering with stored rows', () => {
    it.each(tamperings.map((t, i) => [t.name, i] as const))('%s', async (_name, index) => {
      const tampering = tamperings[index]!;
      const name = schema(`cli_tamper${index}`);
      await load(name, history);
      const client = new Client({ connectionString: postgresTestUrl });
      await client.connect();
      try {
        await tampering.apply(async (text, params = []) => (await client.query(text.replaceAll('{table}', `"${name}".events`), [...params])).rows);
      } finally {
        await client.end();
      }
      await untilLogShowsAll(name);
      const run = await runCliInProcess(['verify', '--store', storeUrlFor(name), '--json']);
      expect(run.code).toBe(2);
      const result = JSON.parse(run.stdout) as { seconds: number; firstBrokenLink?: Record<string, unknown>; findings: Array<Record<string, unknown>> };
      // A reading thread on its own connection (which hashes the chains, and hands back a range it cannot read) finds just what one thread finds.
      const threaded = await runCliInProcess(['verify', '--store', storeUrlFor(name), '--json', '--threads', '1']);
      expect(threaded.code).toBe(2);
      expect({ ...(JSON.parse(threaded.stdout) as typeof result), seconds: 0 }).toEqual({ ...result, seconds: 0 });
      const { streamId, version, problem, rule } = tampering.expected;
      if (problem !== undefined) expect(result.firstBrokenLink).toMatchObject({ streamId, version, problem });
      else expect(result.firstBrokenLink).toBeUndefined();
      if (rule !== undefined) expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'RULE', rule, streamId, version }));
    });
  });
});
