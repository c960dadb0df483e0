import fc from 'fast-check';
import { canonicalJson } from '../audit/canonicalJson';
import { encodeCommand, encodeEvent } from '../dispute/parse';
import { anyCommandArb, anyEventArb } from '../testing/arbitraries';

/**
 * `struct` encodes fields in sorted key order, so that an encoded event is already in canonical key
 * order and the hash chain's `canonicalJson` never sorts. Pinned here for every event and command
 * type: plain `JSON.stringify` of the encoding must be exactly its canonical JSON.
 */
describe('encoded events and commands are in canonical key order', () => {
  it('every event type', () => {
    fc.assert(
      fc.property(anyEventArb, (event) => {
        const encoded = encodeEvent(event);
        expect(JSON.stringify(encoded)).toBe(canonicalJson(encoded));
      }),
      { numRuns: 500 },
    );
  });

  it('every command type', () => {
    fc.assert(
      fc.property(anyCommandArb, (command) => {
        const encoded = encodeCommand(command);
        expect(JSON.stringify(encoded)).toBe(canonicalJson(encoded));
      }),
      { numRuns: 500 },
    );
  });
});
