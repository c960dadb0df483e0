import * as E from 'fp-ts/lib/Either.js';
import type { AppendResult, EventStore, StoreError, StreamAppend } from '../eventStore/eventStore';
import { storeUnavailable, wrongExpectedVersion } from '../eventStore/storeErrors';
import { verifyChain } from '../audit/verifyChain';
import { createDisputeService } from './disputeService';
import type { ServiceObservation } from './serviceObservation';
import { acceptJson, cancelJson, messageJson, openJson, proposalJson, refundJson } from '../testing/internal/commandJson';
import { createTestStore, type TestStore } from '../testing/internal/testStore';
import { expectRight } from '../testing/either';

const GUARD = 'order-order-1';

/** One append call the service made: to one stream, or to several at once. */
type AppendCall = { readonly kind: 'one'; readonly streams: ReadonlyArray<string> } | { readonly kind: 'many'; readonly streams: ReadonlyArray<string> };

/**
 * A store with `appendToStreams` that records every append call, and can fail the next multi-stream
 * append (`failNextMany`) or every read of the order guard (`guardUnreadable`).
 */
const recordingStore = (inner: TestStore) => {
  const calls: AppendCall[] = [];
  const control = { failNextMany: undefined as StoreError | undefined, guardUnreadable: false };
  const store: EventStore = {
    appendToStream: async (streamId, events, options) => {
      calls.push({ kind: 'one', streams: [streamId] });
      return inner.appendToStream(streamId, events, options);
    },
    appendToStreams: async (appends: ReadonlyArray<StreamAppend>): Promise<E.Either<StoreError, ReadonlyArray<AppendResult>>> => {
      calls.push({ kind: 'many', streams: appends.map((part) => part.streamId) });
      const failure = control.failNextMany;
      control.failNextMany = undefined;
      return failure === undefined ? inner.appendToStreams!(appends) : E.left(failure);
    },
    readStream: async (streamId, options) =>
      control.guardUnreadable && streamId.startsWith('order-') ? E.left(storeUnavailable('the guard is on a disk that failed')) : inner.readStream(streamId, options),
    readAll: (options) => inner.readAll(options),
    followAll: (options) => inner.followAll(options),
    close: () => inner.close(),
  };
  return { store, calls, control };
};

const setup = () => {
  const inner = createTestStore({ multiStream: true });
  const { store, calls, control } = recordingStore(inner);
  const observations: ServiceObservation[] = [];
  const service = createDisputeService({ store, backoff: () => 0, observe: (o) => observations.push(o) });
  return { inner, service, calls, control, observations };
};

const typesIn = (inner: TestStore, streamId: string) => inner.log.filter((r) => r.streamId === streamId).map((r) => r.type);

