import type { ExpectedVersion } from '@disputekit/core';

/** Whether a stream holding `actual` events satisfies `expected` (0 and `'no_stream'` mean empty). */
export const satisfiesExpectedVersion = (expected: ExpectedVersion, actual: number): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'stream_exists':
      return actual > 0;
    default:
      return actual === expected;
  }
};

/** Whether `expected` pins the stream to one exact version (a number or `'no_stream'`). */
export const isExactExpectedVersion = (expected: ExpectedVersion): expected is number | 'no_stream' =>
  typeof expected === 'number' || expected === 'no_stream';
