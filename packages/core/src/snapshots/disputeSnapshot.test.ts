import * as E from 'fp-ts/lib/Either.js';
import { fixedClock } from '../clock/clock';
import { isOpened, type OpenedDispute } from '../dispute/state';
import { disputeStreamId } from '../eventStore/streamIds';
import { createDisputeService } from '../service/disputeService';
import { expectLeft, expectRight } from '../testing/either';
import { messageJson, openJson, proposalJson } from '../testing/internal/commandJson';
import { createTestStore } from '../testing/internal/testStore';
import { decodeSnapshot, encodeSnapshot, snapshotHash } from './disputeSnapshot';

const STREAM = disputeStreamId('d1');

/** A dispute with proposals, messages and seen ids, as the service folds it. */
const foldedState = async (): Promise<OpenedDispute> => {
  const service = createDisputeService({ store: createTestStore(), clock: fixedClock('2026-04-01T12:00:00.000Z') });
  expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c0' })));
  expectRight(await service.handle(proposalJson({ disputeId: 'd1', commandId: 'c1', proposalId: 'p1', amount: 4_000 })));
  expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })));
  const state = expectRight(await service.load('d1')).state;
  if (!isOpened(state)) throw new Error('not opened');
  return state;
};

describe('dispute snapshots', () => {
  it('decode to the state they were taken of, sets and money included', async () => {
    const state = await foldedState();
    const decoded = expectRight(decodeSnapshot(STREAM, 'd1', encodeSnapshot(STREAM, state, 'a'.repeat(64))));
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(state));
    expect(decoded.seen.commandIds.has('c1')).toBe(true);
    expect(decoded.seen.commandIds.add('c3').size).toBe(state.seen.commandIds.size + 1);
  });

  it('refuse a state of another shape (an unknown field), another stream, or a changed field', async () => {
    const snapshot = encodeSnapshot(STREAM, await foldedState(), 'a'.repeat(64));
    const rehashed = (state: string) => {
      const fields = { ...snapshot, state };
      return { ...fields, stateHash: snapshotHash(fields) };
    };
    expect(expectLeft(decodeSnapshot(STREAM, 'd1', rehashed(snapshot.state.replace('{', '{"newField":1,'))))).toBe('its state does not decode');
    expect(expectLeft(decodeSnapshot(disputeStreamId('d2'), 'd2', snapshot))).toBe('the snapshot belongs to dispute-d1');
    expect(E.isLeft(decodeSnapshot(STREAM, 'd1', { ...snapshot, hash: 'b'.repeat(64) }))).toBe(true);
  });
});
