import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { decide } from '../dispute/decide';
import { replay } from '../dispute/decider';
import type { DisputeEvent } from '../dispute/events';
import { checkHistory } from '../dispute/invariants';
import { encodeEvent, parseCommand } from '../dispute/parse';
import { initialState } from '../dispute/state';
import { createDisputeService } from './disputeService';
import { acceptJson, cancelJson, messageJson, openJson, proposalJson, refundJson } from '../testing/internal/commandJson';
import { createTestStore } from '../testing/internal/testStore';

/** A command of the scripts, by kind; ids come from the step's index, amounts from the script. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('message' as const), by: fc.constantFrom('buyer' as const, 'seller' as const) }),
  fc.record({ kind: fc.constant('offer' as const), amount: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ kind: fc.constant('acceptOffer' as const), of: fc.nat(30) }),
  fc.record({ kind: fc.constant('acceptOpening' as const) }),
  fc.record({ kind: fc.constant('refund' as const), amount: fc.constantFrom(10_000, 5_000, 1) }),
  fc.record({ kind: fc.constant('cancel' as const) }),
  fc.record({ kind: fc.constant('repeat' as const), of: fc.nat(30) }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** Turns a script into command JSON: step i has command id `s{i}`; `repeat` re-sends an earlier step's command. */
const commandsOf = (steps: ReadonlyArray<Step>): ReadonlyArray<Record<string, unknown>> => {
  const out: Array<Record<string, unknown>> = [openJson({ disputeId: 'd1', commandId: 's0' })];
  steps.forEach((s, index) => {
    const e = { disputeId: 'd1', commandId: `s${index + 1}`, day: 5 };
    switch (s.kind) {
      case 'message':
        out.push(messageJson({ ...e, by: s.by }));
        break;
      case 'offer':
        out.push(proposalJson({ ...e, proposalId: `p${index + 1}`, amount: s.amount }));
        break;
      case 'acceptOffer':
        out.push(acceptJson({ ...e, proposalId: `p${s.of}`, by: 'buyer' }));
        break;
      case 'acceptOpening':
        out.push(acceptJson({ ...e, proposalId: 'p-open', by: 'seller' }));
        break;
      case 'refund':
        out.push(refundJson({ ...e, amount: s.amount }));
        break;
      case 'cancel':
        out.push(cancelJson(e));
        break;
      case 'repeat':
        out.push(out[s.of % out.length]!);
        break;
    }
  });
  return out;
};

/** What the pure decider gives for the commands in order (a repeated command id emits nothing). */
const decideAll = (commands: ReadonlyArray<Record<string, unknown>>): ReadonlyArray<DisputeEvent> => {
  const events: DisputeEvent[] = [];
  let state = initialState;
  for (const json of commands) {
    const command = parseCommand(json);
    if (E.isLeft(command)) throw new Error(command.left.message);
    const decision = decide(command.right, state);
    if (E.isRight(decision)) {
      events.push(...decision.right);
      state = replay(decision.right, state);
    }
  }
  return events;
};

describe('DisputeService properties', () => {
  it('sent one at a time, commands give exactly the pure decider\'s history (S9), and every re-sent applied command appends nothing (I1)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const store = createTestStore();
        const service = createDisputeService({ store });
        const commands = commandsOf(steps);
        const applied: Array<Record<string, unknown>> = [];
        for (const command of commands) {
          const result = await service.handle(command);
          if (E.isRight(result) && result.right.events.length > 0) applied.push(command);
        }
        const loaded = await service.load('d1');
        if (E.isLeft(loaded)) throw new Error(loaded.left.message);
        expect(loaded.right.events.map((r) => encodeEvent(r.event))).toEqual(decideAll(commands).map(encodeEvent));
        const rows = store.log.length;
        // (A refused command is not recorded: sent again later, it is decided again.)
        for (const command of applied) {
          const again = await service.handle(command);
          expect(E.isRight(again) && again.right.alreadyApplied).toBe(true);
        }
        expect(store.log).toHaveLength(rows);
      }),
      { numRuns: 150 },
    );
  });

  it('sent concurrently, commands leave a whole, valid history: versions 1..n, each command\'s events together and once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), fc.integer({ min: 2, max: 6 }), async (steps, width) => {
        const store = createTestStore();
        const service = createDisputeService({ store, maxRetries: 50, backoff: () => 0 });
        const [open, ...rest] = commandsOf(steps);
        expect(E.isRight(await service.handle(open))).toBe(true);
        const firstResults = new Map<string, ReadonlyArray<string>>();
        for (let i = 0; i < rest.length; i += width) {
          const batch = rest.slice(i, i + width);
          const results = await Promise.all(batch.map((c) => service.handle(c)));
          results.forEach((result, j) => {
            const commandId = batch[j]!.commandId as string;
            if (E.isLeft(result)) {
              expect(result.left._tag).not.toBe('ConcurrencyConflict');
              return;
            }
            const ids = result.right.events.map((r) => r.metadata.eventId);
            const known = firstResults.get(commandId);
            if (known === undefined || known.length === 0) firstResults.set(commandId, ids);
            else expect(ids).toEqual(known); // a repeat returns the first result
          });
        }
        const loaded = await service.load('d1');
        if (E.isLeft(loaded)) throw new Error(loaded.left.message);
        const records = loaded.right.events;
        expect(records.map((r) => r.version)).toEqual(records.map((_, i) => i + 1));
        expect(checkHistory(records)).toEqual([]);
        // each command's events are contiguous and appear once
        const order = records.map((r) => r.metadata.commandId).filter((c, i, all) => i === 0 || all[i - 1] !== c);
        expect(new Set(order).size).toBe(order.length);
        // nothing acknowledged was lost
        const stored = new Set(records.map((r) => r.metadata.eventId));
        for (const ids of firstResults.values()) for (const id of ids) expect(stored.has(id)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
