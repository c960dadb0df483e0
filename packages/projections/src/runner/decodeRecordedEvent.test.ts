import * as E from 'fp-ts/lib/Either.js';
import { decide, encodeEvent, initialState, type RecordedEvent } from '@disputekit/core';
import { expectLeft, expectRight, openNotReceived } from '@disputekit/core/testing';
import { decodeRecordedEvent } from './decodeRecordedEvent';

const opened = (metadata: Record<string, unknown>): RecordedEvent => {
  const events = expectRight(decide(openNotReceived({ at: '2026-03-05T10:00:00.000Z' }), initialState));
  const encoded = encodeEvent(events[0]!) as { type: string; data: unknown };
  return { streamId: 'dispute-dispute-1', version: 1, globalPosition: 7, type: encoded.type, data: encoded.data, metadata: metadata as RecordedEvent['metadata'] };
};

describe('decodeRecordedEvent', () => {
  it('keeps the stored recordedAt of a dispute event', () => {
    const decoded = expectRight(decodeRecordedEvent(opened({ eventId: 'e1', commandId: 'c1', recordedAt: '2026-03-05T10:00:01.000Z', schemaVersion: 1 })));
    expect(decoded?.recordedAt).toBe('2026-03-05T10:00:01.000Z');
  });

  it('refuses a dispute event without metadata.recordedAt, naming the stream and version', () => {
    const problem = expectLeft(decodeRecordedEvent(opened({ eventId: 'e1', commandId: 'c1', schemaVersion: 1 })));
    expect(problem).toBe('dispute-dispute-1@1: metadata.recordedAt is missing');
  });

  it('ignores events of other streams', () => {
    const other = { ...opened({ eventId: 'e1', commandId: 'c1', schemaVersion: 1 }), streamId: 'order-o1' };
    expect(decodeRecordedEvent(other)).toEqual(E.right(undefined));
  });
});
