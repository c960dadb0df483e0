import type { AppendResult, StreamAppend } from '@disputekit/core';
import { appendResultsOf, expectedCode } from './postgresAppendCodes';
import type { PgQueryable } from './postgresClient';
import type { PostgresConnection } from './postgresConnection';
import { isConnectionBroken } from './postgresErrors';

/** The most appends one batch may hold: each is a subtransaction, and PostgreSQL caches 64 of them per transaction. */
export const MAX_GROUP_COMMIT_APPENDS = 64;

/** The default number of appends a batch takes from the queue. */
export const DEFAULT_GROUP_COMMIT_APPENDS = 32;

/** Options of group commit (`createPostgresEventStore({ groupCommit })`). */
export interface GroupCommitOptions {
  /** The most appends one transaction takes (1 to 64, default 32). */
  readonly maxAppends?: number;
}

/** One append offered to a batch: its parts (one stream, or the streams of `appendToStreams`) with their events encoded as [data, metadata] texts. */
export interface BatchedAppend {
  readonly parts: ReadonlyArray<StreamAppend>;
  readonly encoded: ReadonlyArray<ReadonlyArray<readonly [string, string]>>;
}

/** An error the server raised inside one append of a batch (that append alone rolled back), shaped as the driver reports errors. */
export interface BatchedAppendError extends Error {
  readonly code: string;
  readonly constraint?: string;
  readonly detail?: string;
}

/** What a batch did with one append. */
export type BatchOutcome =
  /** Committed with the batch: the next expected version and last position of each part. */
  | { readonly kind: 'appended'; readonly results: ReadonlyArray<AppendResult> }
  /** Part `part` (0-based) was not at its expected version: nothing of this append was written. */
  | { readonly kind: 'wrong version'; readonly part: number; readonly actualVersion: number }
  /** The server refused this append (a unique conflict, most often); nothing of it was written, the batch's other appends were not affected. */
  | { readonly kind: 'refused'; readonly error: BatchedAppendError };

/** Queues appends and commits them in batches. */
export interface GroupCommitter {
  /** Offers an append to the next batch; resolves once that batch committed, rejects with the driver's error when the whole batch failed. */
  submit(db: PostgresConnection, append: BatchedAppend): Promise<BatchOutcome>;
}

/** One row of `append_batch`'s answer. */
interface BatchRow {
  readonly member: number;
  readonly failedPart: number | null;
  readonly actualVersions: ReadonlyArray<number>;
  readonly lastPositions: ReadonlyArray<string | null> | null;
  readonly errorState: string | null;
  readonly errorConstraint: string | null;
  readonly errorDetail: string | null;
  readonly errorMessage: string | null;
}

/** The statement that runs a batch (`append_batch`, migration 6), answering one row per append in order. */
export const appendBatchStatement = (quotedSchema: string): string =>
  `SELECT r_member AS "member", r_failed_part AS "failedPart", r_actual_versions AS "actualVersions",
          r_last_positions::text[] AS "lastPositions", r_error_state AS "errorState", r_error_constraint AS "errorConstraint",
          r_error_detail AS "errorDetail", r_error_message AS "errorMessage"
   FROM ${quotedSchema}.append_batch($1::integer[], $2::text[], $3::integer[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::text[])`;

