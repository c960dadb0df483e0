import * as E from 'fp-ts/lib/Either.js';
import { duplicateEvent, storeUnavailable, wrongExpectedVersion } from '../eventStore/storeErrors';
import { expectLeft, expectRight } from '../testing/either';
import { retrying, type AttemptOutcome, type ConflictReport, type RetryLoop } from './retrying';
import { runCommand } from './runCommand';
import type { Decider } from './decider';
import { disputeDecider } from '../dispute/decider';
import type { DisputeCommand } from '../dispute/commands';
import type { DisputeError } from '../dispute/errors';
import type { DisputeEvent } from '../dispute/events';
import type { DisputeState } from '../dispute/state';
import { orderGuardDecider } from '../orderGuard/decider';
import type { OrderGuardCommand } from '../orderGuard/commands';
import type { OrderGuardError } from '../orderGuard/errors';
import type { OrderGuardEvent } from '../orderGuard/events';
import type { OrderGuardState } from '../orderGuard/state';

const conflict = wrongExpectedVersion('s-1', 1, 2);

/** A loop with `maxRetries`, recording the reports and the backoffs asked for. */
const loopOf = (maxRetries: number) => {
  const reports: ConflictReport[] = [];
  const waits: number[] = [];
  const loop: RetryLoop<string> = {
    policy: { maxRetries, backoff: (attempt) => (waits.push(attempt), 0) },
    onConflict: (report) => reports.push(report),
    giveUp: () => 'gave up',
  };
  return { loop, reports, waits };
};

/** Attempts that play `outcomes` in turn, recording the state each one started from. */
const scripted = (outcomes: ReadonlyArray<AttemptOutcome<number, string, string>>) => {
  const seen: number[] = [];
  let call = 0;
  const attempt = async (state: number) => {
    seen.push(state);
    return outcomes[call++]!;
  };
  return { attempt, seen };
};

describe('retrying', () => {
  it('returns the first done result, and passes each attempt the state the previous one chose', async () => {
    const { loop, reports } = loopOf(5);
    const { attempt, seen } = scripted([
      { kind: 'again', next: 1 },
      { kind: 'conflict', streamId: 's-1', error: conflict, wait: true, next: 2 },
      { kind: 'done', result: E.right('ok') },
    ]);
    expect(expectRight(await retrying(loop, 0, attempt))).toBe('ok');
    expect(seen).toEqual([0, 1, 2]);
    expect(reports).toEqual([{ streamId: 's-1', attempt: 1, error: conflict, willRetry: true }]);
  });

  it('counts conflicts and restarts against the budget, not free re-reads, and gives up once it is spent', async () => {
    const { loop, reports, waits } = loopOf(2);
    const { attempt, seen } = scripted([
      { kind: 'again', next: 0 },
      { kind: 'conflict', streamId: 's-1', error: conflict, wait: true, next: 0 },
      { kind: 'restart', next: 0 },
      { kind: 'again', next: 0 },
      { kind: 'conflict', streamId: 's-1', error: conflict, wait: true, next: 0 },
    ]);
    expect(expectLeft(await retrying(loop, 0, attempt))).toBe('gave up');
    expect(seen).toHaveLength(5);
    expect(reports.map((r) => [r.attempt, r.willRetry])).toEqual([
      [1, true],
      [3, false],
    ]);
    expect(waits).toEqual([1]);
  });

  it('gives up on a restart once the budget is spent, without a report', async () => {
    const { loop, reports } = loopOf(0);
    const { attempt } = scripted([{ kind: 'restart', next: 0 }]);
    expect(expectLeft(await retrying(loop, 0, attempt))).toBe('gave up');
    expect(reports).toEqual([]);
  });

  it('retries an `always` conflict past the budget, without waiting', async () => {
    const duplicate = duplicateEvent('s-1', 'e-1');
    const { loop, reports, waits } = loopOf(0);
    const { attempt } = scripted([
      { kind: 'conflict', streamId: 's-1', error: duplicate, wait: false, always: true, next: 0 },
      { kind: 'done', result: E.right('settled') },
    ]);
    expect(expectRight(await retrying(loop, 0, attempt))).toBe('settled');
    expect(reports).toEqual([{ streamId: 's-1', attempt: 1, error: duplicate, willRetry: true }]);
    expect(waits).toEqual([]);
  });
});

describe('runCommand', () => {
  /** A one-stream "store" holding a version, whose appends fail with the given errors first. */
  const command = (failures: ReadonlyArray<ReturnType<typeof wrongExpectedVersion> | ReturnType<typeof duplicateEvent> | ReturnType<typeof storeUnavailable>>, decided: ReadonlyArray<string> = ['e']) => {
    const appended: Array<{ version: number; events: ReadonlyArray<string> }> = [];
    let version = 3;
    let call = 0;
    return {
      appended,
      steps: {
        read: async () => E.right({ version }),
        decide: () => E.right(decided),
        append: async (stream: { version: number }, events: ReadonlyArray<string>) => {
          const failure = failures[call++];
          if (failure !== undefined) {
            version++;
            return E.left(failure);
          }
          appended.push({ version: stream.version, events });
          return E.right('appended');
        },
        unchanged: () => 'unchanged',
      },
    };
  };

  it('appends at the version read, reading and deciding again after a version conflict', async () => {
    const { loop, reports } = loopOf(5);
    const { steps, appended } = command([conflict]);
    expect(expectRight(await runCommand<{ version: number }, string, string, string>(loop, steps))).toBe('appended');
    expect(appended).toEqual([{ version: 4, events: ['e'] }]);
    expect(reports.map((r) => r.willRetry)).toEqual([true]);
  });

  it('appends nothing when nothing is decided', async () => {
    const { loop } = loopOf(5);
    const { steps, appended } = command([], []);
    expect(expectRight(await runCommand<{ version: number }, string, string, string>(loop, steps))).toBe('unchanged');
    expect(appended).toEqual([]);
  });

  it('takes a duplicate as done when told so, and returns any other store error', async () => {
    const { loop } = loopOf(5);
    const duplicate = command([duplicateEvent('s-1', 'e-1')]);
    expect(expectRight(await runCommand<{ version: number }, string, string, string>(loop, { ...duplicate.steps, duplicateIsDone: true }))).toBe('unchanged');
    const down = storeUnavailable('down');
    expect(expectLeft(await runCommand<{ version: number }, string, string, string>(loop, command([down]).steps))).toEqual(down);
  });
});

describe('Decider', () => {
  it('is the shape of both deciders of the core', () => {
    // Checked by the compiler: the dispute's decider and the order guard's fit the one shape.
    const dispute: Decider<DisputeCommand, DisputeState, DisputeEvent, DisputeError> = disputeDecider;
    const guard: Decider<OrderGuardCommand, OrderGuardState, OrderGuardEvent, OrderGuardError> = orderGuardDecider;
    expect([dispute, guard].every((decider) => typeof decider.decide === 'function' && typeof decider.evolve === 'function')).toBe(true);
  });
});
