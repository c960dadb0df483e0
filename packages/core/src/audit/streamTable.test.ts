import { GENESIS_HASH } from './eventHash';
import { sha256Hex } from './sha256Hex';
import { StreamTable } from './streamTable';
import { createChainVerifier } from './verifyChain';
import { interleave, silentSeller, storedHistory } from '../testing/internal/storedHistories';

describe('StreamTable', () => {
  it('numbers streams in the order first seen, and starts each at version 0 with the genesis hash', () => {
    const table = new StreamTable();
    expect([table.slot('a'), table.slot('b'), table.slot('a')]).toEqual([0, 1, 0]);
    expect(table.find('c')).toBeUndefined();
    expect(table.size).toBe(2);
    expect([table.version(1), table.hash(1), table.broken(1), table.tag(1)]).toEqual([0, GENESIS_HASH, false, 0]);
    expect(table.hashIs(1, GENESIS_HASH)).toBe(true);
  });

  it('keeps a hash as bytes and gives back the same 64 hex digits, and tells any other hash apart', () => {
    const table = new StreamTable();
    const slot = table.slot('s');
    const hash = sha256Hex('an event');
    table.advance(slot, 7, hash);
    expect(table.version(slot)).toBe(7);
    expect(table.hash(slot)).toBe(hash);
    expect(table.hashIs(slot, hash)).toBe(true);
    // Each single hex digit changed, at every position.
    for (let i = 0; i < 64; i++) {
      const other = `${hash.slice(0, i)}${hash[i] === 'f' ? '0' : 'f'}${hash.slice(i + 1)}`;
      expect(table.hashIs(slot, other)).toBe(false);
    }
  });

  it('keeps every stream intact when it grows past its first capacity', () => {
    const table = new StreamTable();
    const count = 5_000;
    for (let i = 0; i < count; i++) {
      const slot = table.slot(`stream-${i}`);
      table.advance(slot, i + 1, sha256Hex(String(i)));
      table.setTag(slot, i % 7);
      if (i % 3 === 0) table.markBroken(slot);
    }
    expect(table.size).toBe(count);
    for (let i = 0; i < count; i++) {
      const slot = table.find(`stream-${i}`)!;
      expect([slot, table.version(slot), table.hash(slot), table.tag(slot), table.broken(slot)]).toEqual([i, i + 1, sha256Hex(String(i)), i % 7, i % 3 === 0]);
    }
    expect([...table.entries()].slice(0, 2)).toEqual([
      ['stream-0', 0],
      ['stream-1', 1],
    ]);
  });

  it('backs a chain verifier over thousands of interleaved streams, with the same heads as the events', () => {
    const streams = Array.from({ length: 1_500 }, (_, i) => storedHistory(silentSeller(`t${i}`)));
    const verifier = createChainVerifier();
    interleave(...streams).forEach((event) => expect(verifier.push(event)).toBeUndefined());
    expect(verifier.result()).toMatchObject({ ok: true, streams: 1_500 });
    const heads = [...verifier.heads()];
    expect(heads).toHaveLength(1_500);
    expect(heads[1_499]).toEqual({ streamId: 'dispute-t1499', version: streams[1_499]!.length, hash: streams[1_499]!.at(-1)!.metadata['hash'] });
  });
});
