import * as E from 'fp-ts/lib/Either.js';
import { duplicateEvent, wrongExpectedVersion, type AppendResult, type StoreError, type StreamAppend } from '@disputekit/core';
import { checkMultiAppendArguments, firstRepeatedEventIdAcross } from '../internal/arguments';
import { satisfiesExpectedVersion } from '../internal/expectedVersion';
import { toJsonText } from '../internal/storedEvent';
import type { PgQueryable } from './postgresClient';
import { isConnectionBroken, uniqueViolation } from './postgresErrors';
import { RACE_RETRIES } from './postgresAppendOne';
import { appendResultsOf, expectedCode } from './postgresAppendCodes';
import { appendInBatch } from './postgresBatchedAttempt';
import { currentVersion, giveBackPositionLock, refuseWrite, Rejected, run, type PostgresStoreContext } from './postgresStoreContext';

/** Throws `WrongExpectedVersion` for the first part whose stream is not at its expected version. */
const rejectStaleParts = async (ctx: PostgresStoreContext, client: PgQueryable, appends: ReadonlyArray<StreamAppend>): Promise<void> => {
  for (const part of appends) {
    const actual = await currentVersion(ctx, client, part.streamId);
    if (!satisfiesExpectedVersion(part.expectedVersion, actual)) throw new Rejected(wrongExpectedVersion(part.streamId, part.expectedVersion, actual));
  }
};

/** Answers a unique violation of `append_to_streams`: a lost race, `WrongExpectedVersion` or `DuplicateEvent`; anything else is rethrown. */
const answerConflict = async (ctx: PostgresStoreContext, client: PgQueryable, appends: ReadonlyArray<StreamAppend>, error: unknown): Promise<'lost race'> => {
  const violation = uniqueViolation(error);
  if (violation?.rule === 'event_id') {
    // A lost race is told from a true repeat: when another writer moved one of the streams
    // meanwhile (its events share an id with ours, such as an order guard's release), this is
    // that writer's win, `WrongExpectedVersion`, and the caller re-decides.
    await rejectStaleParts(ctx, client, appends);
    const eventId = violation.eventId ?? '';
    const streamId = appends.find((part) => part.events.some((event) => event.metadata.eventId === eventId))?.streamId ?? appends[0]!.streamId;
    throw new Rejected(duplicateEvent(streamId, eventId));
  }
  if (violation?.rule === 'stream_version') {
    await rejectStaleParts(ctx, client, appends);
    return 'lost race';
  }
  await giveBackPositionLock(ctx, client, error);
  throw error;
};

/**
 * One attempt at a multi-stream append: one statement, `append_to_streams` (see `appendOnce`). A
 * lost race for a version (only possible with `'any'` or `'stream_exists'`) is answered as such;
 * with exact expected versions it is the other writer's win: `WrongExpectedVersion`.
 */
const appendManyOnce = async (
  ctx: PostgresStoreContext,
  client: PgQueryable,
  appends: ReadonlyArray<StreamAppend>,
  encoded: ReadonlyArray<ReadonlyArray<[string, string]>>,
): Promise<ReadonlyArray<AppendResult> | 'lost race'> => {
  const events = appends.flatMap((part, index) => part.events.map((event) => ({ part: index + 1, event })));
  try {
    const { rows } = await client.query(ctx.sql.appendMany, [
      appends.map((part) => part.streamId),
      appends.map((part) => expectedCode(part.expectedVersion)),
      events.map(({ part }) => part),
      events.map(({ event }) => event.metadata.eventId),
      events.map(({ event }) => event.type),
      encoded.flatMap((part) => part.map(([data]) => data)),
      encoded.flatMap((part) => part.map(([, metadata]) => metadata)),
    ]);
    const row = rows[0] as { failedPart: number | null; actualVersions: number[]; lastPositions: Array<string | null> | null };
    if (row.failedPart !== null) {
      const failed = appends[row.failedPart - 1]!;
      throw new Rejected(wrongExpectedVersion(failed.streamId, failed.expectedVersion, row.actualVersions[row.failedPart - 1] ?? 0));
    }
    return appendResultsOf(appends, row.actualVersions, row.lastPositions);
  } catch (error) {
    if (error instanceof Rejected) throw error;
    return answerConflict(ctx, client, appends, error);
  }
};

/** Appends to several streams in one transaction (`EventStore.appendToStreams`), retrying a lost race. */
export const appendToStreams = async (ctx: PostgresStoreContext, appends: ReadonlyArray<StreamAppend>): Promise<E.Either<StoreError, ReadonlyArray<AppendResult>>> => {
  checkMultiAppendArguments(appends);
  if (ctx.options.readOnly === true) return refuseWrite(ctx);
  const repeated = firstRepeatedEventIdAcross(appends);
  const encoded = appends.map((part) =>
    part.events.map((event, index): [string, string] => [
      toJsonText(event.data, `the data of event ${index} of ${part.streamId}`),
      toJsonText(event.metadata, `the metadata of event ${index} of ${part.streamId}`),
    ]),
  );
  const result = await run(ctx, 'append', async (db) => {
    // With group commit the first attempt joins a batch; a lost race is retried alone, below.
    const groupCommit = repeated === undefined ? ctx.groupCommit : undefined;
    if (groupCommit !== undefined) {
      const outcome = await appendInBatch(groupCommit, db, appends, encoded, (client, error) => answerConflict(ctx, client, appends, error));
      if (outcome !== 'lost race') return outcome;
    }
    return db.withConnection(async (client) => {
      if (repeated !== undefined) {
        // Report the versions first, as every store does; then the repeated id.
        await rejectStaleParts(ctx, client, appends);
        throw new Rejected(duplicateEvent(repeated.streamId, repeated.eventId));
      }
      for (let attempt = groupCommit === undefined ? 1 : 2; ; attempt += 1) {
        if (attempt > RACE_RETRIES) {
          const first = appends[0]!;
          throw new Rejected(wrongExpectedVersion(first.streamId, first.expectedVersion, await currentVersion(ctx, client, first.streamId)));
        }
        const outcome = await appendManyOnce(ctx, client, appends, encoded);
        if (outcome !== 'lost race') return outcome;
      }
    }, isConnectionBroken);
  });
  if (E.isRight(result)) ctx.notifier.notify();
  return result;
};
