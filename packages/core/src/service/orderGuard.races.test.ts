/*
 * Races of the order guard, each made deterministic by interleaving a second writer at an exact
 * point of the first one's reads (issue 11, defect 3). No timing, no repetition.
 */
import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService } from './disputeService';
import type { HandleError } from './handleError';
import { cancelJson, openJson } from '../testing/internal/commandJson';
import { interleavedStore, type InterleavedCall } from '../testing/internal/interleavedStore';
import { createTestStore } from '../testing/internal/testStore';

const GUARD = 'order-order-1';

describe.each([
  ['without appendToStreams', false],
  ['with appendToStreams', true],
])('order guard races (%s)', (_name, multiStream) => {
  it('an opening that read the dispute as empty, while another writer opened and closed it, is refused truthfully, not as tampering', async () => {
    const inner = createTestStore({ multiStream });
    const other = createDisputeService({ store: inner, backoff: () => 0 });
    let interleaved = false;
    // Writer A reads the dispute stream (empty); just before it reads the order guard, writer B
    // opens the same dispute with another command and cancels it (the guard records the release).
    const beforeCall = async (call: InterleavedCall): Promise<void> => {
      if (interleaved || call.op !== 'read' || call.streamId !== GUARD) return;
      interleaved = true;
      const opened = await other.handle(openJson({ disputeId: 'd1', commandId: 'b-open' }));
      const cancelled = await other.handle(cancelJson({ disputeId: 'd1', commandId: 'b-cancel' }));
      expect(E.isRight(opened) && E.isRight(cancelled)).toBe(true);
    };
    const writer = createDisputeService({ store: interleavedStore(inner, beforeCall), backoff: () => 0 });
    const result = await writer.handle(openJson({ disputeId: 'd1', commandId: 'a-open' }));
    expect(interleaved).toBe(true);
    expect(inner.log.filter((r) => r.streamId === GUARD).map((r) => r.type)).toEqual(['OrderDisputeReserved', 'OrderDisputeReleased']);
    // The truth: the dispute exists (opened by b-open) and is closed, so A's opening is refused by the decider.
    const error = E.isLeft(result) ? (result.left as HandleError) : undefined;
    expect(error?._tag).not.toBe('CorruptEvent');
    expect(error?._tag).toBe('DisputeAlreadyOpened');
    expect(new Set(inner.log.filter((r) => r.streamId === 'dispute-d1').map((r) => r.metadata.commandId))).toEqual(new Set(['b-open', 'b-cancel']));
  });

  it('a retry of the opening that won, after its dispute closed, answers the first result', async () => {
    const inner = createTestStore({ multiStream });
    const service = createDisputeService({ store: inner, backoff: () => 0, cacheSize: 0 });
    expect(E.isRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'b-open' })))).toBe(true);
    expect(E.isRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'b-cancel' })))).toBe(true);
    const again = await service.handle(openJson({ disputeId: 'd1', commandId: 'b-open' }));
    expect(E.isRight(again) && again.right.alreadyApplied).toBe(true);
  });
});
