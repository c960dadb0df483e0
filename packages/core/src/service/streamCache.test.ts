import { initialState } from '../dispute/state';
import { disputeStreamId } from '../eventStore/eventStore';
import type { DisputeStream } from './disputeStream';
import { createStreamCache, DEFAULT_STREAM_CACHE_SIZE } from './streamCache';

/** A cache entry: only the stream id and version matter to the cache. */
const entry = (disputeId: string, version: number): DisputeStream => ({ streamId: disputeStreamId(disputeId), records: [], state: initialState, version });

const id = (disputeId: string) => disputeStreamId(disputeId);

describe('createStreamCache', () => {
  it('keeps at most `capacity` streams, evicting the least recently used (a get counts as a use)', () => {
    const cache = createStreamCache(2);
    cache.set(entry('a', 1));
    cache.set(entry('b', 1));
    expect(cache.get(id('a'))?.version).toBe(1);
    cache.set(entry('c', 1));
    expect(cache.size).toBe(2);
    expect(cache.get(id('b'))).toBeUndefined();
    expect(cache.get(id('a'))?.version).toBe(1);
    expect(cache.get(id('c'))?.version).toBe(1);
  });

  it('replaces an entry with a later or equal version, never with an earlier one', () => {
    const cache = createStreamCache(4);
    cache.set(entry('a', 3));
    cache.set(entry('a', 2));
    expect(cache.get(id('a'))?.version).toBe(3);
    const same = entry('a', 3);
    cache.set(same);
    expect(cache.get(id('a'))).toBe(same);
    cache.set(entry('a', 5));
    expect(cache.get(id('a'))?.version).toBe(5);
    expect(cache.size).toBe(1);
  });

  it('forgets a deleted stream', () => {
    const cache = createStreamCache(4);
    cache.set(entry('a', 1));
    cache.delete(id('a'));
    expect(cache.get(id('a'))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps nothing with capacity 0, and never keeps a stream that does not exist yet', () => {
    const off = createStreamCache(0);
    off.set(entry('a', 1));
    expect(off.get(id('a'))).toBeUndefined();
    const cache = createStreamCache(4);
    cache.set(entry('a', 0));
    expect(cache.size).toBe(0);
  });

  it('stays within its bound under many streams', () => {
    const cache = createStreamCache(DEFAULT_STREAM_CACHE_SIZE);
    for (let i = 0; i < DEFAULT_STREAM_CACHE_SIZE * 3; i++) cache.set(entry(`d${i}`, 1));
    expect(cache.size).toBe(DEFAULT_STREAM_CACHE_SIZE);
    expect(cache.get(id(`d${DEFAULT_STREAM_CACHE_SIZE * 2 - 1}`))).toBeUndefined();
    expect(cache.get(id(`d${DEFAULT_STREAM_CACHE_SIZE * 2}`))?.version).toBe(1);
  });

  it('refuses an invalid capacity', () => {
    for (const capacity of [-1, 0.5, Number.NaN]) expect(() => createStreamCache(capacity)).toThrow(RangeError);
  });
});
