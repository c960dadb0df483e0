import fc from 'fast-check';
import { v5 as uuidv5, validate as isUuid, version as uuidVersion } from 'uuid';
import { deterministicId, DISPUTEKIT_ID_NAMESPACE, eventIdFor } from './eventIds';

describe('eventIdFor', () => {
  it('is a uuid v5, the same for the same command and index', () => {
    const id = eventIdFor('cmd-1', 0);
    expect(isUuid(id)).toBe(true);
    expect(uuidVersion(id)).toBe(5);
    expect(eventIdFor('cmd-1', 0)).toBe(id);
  });

  it('differs between indices and commands', () => {
    const ids = ['a', 'b', 'a/1'].flatMap((c) => [0, 1, 2].map((i) => eventIdFor(c, i)));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is pinned: stored ids must be derivable again by every future version', () => {
    expect(DISPUTEKIT_ID_NAMESPACE).toBe('39f53a4e-d22a-46ff-814a-bd858eb70afd');
    expect(eventIdFor('cmd-1', 0)).toBe(deterministicId('cmd-1/0'));
    expect(eventIdFor('cmd-1', 0)).toBe('dc15ad7c-0344-58df-9ead-5b239fc46c43');
  });
});

describe('deterministicId', () => {
  it('equals the uuid package v5 under the same namespace, for any name (ASCII, non-ASCII, long, empty)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ minLength: 100, maxLength: 2_000 })), (name) => {
        expect(deterministicId(name)).toBe(uuidv5(name, DISPUTEKIT_ID_NAMESPACE));
      }),
      { numRuns: 500 },
    );
  });
});

describe('deterministicId on a Node without crypto.hash (before 20.12)', () => {
  it('falls back to createHash and gives the same ids', () => {
    jest.isolateModules(() => {
      const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
      const createHash = jest.fn(actual.createHash);
      jest.doMock('node:crypto', () => ({ ...actual, hash: undefined, createHash }));
      const fallback = (require('./eventIds') as typeof import('./eventIds')).deterministicId;
      expect(fallback).not.toBe(deterministicId);
      for (const name of ['', 'cmd-1/0', 'é – 争议 🧾']) expect(fallback(name)).toBe(uuidv5(name, DISPUTEKIT_ID_NAMESPACE));
      expect(createHash).toHaveBeenCalledTimes(3);
    });
    jest.dontMock('node:crypto');
  });
});
