import { wrongExpectedVersion, type AppendResult, type StreamAppend } from '@disputekit/core';
import type { PgQueryable } from './postgresClient';
import type { PostgresConnection } from './postgresConnection';
import { isConnectionBroken } from './postgresErrors';
import type { BatchedAppendError, GroupCommitter } from './postgresGroupCommit';
import { Rejected } from './postgresStoreContext';

/**
 * The first attempt of an append under group commit: it joins the next batch. Answers the parts'
 * results when the batch wrote them; throws `WrongExpectedVersion` for a part not at its expected
 * version; for an append the server refused alone, answers what `answerConflict` makes of the error
 * on a connection of its own (a lost race, which the caller then retries alone, or a thrown answer).
 */
export const appendInBatch = async (
  groupCommit: GroupCommitter,
  db: PostgresConnection,
  parts: ReadonlyArray<StreamAppend>,
  encoded: ReadonlyArray<ReadonlyArray<readonly [string, string]>>,
  answerConflict: (client: PgQueryable, error: BatchedAppendError) => Promise<'lost race'>,
): Promise<ReadonlyArray<AppendResult> | 'lost race'> => {
  const outcome = await groupCommit.submit(db, { parts, encoded });
  if (outcome.kind === 'appended') return outcome.results;
  if (outcome.kind === 'wrong version') {
    const failed = parts[outcome.part]!;
    throw new Rejected(wrongExpectedVersion(failed.streamId, failed.expectedVersion, outcome.actualVersion));
  }
  return db.withConnection((client) => answerConflict(client, outcome.error), isConnectionBroken);
};
