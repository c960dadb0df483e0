import * as E from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../eventStore/eventStore';
import { markFrozenRecord } from '../eventStore/frozenRecords';
import { actors, DISPUTE_ID } from '../testing/fixtures';
import { decodeRecordedEvent } from './decodedRecords';

const deepFrozen = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFrozen(child);
    Object.freeze(value);
  }
  return value;
};

const messageData = (text: string) => ({
  disputeId: DISPUTE_ID,
  commandId: 'c-1',
  at: '2026-03-05T10:00:00.000Z',
  by: actors.buyer,
  messageId: 'm-1',
  text,
});

const recordOf = (data: unknown): RecordedEvent => ({
  streamId: `dispute-${DISPUTE_ID}`,
  version: 2,
  globalPosition: 2,
  type: 'MessagePosted',
  data,
  metadata: { eventId: 'e-1', commandId: 'c-1', recordedAt: '2026-03-05T10:00:00.000Z', schemaVersion: 1 },
});

describe('decodeRecordedEvent (decode once where the store froze the record)', () => {
  it('decodes a record its store froze and marked once, and hands out the same deep-frozen event after', () => {
    const record = markFrozenRecord(deepFrozen(recordOf(messageData('hello'))));
    const first = decodeRecordedEvent(record);
    const second = decodeRecordedEvent(record);
    expect(E.isRight(first) && E.isRight(second) && first.right === second.right).toBe(true);
    if (E.isRight(first)) {
      expect(Object.isFrozen(first.right)).toBe(true);
      expect(Object.isFrozen(first.right.data)).toBe(true);
    }
  });

  it('decodes a record nobody marked at every read: a change between reads is seen and checked', () => {
    const data: Record<string, unknown> = messageData('hello');
    const record = recordOf(data);
    expect(E.isRight(decodeRecordedEvent(record))).toBe(true);
    data['text'] = 42;
    expect(E.isLeft(decodeRecordedEvent(record))).toBe(true);
  });

  it('never keeps a record that does not decode, and refuses to mark a record that is not frozen', () => {
    const bad = markFrozenRecord(deepFrozen(recordOf(messageData(42 as unknown as string))));
    expect(E.isLeft(decodeRecordedEvent(bad))).toBe(true);
    expect(E.isLeft(decodeRecordedEvent(bad))).toBe(true);
    expect(() => markFrozenRecord(recordOf(messageData('x')))).toThrow(TypeError);
  });
});
