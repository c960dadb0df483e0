import type { Row, RowChange } from '../readSide/rows';
import type { ProjectedEvent, Projection, RowRef, RowView } from './projection';

/** Rows known to the runner: a loaded row, or `null` when the store has no row with that key. */
export type RowCache = Map<string, Map<string, Row | null>>;

/** Thrown inside `apply` when it reads a row that was not loaded; never escapes the applier. */
class RowNotLoaded {
  constructor(readonly ref: RowRef) {}
}

/** The outcome of advancing a batch: done with its collapsed changes, or waiting for rows to load. */
export type BatchProgress =
  | { readonly kind: 'done'; readonly changes: ReadonlyArray<RowChange> }
  | { readonly kind: 'needs'; readonly refs: ReadonlyArray<RowRef> };

const lookup = (rows: RowCache, table: string, key: string): Row | null | undefined => rows.get(table)?.get(key);

const remember = (rows: RowCache, table: string, key: string, row: Row | null): void => {
  let byKey = rows.get(table);
  if (byKey === undefined) {
    byKey = new Map();
    rows.set(table, byKey);
  }
  byKey.set(key, row);
};

/**
 * Applies a batch of events with a projection, over the rows loaded so far plus the batch's own
 * writes. When an event reads a row that is not loaded, `advance` stops and names it; after the
 * caller loads it, `advance` resumes at that event (apply is pure, so running it again is safe).
 * The changes are collapsed: one final write (upsert or delete) per row.
 */
export const createBatchApplier = (projection: Projection, events: ReadonlyArray<ProjectedEvent>, loaded: RowCache) => {
  const written: RowCache = new Map();
  const keyOf = (table: string, row: Row): string => {
    const spec = projection.tables.find((t) => t.name === table);
    if (spec === undefined) throw new Error(`Projection ${projection.name} wrote to unknown table ${table}`);
    const key = row[spec.key];
    if (typeof key !== 'string') throw new Error(`Projection ${projection.name} wrote a ${table} row without a text key ${spec.key}`);
    return key;
  };
  const view: RowView = {
    get(table, key) {
      const own = lookup(written, table, key);
      if (own !== undefined) return own ?? undefined;
      const stored = lookup(loaded, table, key);
      if (stored !== undefined) return stored ?? undefined;
      throw new RowNotLoaded({ table, key });
    },
  };
  let next = 0;
  return {
    /** The rows the projection says it will read for the remaining events that are not loaded yet. */
    hintedRefs(): ReadonlyArray<RowRef> {
      const refs: RowRef[] = [];
      const seen = new Set<string>();
      for (const event of events.slice(next)) {
        for (const ref of projection.reads?.(event) ?? []) {
          const id = `${ref.table}\u0000${ref.key}`;
          if (seen.has(id) || lookup(loaded, ref.table, ref.key) !== undefined || lookup(written, ref.table, ref.key) !== undefined) continue;
          seen.add(id);
          refs.push(ref);
        }
      }
      return refs;
    },
    /** Applies events until the batch is done or a row is missing. */
    advance(): BatchProgress {
      while (next < events.length) {
        const event = events[next]!;
        let changes: ReadonlyArray<RowChange>;
        try {
          changes = projection.apply(view, event);
        } catch (error) {
          if (error instanceof RowNotLoaded) return { kind: 'needs', refs: [error.ref] };
          throw error;
        }
        for (const change of changes) {
          if (change.op === 'upsert') remember(written, change.table, keyOf(change.table, change.row), change.row);
          else remember(written, change.table, change.key, null);
        }
        next += 1;
      }
      const changes: RowChange[] = [];
      for (const [table, byKey] of written) {
        for (const [key, row] of byKey) changes.push(row === null ? { op: 'delete', table, key } : { op: 'upsert', table, row });
      }
      return { kind: 'done', changes };
    },
    /** The rows as they will be after the batch commits (to refresh the caller's cache). */
    written(): RowCache {
      return written;
    },
  };
};

/** Records loaded rows (and absent keys as `null`) in a cache. */
export const rememberLoaded = (cache: RowCache, table: string, keys: ReadonlyArray<string>, rows: ReadonlyMap<string, Row>): void => {
  for (const key of keys) remember(cache, table, key, rows.get(key) ?? null);
};

/** Merges a committed batch's rows into a cache. */
export const mergeWritten = (cache: RowCache, written: RowCache): void => {
  for (const [table, byKey] of written) for (const [key, row] of byKey) remember(cache, table, key, row);
};

/** Number of rows a cache holds. */
export const cacheSize = (cache: RowCache): number => {
  let size = 0;
  for (const byKey of cache.values()) size += byKey.size;
  return size;
};