/** The arguments of `append_batch` for a batch: parts name their append (1..m), events their part (1..n). */
const batchArguments = (appends: ReadonlyArray<BatchedAppend>): unknown[] => {
  const memberOf: number[] = [];
  const streamIds: string[] = [];
  const expected: Array<number | null> = [];
  const partOf: number[] = [];
  const eventIds: string[] = [];
  const types: string[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  appends.forEach((append, member) => {
    append.parts.forEach((part, index) => {
      memberOf.push(member + 1);
      streamIds.push(part.streamId);
      expected.push(expectedCode(part.expectedVersion));
      const partNumber = streamIds.length;
      part.events.forEach((event, eventIndex) => {
        const [eventData, eventMetadata] = append.encoded[index]![eventIndex]!;
        partOf.push(partNumber);
        eventIds.push(event.metadata.eventId);
        types.push(event.type);
        data.push(eventData);
        metadata.push(eventMetadata);
      });
    });
  });
  return [memberOf, streamIds, expected, partOf, eventIds, types, data, metadata];
};

/** An error raised inside one append (SQLSTATE `state`), as an Error with the driver's fields. */
const refusal = (row: BatchRow, state: string): BatchedAppendError =>
  Object.assign(new Error(row.errorMessage ?? `PostgreSQL refused the append (${state})`), {
    code: state,
    ...(row.errorConstraint ? { constraint: row.errorConstraint } : {}),
    ...(row.errorDetail ? { detail: row.errorDetail } : {}),
  });

/** What one row of the answer says about its append. */
const outcomeOf = (row: BatchRow, append: BatchedAppend): BatchOutcome => {
  if (row.errorState !== null) return { kind: 'refused', error: refusal(row, row.errorState) };
  if (row.failedPart !== null) return { kind: 'wrong version', part: row.failedPart - 1, actualVersion: row.actualVersions[row.failedPart - 1] ?? 0 };
  return { kind: 'appended', results: appendResultsOf(append.parts, row.actualVersions, row.lastPositions) };
};

interface Waiting {
  readonly append: BatchedAppend;
  readonly resolve: (outcome: BatchOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: appends offered while a batch is running wait and go together in the next one
 * (at most `maxAppends`), as one statement and one transaction (`append_batch`). One batch runs at
 * a time, so a lone writer's append starts at once and only concurrent appends wait (no timer).
 * `onFailure(client, error)` runs on the batch's connection when the statement fails (to give back
 * the position lock it may hold) before the failure reaches every append of the batch.
 */
export const createGroupCommitter = (
  statement: string,
  maxAppends: number,
  onFailure: (client: PgQueryable, error: unknown) => Promise<unknown>,
): GroupCommitter => {
  const queue: Waiting[] = [];
  let running = false;

  const runBatch = async (db: PostgresConnection, batch: ReadonlyArray<Waiting>): Promise<void> => {
    const appends = batch.map((waiting) => waiting.append);
    try {
      const rows = await db.withConnection(async (client) => {
        try {
          return (await client.query(statement, batchArguments(appends))).rows as ReadonlyArray<BatchRow>;
        } catch (error) {
          await onFailure(client, error);
          throw error;
        }
      }, isConnectionBroken);
      const byMember = new Map(rows.map((row) => [row.member, row]));
      batch.forEach((waiting, index) => {
        const row = byMember.get(index + 1);
        if (row === undefined) waiting.reject(new Error(`append_batch answered no row for append ${index + 1} of ${batch.length}`));
        else waiting.resolve(outcomeOf(row, waiting.append));
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  };

  const pump = (db: PostgresConnection): void => {
    if (running || queue.length === 0) return;
    running = true;
    const batch = queue.splice(0, maxAppends);
    void runBatch(db, batch).finally(() => {
      running = false;
      pump(db);
    });
  };

  return {
    submit: (db, append) =>
      new Promise<BatchOutcome>((resolve, reject) => {
        queue.push({ append, resolve, reject });
        pump(db);
      }),
  };
};

/** Checks group commit's options; throws a TypeError naming what is wrong. Answers the batch size, or undefined when off. */
export const resolveGroupCommit = (option: boolean | GroupCommitOptions | undefined): number | undefined => {
  if (option === undefined || option === false) return undefined;
  if (option === true) return DEFAULT_GROUP_COMMIT_APPENDS;
  if (option === null || typeof option !== 'object') throw new TypeError(`createPostgresEventStore: groupCommit must be true, false or { maxAppends }, got ${JSON.stringify(option)}.`);
  const maxAppends = option.maxAppends ?? DEFAULT_GROUP_COMMIT_APPENDS;
  if (!Number.isInteger(maxAppends) || maxAppends < 1 || maxAppends > MAX_GROUP_COMMIT_APPENDS) {
    throw new TypeError(`createPostgresEventStore: groupCommit.maxAppends must be an integer from 1 to ${MAX_GROUP_COMMIT_APPENDS}, got ${JSON.stringify(maxAppends)}.`);
  }
  return maxAppends;
};
