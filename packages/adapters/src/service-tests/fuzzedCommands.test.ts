import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { fuzzedCommandCount, fuzzTheService } from '../testing/service/fuzzedCommands';
import { tempDirectory } from '../testing/service/tempFiles';

const count = fuzzedCommandCount();

describe('fuzzed commands through the service (SQLite)', () => {
  const dir = tempDirectory('fuzz');
  afterAll(() => dir.remove());

  it(`${count} fuzzed commands: none throws, every stored event is read back and verifies`, async () => {
    const filename = dir.file('fuzz.db');
    const store = createSqliteEventStore({ filename, synchronous: 'NORMAL' });
    const started = Date.now();
    try {
      const report = await fuzzTheService(store, async () => createSqliteEventStore({ filename }), count, 11);
      console.log(`fuzz: ${report.sent} commands in ${((Date.now() - started) / 1000).toFixed(1)} s, ${report.threw} threw, ${report.accepted} accepted, ${report.storedEvents} stored events, ${report.corruptEvents} unreadable; refused ${JSON.stringify(report.refused)}`);
      expect(report.sent).toBe(count);
      expect(report.threw).toBe(0);
      expect(report.corruptEvents).toBe(0);
      expect(report.findings).toEqual([]);
      // Not vacuous: plenty was accepted and stored, and plenty refused.
      expect(report.accepted).toBeGreaterThan(count / 20);
      expect(report.refused['ValidationError'] ?? 0).toBeGreaterThan(count / 20);
    } finally {
      await store.close();
    }
  }, count > 5_000 ? 3_600_000 : 180_000);
});
