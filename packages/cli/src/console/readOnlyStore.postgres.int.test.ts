import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, fixedClock } from '@disputekit/core';
import * as f from '@disputekit/core/testing';
import { openStore } from '../storeUrl';
import { describeWithPostgres, dropTestSchemas, freshSchema } from '@disputekit/adapters/testRun';
import { storeUrlFor } from '../testing/postgres';

/** `serve` opens PostgreSQL read-only: its sessions refuse every write, reads work. */
describeWithPostgres('openStore({ readOnly: true }) on PostgreSQL', () => {
  const schema = freshSchema('readonly');
  const url = storeUrlFor(schema);

  beforeAll(async () => {
    const writer = await openStore(url, { create: true });
    try {
      const service = createDisputeService({ store: writer.events, clock: fixedClock(f.day(30)), backoff: () => 0 });
      const handled = await service.handle(f.openNotReceived({ disputeId: 'ro-1', at: f.day(20) }));
      if (E.isLeft(handled)) throw new Error(JSON.stringify(handled.left));
    } finally {
      await writer.close();
    }
  }, 30_000);
  afterAll(() => dropTestSchemas([schema]));

  it('reads the stream and refuses an append, leaving the stream as it was', async () => {
    const store = await openStore(url, { create: false, readOnly: true });
    try {
      const before = await store.events.readStream('dispute-ro-1');
      expect(E.isRight(before) && before.right.length).toBe(1);
      const event = { type: 'MessagePosted', data: {}, metadata: { eventId: '6f1c2a3e-0000-4000-8000-000000000001', commandId: 'c-ro', recordedAt: '2026-01-01T00:00:00Z', schemaVersion: 1 } };
      const attempt = await store.events.appendToStream('dispute-ro-1', [event], { expectedVersion: 'any' }).catch((error: unknown) => ({ _tag: 'Thrown', error }));
      expect(attempt).toMatchObject({ _tag: 'Left', left: { message: expect.stringMatching(/read-only/) } });
      const after = await store.events.readStream('dispute-ro-1');
      expect(E.isRight(after) && after.right.length).toBe(1);
    } finally {
      await store.close();
    }
  });
});
