import * as E from 'fp-ts/lib/Either.js';
import type { CheckpointStore } from '../readSide/checkpointStore';
import type { ReadModelError } from '../readSide/readModelErrors';
import type { ProjectionTarget, ReadModelStore } from '../readSide/readModelStore';
import type { Row, RowQuery } from '../readSide/rows';

/** A page of query results. */
export interface Page<T> {
  readonly items: ReadonlyArray<T>;
  /** Rows matching the query, on every page. */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** Paging of a query: page size (default 50, at most 1,000) and rows to skip. */
export interface PageRequest {
  readonly limit?: number;
  readonly offset?: number;
}

/** Where read-model queries read from. */
export type ReadModelSource = ReadModelStore & CheckpointStore;

/** The generation of a projection that serves queries now (generation 1 before the runner's first start). */
export const activeTarget = async (source: ReadModelSource, projection: string): Promise<E.Either<ReadModelError, ProjectionTarget>> => {
  const entry = await source.readCatalog(projection);
  return E.isLeft(entry) ? entry : E.right({ projection, generation: entry.right?.active.generation ?? 1 });
};

/**
 * Runs a query on the active generation. If it fails because a rebuild swapped generations under
 * it (the old tables were dropped between reading the catalog and the query), it is retried once.
 */
export const queryActive = async (
  source: ReadModelSource,
  projection: string,
  table: string,
  query: RowQuery,
): Promise<E.Either<ReadModelError, ReadonlyArray<Row>>> => {
  for (let attempt = 0; ; attempt += 1) {
    const target = await activeTarget(source, projection);
    if (E.isLeft(target)) return target;
    const rows = await source.query(target.right, table, query);
    if (E.isRight(rows) || attempt > 0) return rows;
  }
};

/** Counts rows on the active generation (retried once, like `queryActive`). */
export const countActive = async (
  source: ReadModelSource,
  projection: string,
  table: string,
  where: RowQuery['where'],
): Promise<E.Either<ReadModelError, number>> => {
  for (let attempt = 0; ; attempt += 1) {
    const target = await activeTarget(source, projection);
    if (E.isLeft(target)) return target;
    const count = await source.count(target.right, table, where);
    if (E.isRight(count) || attempt > 0) return count;
  }
};

/** Runs a paged query: the page's rows and the total count. */
export const pagedQuery = async <T>(
  source: ReadModelSource,
  projection: string,
  table: string,
  query: Omit<RowQuery, 'limit' | 'offset'>,
  page: PageRequest = {},
): Promise<E.Either<ReadModelError, Page<T>>> => {
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? 50), 0), 1_000);
  const offset = Math.max(Math.trunc(page.offset ?? 0), 0);
  const rows = await queryActive(source, projection, table, { ...query, limit, offset });
  if (E.isLeft(rows)) return rows;
  const total = await countActive(source, projection, table, query.where);
  if (E.isLeft(total)) return total;
  return E.right({ items: rows.right as ReadonlyArray<T>, total: total.right, limit, offset });
};
