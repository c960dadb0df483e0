import fc from 'fast-check';
import { fixedClock } from '../clock/clock';
import { createInMemorySnapshotStore } from '../snapshots/inMemorySnapshotStore';
import { acceptJson, cancelJson, messageJson, openJson, proposalJson } from '../testing/internal/commandJson';
import { createTestStore } from '../testing/internal/testStore';
import { createDisputeService } from './disputeService';

const clock = fixedClock('2026-04-01T12:00:00.000Z');

/** A command of the scripts; `repeat` re-sends an earlier one (answered from the stream's history). */
const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('message' as const), by: fc.constantFrom('buyer' as const, 'seller' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('offer' as const), amount: fc.integer({ min: 0, max: 10_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('accept' as const), of: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('repeat' as const), of: fc.nat(40) }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** The script as command JSON for dispute d1 (step i has command id `s{i}`). */
const commandsOf = (steps: ReadonlyArray<Step>): ReadonlyArray<Record<string, unknown>> => {
  const out: Array<Record<string, unknown>> = [openJson({ disputeId: 'd1', commandId: 's0' })];
  steps.forEach((s, index) => {
    const e = { disputeId: 'd1', commandId: `s${index + 1}`, day: 5 };
    if (s.kind === 'message') out.push(messageJson({ ...e, by: s.by }));
    else if (s.kind === 'offer') out.push(proposalJson({ ...e, proposalId: `p${index + 1}`, amount: s.amount }));
    else if (s.kind === 'accept') out.push(acceptJson({ ...e, proposalId: `p${s.of}`, by: 'buyer' }));
    else if (s.kind === 'cancel') out.push(cancelJson(e));
    else out.push(out[s.of % out.length]!);
  });
  return out;
};

describe('DisputeService snapshots (property)', () => {
  it('never change a result: every command gives the same answer, events and state with snapshots every N events as without', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(0, 1_000), async (steps, every, cacheSize) => {
        const plainStore = createTestStore();
        const snapshotStore = createTestStore();
        const snapshots = createInMemorySnapshotStore();
        const plain = createDisputeService({ store: plainStore, clock, cacheSize });
        const withSnapshots = createDisputeService({ store: snapshotStore, clock, cacheSize, snapshots: { store: snapshots, every } });
        for (const command of commandsOf(steps)) {
          const expected = await plain.handle(command);
          // JSON: the state's sets compare by their members, as callers see them.
          expect(JSON.stringify(await withSnapshots.handle(command))).toBe(JSON.stringify(expected));
        }
        expect(JSON.stringify(snapshotStore.log)).toBe(JSON.stringify(plainStore.log));
        expect(JSON.stringify(await withSnapshots.load('d1'))).toBe(JSON.stringify(await plain.load('d1')));
        // A snapshot exists once the stream has reached `every` events.
        if (plainStore.log.filter((row) => row.streamId === 'dispute-d1').length >= every) expect(snapshots.snapshots.size).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
});
