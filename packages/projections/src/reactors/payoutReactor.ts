import * as E from 'fp-ts/lib/Either.js';
import { payoutHoldKey, payoutReleaseKey, type EventStore } from '@disputekit/core';
import { decodeRecordedEvent } from '../runner/decodeRecordedEvent';
import type { ProjectedEvent } from '../runner/projection';
import type { PayoutDone, PayoutNotDone, PayoutPort } from './payoutPort';
import { runUntilAborted } from './runUntilAborted';

/**
 * Where the payout reactor is in the global log: the position of the last event it has acted on.
 * Keep it durable (beside the read models) so a restart does not call the port again for old
 * events; a lost or stale cursor only repeats calls, which the port's idempotency keys absorb.
 */
export interface PayoutCursor {
  read(): Promise<number | undefined>;
  write(position: number): Promise<void>;
}

/** A cursor in memory (tests and demos): it survives a new reactor instance, not the process; `createReadSidePayoutCursor` survives both. */
export const createInMemoryPayoutCursor = (): PayoutCursor => {
  let position: number | undefined;
  return {
    read: async () => position,
    write: async (next) => {
      position = next;
    },
  };
};

/** What one payout-reactor tick did. */
export interface PayoutTick {
  readonly held: number;
  readonly released: number;
  /** The port refused or failed: the tick stopped there, and the next one starts again from that event. */
  readonly failed: number;
}

/** Options of `createPayoutReactor`. */
export interface PayoutReactorOptions {
  readonly events: Pick<EventStore, 'readAll'>;
  readonly port: PayoutPort;
  readonly cursor: PayoutCursor;
  /** Events read per tick (default 500). */
  readonly batchSize?: number;
}

/** The payout reactor. */
export interface PayoutReactor {
  /**
   * Acts on every `PayoutHoldPlaced` and `PayoutHoldReleased` after the cursor, in log order. A store
   * that cannot be read, or a cursor that cannot be read or written, answers `Left` with its message.
   */
  tick(): Promise<E.Either<string, PayoutTick>>;
  /** Ticks every `intervalMs` (default 1,000) until `signal` aborts. */
  run(options: { readonly signal: AbortSignal; readonly intervalMs?: number }): Promise<void>;
}

type PortAnswer = E.Either<PayoutNotDone, PayoutDone>;

/** The port call one event asks for, if any. */
const callFor = (port: PayoutPort, p: ProjectedEvent): { readonly kind: 'held' | 'released'; readonly call: () => Promise<PortAnswer> } | undefined => {
  const e = p.event;
  if (e.type === 'PayoutHoldPlaced') {
    const request = { idempotencyKey: payoutHoldKey(e.data.disputeId), disputeId: e.data.disputeId, sellerId: e.data.sellerId, amount: e.data.amount };
    return { kind: 'held', call: () => port.hold(request) };
  }
  if (e.type === 'PayoutHoldReleased') {
    const request = { idempotencyKey: payoutReleaseKey(e.data.disputeId), disputeId: e.data.disputeId, amount: e.data.amount, consumed: e.data.consumed };
    return { kind: 'released', call: () => port.release(request) };
  }
  return undefined;
};

const safely = async (call: () => Promise<PortAnswer>): Promise<PortAnswer> => {
  try {
    return await call();
  } catch (error: unknown) {
    return E.left({ _tag: 'PayoutNotDone', code: `PAYOUT_ERROR: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200), retryable: true });
  }
};

const tick = async (options: PayoutReactorOptions): Promise<E.Either<string, PayoutTick>> => {
  try {
    return await tickFromCursor(options);
  } catch (error: unknown) {
    // The cursor's store failed (read or write): nothing after the last written position counts as done.
    return E.left(error instanceof Error ? error.message : String(error));
  }
};

const tickFromCursor = async (options: PayoutReactorOptions): Promise<E.Either<string, PayoutTick>> => {
  const after = await options.cursor.read();
  const read = await options.events.readAll({ ...(after === undefined ? {} : { after }), maxCount: options.batchSize ?? 500 });
  if (E.isLeft(read)) return E.left(read.left.message);
  const counts = { held: 0, released: 0, failed: 0 };
  for (const recorded of read.right) {
    const decoded = decodeRecordedEvent(recorded);
    if (E.isLeft(decoded)) return E.left(decoded.left);
    const action = decoded.right === undefined ? undefined : callFor(options.port, decoded.right);
    if (action !== undefined) {
      const answer = await safely(action.call);
      if (E.isLeft(answer)) return E.right({ ...counts, failed: 1 });
      counts[action.kind] += 1;
    }
    await options.cursor.write(recorded.globalPosition);
  }
  return E.right(counts);
};

/**
 * Creates the payout reactor: it follows the global log from its cursor and, for each dispute,
 * holds the seller's payout on `PayoutHoldPlaced` (key `dispute:{disputeId}:hold`) and releases it on
 * `PayoutHoldReleased` (key `dispute:{disputeId}:release`), moving the cursor past each event once
 * the port answered. A failure stops the tick at that event (retried next tick, same key). A crash
 * between the port's answer and the cursor's write repeats one call, which the key makes harmless:
 * the hold and the release each happen once per dispute through restarts.
 */
export const createPayoutReactor = (options: PayoutReactorOptions): PayoutReactor => ({
  tick: () => tick(options),
  run: ({ signal, intervalMs = 1_000 }) => runUntilAborted(() => tick(options), signal, intervalMs),
});