describe('the order guard on a store with appendToStreams', () => {
  it('writes an opening as one append: the reservation and DisputeOpened together', async () => {
    const { inner, service, calls } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(calls).toEqual([{ kind: 'many', streams: [GUARD, 'dispute-d1'] }]);
    expect(typesIn(inner, GUARD)).toEqual(['OrderDisputeReserved']);
    expect(typesIn(inner, 'dispute-d1')).toEqual(['DisputeOpened']);
    // The reservation carries exactly the events stored in the dispute stream.
    const reserved = inner.log.find((r) => r.streamId === GUARD)!.data as { events: ReadonlyArray<{ type: string; data: unknown }> };
    expect(reserved.events).toEqual([{ type: 'DisputeOpened', data: inner.log.find((r) => r.streamId === 'dispute-d1')!.data }]);
    expect(verifyChain(inner.log).breaks).toEqual([]);
  });

  it('writes a closing command and its release as one append, and leaves other commands to one stream', async () => {
    const { inner, service, calls } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'open' })));
    expectRight(await service.handle(proposalJson({ disputeId: 'd1', commandId: 'offer', proposalId: 'p', amount: 2_500 })));
    expectRight(await service.handle(acceptJson({ disputeId: 'd1', commandId: 'accept', proposalId: 'p', by: 'buyer' })));
    calls.length = 0;
    const refund = expectRight(await service.handle(refundJson({ disputeId: 'd1', commandId: 'refund', amount: 2_500 })));
    expect(refund.events.map((r) => r.event.type)).toEqual(['RefundIssued', 'DisputeClosed']);
    expect(calls).toEqual([{ kind: 'many', streams: ['dispute-d1', GUARD] }]);
    expect(typesIn(inner, GUARD)).toEqual(['OrderDisputeReserved', 'OrderDisputeReleased']);
    expect(inner.log.find((r) => r.type === 'OrderDisputeReleased')!.data).toMatchObject({ disputeId: 'd1', reason: 'CLOSED', refunded: { amount: 2_500 } });
    // The order is free again; a repeated refund command appends nothing and records no second release.
    expect(expectRight(await service.handle(refundJson({ disputeId: 'd1', commandId: 'refund', amount: 2_500 }))).alreadyApplied).toBe(true);
    expect(typesIn(inner, GUARD)).toEqual(['OrderDisputeReserved', 'OrderDisputeReleased']);
    expect(verifyChain(inner.log).breaks).toEqual([]);
  });

  it('still refuses a second open dispute for the order, writing nothing for it', async () => {
    const { inner, service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(await service.handle(openJson({ disputeId: 'd2', commandId: 'c2' }))).toMatchObject({ _tag: 'Left', left: { _tag: 'OrderHasOpenDispute', openDisputeId: 'd1' } });
    expect(typesIn(inner, 'dispute-d2')).toEqual([]);
    expect(typesIn(inner, GUARD)).toEqual(['OrderDisputeReserved']);
  });

  it('of concurrent openings of one dispute by different commands, exactly one is stored, reservation and all', async () => {
    for (let round = 0; round < 20; round++) {
      const { inner, service } = setup();
      const results = await Promise.all([0, 1, 2].map((i) => service.handle(openJson({ disputeId: 'd1', commandId: `c${i}` }))));
      expect(results.filter(E.isRight)).toHaveLength(1);
      expect(typesIn(inner, 'dispute-d1')).toEqual(['DisputeOpened']);
      expect(typesIn(inner, GUARD)).toEqual(['OrderDisputeReserved']);
      const winner = inner.log.find((r) => r.streamId === 'dispute-d1')!.metadata.commandId;
      expect((inner.log.find((r) => r.streamId === GUARD)!.data as { commandId: string }).commandId).toBe(winner);
    }
  });

  it('after a conflict on the guard while closing, decides again and records the release once', async () => {
    const { inner, service, control, observations } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'open' })));
    control.failNextMany = wrongExpectedVersion(GUARD, 1, 2);
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'cancel' })));
    expect(observations.filter((o) => o._tag === 'Conflict')).toEqual([expect.objectContaining({ streamId: GUARD, willRetry: true })]);
    expect(typesIn(inner, 'dispute-d1')).toEqual(['DisputeOpened', 'DisputeCancelled', 'DisputeClosed']);
    expect(typesIn(inner, GUARD)).toEqual(['OrderDisputeReserved', 'OrderDisputeReleased']);
  });

  it('closes a dispute whose guard cannot be read, and says the release was deferred', async () => {
    const { inner, service, control, observations } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'open' })));
    expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'hello' })));
    control.guardUnreadable = true;
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'cancel' })));
    expect(typesIn(inner, 'dispute-d1')).toEqual(['DisputeOpened', 'MessagePosted', 'DisputeCancelled', 'DisputeClosed']);
    expect(typesIn(inner, GUARD)).toEqual(['OrderDisputeReserved']);
    expect(observations).toEqual([expect.objectContaining({ _tag: 'ReleaseDeferred', orderId: 'order-1', disputeId: 'd1' })]);
    // The next opening for the order counts the closed dispute as released and records it.
    control.guardUnreadable = false;
    expectRight(await service.handle(openJson({ disputeId: 'd2', commandId: 'open-2', day: 9 })));
    expect(typesIn(inner, GUARD)).toEqual(['OrderDisputeReserved', 'OrderDisputeReleased', 'OrderDisputeReserved']);
  });
});
