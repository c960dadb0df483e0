import * as E from 'fp-ts/lib/Either.js';
import { duplicateEvent, wrongExpectedVersion, type AppendResult, type ExpectedVersion, type NewEvent, type StoreError, type StreamId } from '@disputekit/core';
import { checkAppendArguments, firstRepeatedEventId } from '../internal/arguments';
import { isExactExpectedVersion, satisfiesExpectedVersion } from '../internal/expectedVersion';
import { toJsonText } from '../internal/storedEvent';
import type { PgQueryable } from './postgresClient';
import { expectedCode } from './postgresAppendCodes';
import { appendInBatch } from './postgresBatchedAttempt';
import { isConnectionBroken, uniqueViolation } from './postgresErrors';
import { currentVersion, giveBackPositionLock, refuseWrite, Rejected, run, type PostgresStoreContext } from './postgresStoreContext';

/** How often an append with `'any'` or `'stream_exists'` retries after losing a race for the next version. */
export const RACE_RETRIES = 10;

/** One append's stream, events, expected version and encoded [data, metadata] texts. */
interface OneAppend {
  readonly streamId: StreamId;
  readonly events: ReadonlyArray<NewEvent>;
  readonly expectedVersion: ExpectedVersion;
  readonly encoded: ReadonlyArray<[string, string]>;
}

/** Answers a unique violation of `append_events`: a lost race, `WrongExpectedVersion` or `DuplicateEvent`; anything else is rethrown. */
const answerConflict = async (ctx: PostgresStoreContext, client: PgQueryable, append: OneAppend, error: unknown): Promise<'lost race'> => {
  const { streamId, events, expectedVersion } = append;
  const violation = uniqueViolation(error);
  if (violation?.rule === 'event_id') {
    // A lost race first (another writer took the version meanwhile, with its own copy of an
    // event id), as every store reports the version first; only then a true repeat.
    if (isExactExpectedVersion(expectedVersion)) {
      const actual = await currentVersion(ctx, client, streamId);
      if (!satisfiesExpectedVersion(expectedVersion, actual)) throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, actual));
    }
    const eventId = violation.eventId ?? events.find((event) => event.metadata.eventId)?.metadata.eventId ?? '';
    throw new Rejected(duplicateEvent(streamId, eventId));
  }
  if (violation?.rule === 'stream_version') {
    if (!isExactExpectedVersion(expectedVersion)) return 'lost race';
    throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, await currentVersion(ctx, client, streamId)));
  }
  // Any other failure may have struck while the statement held the position lock.
  await giveBackPositionLock(ctx, client, error);
  throw error;
};

/**
 * One attempt at an append: one statement, `append_events`, which is its own transaction. It
 * checks the expected version, reserves positions under the position lock, releases the lock and
 * inserts, so the lock is never held while the server waits for this process.
 */
const appendOnce = async (ctx: PostgresStoreContext, client: PgQueryable, append: OneAppend): Promise<AppendResult | 'lost race'> => {
  const { streamId, events, expectedVersion, encoded } = append;
  try {
    const { rows } = await client.query(ctx.sql.append, [
      streamId,
      expectedCode(expectedVersion),
      events.map((event) => event.metadata.eventId),
      events.map((event) => event.type),
      encoded.map(([data]) => data),
      encoded.map(([, metadata]) => metadata),
    ]);
    const row = rows[0] as { ok: boolean; actualVersion: number; lastPosition: string | null };
    if (!row.ok) throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, row.actualVersion));
    return { nextExpectedVersion: row.actualVersion + events.length, lastGlobalPosition: Number(row.lastPosition ?? 0) };
  } catch (error) {
    if (error instanceof Rejected) throw error;
    return answerConflict(ctx, client, append, error);
  }
};

/** Appends to one stream (`EventStore.appendToStream`), retrying a lost race for a version with `'any'` or `'stream_exists'`. */
export const appendToStream = async (ctx: PostgresStoreContext, streamId: StreamId, events: ReadonlyArray<NewEvent>, appendOptions: { readonly expectedVersion: ExpectedVersion }): Promise<E.Either<StoreError, AppendResult>> => {
  checkAppendArguments(streamId, events, appendOptions);
  if (ctx.options.readOnly === true) return refuseWrite(ctx);
  const { expectedVersion } = appendOptions;
  const repeated = firstRepeatedEventId(events);
  const encoded = events.map((event, index): [string, string] => [toJsonText(event.data, `the data of event ${index}`), toJsonText(event.metadata, `the metadata of event ${index}`)]);
  const append: OneAppend = { streamId, events, expectedVersion, encoded };
  const result = await run(ctx, 'append', async (db) => {
    // With group commit the first attempt joins a batch; a lost race is retried alone, below.
    const groupCommit = repeated === undefined && events.length > 0 ? ctx.groupCommit : undefined;
    if (groupCommit !== undefined) {
      const outcome = await appendInBatch(groupCommit, db, [{ streamId, events, expectedVersion }], [encoded], (client, error) => answerConflict(ctx, client, append, error));
      if (outcome !== 'lost race') return outcome[0]!;
    }
    return db.withConnection(async (client) => {
      if (repeated !== undefined) {
        // Report the version first, as every store does; then the repeated id.
        const actual = await currentVersion(ctx, client, streamId);
        if (!satisfiesExpectedVersion(expectedVersion, actual)) throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, actual));
        throw new Rejected(duplicateEvent(streamId, repeated));
      }
      for (let attempt = groupCommit === undefined ? 1 : 2; ; attempt += 1) {
        if (attempt > RACE_RETRIES) throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, await currentVersion(ctx, client, streamId)));
        const outcome = await appendOnce(ctx, client, append);
        if (outcome !== 'lost race') return outcome;
      }
    }, isConnectionBroken);
  });
  if (E.isRight(result) && events.length > 0) ctx.notifier.notify();
  return result;
};
