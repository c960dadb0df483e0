import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, type HandleError } from '@disputekit/core';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { openDispute, postMessage } from '../testing/service/commandJson';
import { tempDirectory } from '../testing/service/tempFiles';

// The example of docs/service.md, as written there (only the file name differs).
const dir = tempDirectory('guide');
const service = createDisputeService({ store: createSqliteEventStore({ filename: dir.file('disputes.db') }) });

/** What an HTTP status each kind of error deserves. */
const statusOf = (error: HandleError): number =>
  error._tag === 'ValidationError' ? 400
  : error._tag === 'StoreUnavailable' || error._tag === 'StoreClosed' ? 503
  : error._tag === 'ConcurrencyConflict' ? 409
  : error._tag === 'CorruptEvent' ? 500
  : 422; // a broken process rule or order rule: the message says which

/** The core of a `POST /commands` handler: the command JSON in, a status and a body out. */
const postCommand = async (body: unknown) => {
  const result = await service.handle(body);
  return E.isLeft(result)
    ? { status: statusOf(result.left), body: { error: result.left._tag, message: result.left.message } }
    : { status: 200, body: { status: result.right.state.status, version: result.right.version, repeated: result.right.alreadyApplied } };
};

describe('the example of docs/service.md', () => {
  afterAll(() => dir.remove());

  it('answers commands as an HTTP handler would', async () => {
    const open = openDispute({ disputeId: 'd1', orderId: 'o1', commandId: 'c1' });
    expect(await postCommand(open)).toEqual({ status: 200, body: { status: 'AWAITING_SELLER', version: 1, repeated: false } });
    expect(await postCommand(open)).toEqual({ status: 200, body: { status: 'AWAITING_SELLER', version: 1, repeated: true } });
    expect(await postCommand({ type: 'OpenDispute' })).toMatchObject({ status: 400, body: { error: 'ValidationError' } });
    expect(await postCommand(openDispute({ disputeId: 'd2', orderId: 'o1', commandId: 'c2' }))).toMatchObject({ status: 422, body: { error: 'OrderHasOpenDispute' } });
    expect(await postCommand(postMessage({ disputeId: 'd1', orderId: 'o1', commandId: 'c3', by: 'seller' }))).toMatchObject({ status: 200, body: { version: 2 } });
    const loaded = await service.load('d1');
    expect(E.isRight(loaded) && loaded.right.version).toBe(2);
  });
});
