import type * as E from 'fp-ts/lib/Either.js';
import type { ReadModelError } from './readModelErrors';
import type { ParkedStream } from './parkedStreams';
import type { Row, RowChange, RowQuery, TableSpec } from './rows';

/**
 * One physical copy of a projection's tables. A rebuild writes a new generation beside the one
 * that serves queries, then makes it the active one.
 */
export interface ProjectionTarget {
  readonly projection: string;
  readonly generation: number;
}

/** A batch to commit: the row changes and the checkpoint move `from → to`, in one transaction. */
export interface CommitBatch {
  readonly changes: ReadonlyArray<RowChange>;
  /** The checkpoint the writer read; the commit fails with `CheckpointConflict` if it moved. */
  readonly from: number;
  /** The global position of the last event the batch covers. */
  readonly to: number;
  /** Streams parked by this batch (their bad event lies within it), stored in the same transaction. */
  readonly parked?: ReadonlyArray<ParkedStream>;
}

/**
 * Where projections keep their rows. `commit` writes the changes and moves the checkpoint in ONE
 * transaction, compare-and-set on the checkpoint, so a batch is applied entirely or not at all and
 * two writers can never both apply it.
 */
export interface ReadModelStore {
  /** Creates the generation's tables if missing (idempotent). */
  prepare(target: ProjectionTarget, tables: ReadonlyArray<TableSpec>): Promise<E.Either<ReadModelError, void>>;
  /** Drops the generation's tables, its checkpoint and its parked streams (idempotent). */
  drop(target: ProjectionTarget, tables: ReadonlyArray<TableSpec>): Promise<E.Either<ReadModelError, void>>;
  /** Reads the rows with these keys; missing keys are absent from the map. */
  load(target: ProjectionTarget, table: string, keys: ReadonlyArray<string>): Promise<E.Either<ReadModelError, ReadonlyMap<string, Row>>>;
  /** Applies the changes and moves the checkpoint atomically (compare-and-set on `from`). */
  commit(target: ProjectionTarget, batch: CommitBatch): Promise<E.Either<ReadModelError, void>>;
  /** Reads rows of one table. */
  query(target: ProjectionTarget, table: string, query?: RowQuery): Promise<E.Either<ReadModelError, ReadonlyArray<Row>>>;
  /** Counts the rows of one table matching `where`. */
  count(target: ProjectionTarget, table: string, where?: RowQuery['where']): Promise<E.Either<ReadModelError, number>>;
  /** Releases connections. */
  close(): Promise<void>;
}
