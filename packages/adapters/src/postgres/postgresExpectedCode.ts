import type { ExpectedVersion } from '@disputekit/core';

/** How the append functions take an expected version: NULL for any, -1 for an existing stream, else the exact count (0: no stream). */
export const expectedCode = (expected: ExpectedVersion): number | null => {
  switch (expected) {
    case 'any':
      return null;
    case 'stream_exists':
      return -1;
    case 'no_stream':
      return 0;
    default:
      return expected;
  }
};
