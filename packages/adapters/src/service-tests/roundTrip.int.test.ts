import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import { checkRoundTripLaw, roundTripRuns } from '../testing/service/roundTripLaw';
import { describeWithPostgres, dropTestSchemas, freshSchema } from '../testRun';

const runs = roundTripRuns();

describeWithPostgres('the round-trip law on PostgreSQL', (url) => {
  const schema = freshSchema('svc');
  afterAll(() => dropTestSchemas([schema], url));

  it(`accepted means stored and read back unchanged, through a new pool each run (${runs} runs)`, async () => {
    const writer = createPostgresEventStore({ connectionString: url, schema, migrate: true, poolSize: 2 });
    try {
      const started = Date.now();
      const seen = await checkRoundTripLaw({ writer, fresh: async () => createPostgresEventStore({ connectionString: url, schema, poolSize: 1 }) }, { runs, label: 'p' });
      console.log(`round-trip law on PostgreSQL: ${seen.runs} runs, ${seen.opened} openings and ${seen.accepted} commands accepted, refused ${JSON.stringify(seen.refused)}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(seen.opened).toBeGreaterThan(seen.runs / 4);
    } finally {
      await writer.close();
    }
  }, runs > 100 ? 3_600_000 : 120_000);
});
