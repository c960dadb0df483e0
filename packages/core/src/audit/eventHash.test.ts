import fc from 'fast-check';
import { chainMetadata, chainNewEvents, eventHash, GENESIS_HASH, headHashOf, isHashHex, type HashedEvent } from './eventHash';

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

  it('does not cover recordedAt (the store clock), so a repaired append hashes the same', () => {
    const later = newEvents.map((e) => ({ ...e, metadata: { ...e.metadata, recordedAt: '2030-01-01T00:00:00.000Z' } }));
    const head = { streamId: 'dispute-d1', version: 0, hash: GENESIS_HASH };
    expect(chainNewEvents(head, later).map((e) => e.metadata['hash'])).toEqual(chainNewEvents(head, newEvents).map((e) => e.metadata['hash']));
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
