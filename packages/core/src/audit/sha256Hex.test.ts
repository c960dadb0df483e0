import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sha256Hex } from './sha256Hex';

describe('sha256Hex', () => {
  it('is the SHA-256 of the UTF-8 bytes in lower-case hex, as createHash gives it', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 500 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('sha256Hex on a Node without crypto.hash (before 20.12)', () => {
  it('falls back to createHash and gives the same digests', () => {
    jest.isolateModules(() => {
      const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
      const createHash = jest.fn(actual.createHash);
      jest.doMock('node:crypto', () => ({ ...actual, hash: undefined, createHash }));
      const fallback = (require('./sha256Hex') as typeof import('./sha256Hex')).sha256Hex;
      expect(fallback).not.toBe(sha256Hex);
      for (const text of ['', 'dispute', 'é – 争议 🧾']) expect(fallback(text)).toBe(sha256Hex(text));
      expect(createHash).toHaveBeenCalledTimes(3);
    });
    jest.dontMock('node:crypto');
  });
});
