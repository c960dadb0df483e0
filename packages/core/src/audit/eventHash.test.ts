import fc from 'fast-check';
import { chainMetadata, chainNewEvents, eventHash, eventHashV2, GENESIS_HASH, HASH_VERSION, headHashOf, isHashHex, type HashedEvent } from './eventHash';

const V2_VECTOR = 'b032f83f5933d8f2f3b3bd2d44ee9e0cfd0f119af1d962832dbe6934614dbae1';

const base: HashedEvent = {
  previousHash: GENESIS_HASH,
  streamId: 'dispute-d1',
  version: 1,
  type: 'ProposalMade',
  // Keys deliberately out of order: the hash must not depend on it.
  data: { note: 'café', at: '2026-03-20T09:00:00.000Z', amount: { currency: 'USD', amount: 4999 } },
  eventId: 'e-1',
  commandId: 'cmd-1',
  schemaVersion: 1,
};

describe('eventHash', () => {
  it('is the SHA-256 of the canonical JSON of the hashed fields (vector computed with sha256sum)', () => {
    // printf '%s' '{"commandId":"cmd-1","data":{"amount":{"amount":4999,"currency":"USD"},"at":"2026-03-20T09:00:00.000Z",
    //   "note":"café"},"eventId":"e-1","previousHash":"000…000","schemaVersion":1,"streamId":"dispute-d1",
    //   "type":"ProposalMade","version":1}' | sha256sum
    expect(eventHash(base)).toBe('23aad51163e322a860f15d6b45c4620da282707ac73811795caba9c3985cfd1d');
  });

  it.each([
    ['previousHash', { previousHash: 'f'.repeat(64) }],
    ['streamId', { streamId: 'dispute-d2' }],
    ['version', { version: 2 }],
    ['type', { type: 'ProposalRejected' }],
    ['data', { data: { ...(base.data as object), note: 'cafe' } }],
    ['eventId', { eventId: 'e-2' }],
    ['commandId', { commandId: 'cmd-2' }],
    ['schemaVersion', { schemaVersion: 2 }],
  ])('changes when %s changes', (_field, change) => {
    expect(eventHash({ ...base, ...change })).not.toBe(eventHash(base));
  });

  it('writes 64 lower-case hex digits; the genesis hash is 64 zeros', () => {
    expect(isHashHex(eventHash(base))).toBe(true);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(isHashHex('A'.repeat(64))).toBe(false);
  });
});

describe('chainMetadata and chainNewEvents', () => {
  const metadata = (n: number) => ({ eventId: `e-${n}`, commandId: 'cmd-1', recordedAt: '2026-03-20T09:00:01.000Z', schemaVersion: 1 });
  const newEvents = [1, 2, 3].map((n) => ({ type: 'MessagePosted', data: { n }, metadata: metadata(n) }));

  it('links each event to the one before, starting from the stream head', () => {
    const chained = chainNewEvents({ streamId: 'dispute-d1', version: 4, hash: 'a'.repeat(64) }, newEvents);
    expect(chained.map((e) => e.metadata['previousHash'])).toEqual(['a'.repeat(64), chained[0]!.metadata['hash'], chained[1]!.metadata['hash']]);
    expect(chained[1]!.metadata).toEqual({
      ...metadata(2),
      ...chainMetadata(chained[0]!.metadata['hash'] as string, { streamId: 'dispute-d1', version: 6, ...newEvents[1]! }),
    });
  });

  it('covers recordedAt and every other metadata member (hash version 2)', () => {
    const head = { streamId: 'dispute-d1', version: 0, hash: GENESIS_HASH };
    const hashes = (events: typeof newEvents) => chainNewEvents(head, events).map((e) => e.metadata['hash']);
    const later = newEvents.map((e) => ({ ...e, metadata: { ...e.metadata, recordedAt: '2030-01-01T00:00:00.000Z' } }));
    const extra = newEvents.map((e) => ({ ...e, metadata: { ...e.metadata, actor: 'ops' } }));
    expect(hashes(later)[0]).not.toBe(hashes(newEvents)[0]);
    expect(hashes(extra)[0]).not.toBe(hashes(newEvents)[0]);
    expect(chainNewEvents(head, newEvents)[0]!.metadata['hashVersion']).toBe(HASH_VERSION);
  });

  it('hash version 2 is the SHA-256 of the canonical JSON of the stored event without its own hash (vector computed with sha256sum)', () => {
    // printf '%s' '{"data":{"n":1},"metadata":{"commandId":"c","eventId":"e","hashVersion":2,"previousHash":"000…000",
    //   "recordedAt":"2026-03-20T09:00:01.000Z","schemaVersion":1},"streamId":"s","type":"T","version":1}' | sha256sum
    const metadata = { eventId: 'e', commandId: 'c', recordedAt: '2026-03-20T09:00:01.000Z', schemaVersion: 1, previousHash: GENESIS_HASH, hashVersion: 2 };
    const hash = eventHashV2({ streamId: 's', version: 1, type: 'T', data: { n: 1 }, metadata });
    expect(hash).toBe(V2_VECTOR);
    expect(eventHashV2({ streamId: 's', version: 1, type: 'T', data: { n: 1 }, metadata: { ...metadata, hash } })).toBe(hash);
    expect(chainMetadata(GENESIS_HASH, { streamId: 's', version: 1, type: 'T', data: { n: 1 }, metadata })).toEqual({ hash, previousHash: GENESIS_HASH, hashVersion: 2 });
  });

  it('starts a stream from the genesis hash, and continues from the last stored hash', () => {
    expect(headHashOf(undefined)).toBe(GENESIS_HASH);
    expect(headHashOf({ metadata: { hash: 'b'.repeat(64) } })).toBe('b'.repeat(64));
    expect(headHashOf({ metadata: {} })).toBe(GENESIS_HASH);
  });
  it('isHashHex accepts exactly the strings /^[0-9a-f]{64}$/ accepts (property)', () => {
    const hexUnit = fc.constantFrom(...'0123456789abcdef');
    const nearHexUnit = fc.constantFrom(...'0123456789abcdefABCDEFg/:`G\u0000\u0130\uff10');
    const candidates = fc.oneof(
      fc.string({ unit: hexUnit, minLength: 62, maxLength: 66 }),
      fc.tuple(fc.string({ unit: hexUnit, minLength: 64, maxLength: 64 }), fc.nat(63), nearHexUnit).map(([hex, at, unit]) => hex.slice(0, at) + unit + hex.slice(at + 1)),
      fc.string({ unit: nearHexUnit, minLength: 64, maxLength: 64 }),
      fc.anything(),
    );
    fc.assert(
      fc.property(candidates, (value) => {
        expect(isHashHex(value)).toBe(typeof value === 'string' && /^[0-9a-f]{64}$/.test(value));
      }),
      { numRuns: 300 },
    );
  });
});
