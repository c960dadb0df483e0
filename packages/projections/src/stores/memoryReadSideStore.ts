import * as E from 'fp-ts/lib/Either.js';
import { type ProjectionCatalogEntry } from '../readSide/checkpointStore';
import { type ParkedStream } from '../readSide/parkedStreams';
import { checkpointConflict, invalidReadModelQuery, readModelClosed, type ReadModelError } from '../readSide/readModelErrors';
import type { CommitBatch, ProjectionTarget } from '../readSide/readModelStore';
import type { LeaseRequest } from '../readSide/projectionLease';
import type { Row, RowChange, RowQuery, TableSpec } from '../readSide/rows';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';
import { createMemoryNotificationStore } from './memoryNotificationStore';
import { createMemoryReactorCursors } from './memoryReactorCursors';
import { runQuery } from './rowMatching';
import { checkQuery, normalizeRow } from './tableChecks';

interface MemoryTable {
  readonly spec: TableSpec;
  rows: Map<string, Row>;
}

/** The memory store's state, shared by its operations. */
interface MemoryReadSide {
  readonly tables: Map<string, MemoryTable>;
  readonly checkpoints: Map<string, number>;
  readonly catalog: Map<string, ProjectionCatalogEntry>;
  readonly leases: Map<string, { owner: string; expiresAt: number }>;
  readonly parked: Map<string, ParkedStream[]>;
  closed: boolean;
}

const id = (t: ProjectionTarget) => `${t.projection}\u0000${t.generation}`;
const tableId = (t: ProjectionTarget, table: string) => `${id(t)}\u0000${table}`;

const tableOf = (m: MemoryReadSide, t: ProjectionTarget, name: string): E.Either<ReadModelError, MemoryTable> => {
  const found = m.tables.get(tableId(t, name));
  return found === undefined
    ? E.left(invalidReadModelQuery(`Table ${name} of ${t.projection} (generation ${t.generation}) does not exist.`))
    : E.right(found);
};

const load = (m: MemoryReadSide, target: ProjectionTarget, table: string, keys: ReadonlyArray<string>): E.Either<ReadModelError, Map<string, Row>> => {
  const t = tableOf(m, target, table);
  if (E.isLeft(t)) return t;
  const found = new Map<string, Row>();
  for (const key of keys) {
    const row = t.right.rows.get(key);
    if (row !== undefined) found.set(key, row);
  }
  return E.right(found);
};

/** Checks every change first and returns them as steps to run, so a batch is applied entirely or not at all. */
const stageChanges = (m: MemoryReadSide, target: ProjectionTarget, changes: ReadonlyArray<RowChange>): E.Either<ReadModelError, ReadonlyArray<() => void>> => {
  const staged: Array<() => void> = [];
  for (const change of changes) {
    const t = tableOf(m, target, change.table);
    if (E.isLeft(t)) return t;
    const { spec, rows } = t.right;
    if (change.op === 'upsert') {
      const row = normalizeRow(spec, change.row);
      const key = row[spec.key];
      if (typeof key !== 'string') return E.left(invalidReadModelQuery(`A ${spec.name} row has no text key ${spec.key}.`));
      staged.push(() => rows.set(key, row));
    } else {
      staged.push(() => rows.delete(change.key));
    }
  }
  return E.right(staged);
};

const commit = (m: MemoryReadSide, target: ProjectionTarget, batch: CommitBatch): E.Either<ReadModelError, void> => {
  const current = m.checkpoints.get(id(target));
  if ((current ?? 0) !== batch.from) return E.left(checkpointConflict(target.projection, target.generation, batch.from, current));
  const staged = stageChanges(m, target, batch.changes);
  if (E.isLeft(staged)) return staged;
  for (const apply of staged.right) apply();
  m.checkpoints.set(id(target), batch.to);
  if ((batch.parked ?? []).length > 0) {
    const known = m.parked.get(id(target)) ?? [];
    const fresh = batch.parked!.filter((p) => !known.some((k) => k.streamId === p.streamId));
    m.parked.set(id(target), [...known, ...fresh.map((p) => ({ ...p }))]);
  }
  return E.right(undefined);
};

const query = (m: MemoryReadSide, target: ProjectionTarget, table: string, rowQuery: RowQuery): E.Either<ReadModelError, ReadonlyArray<Row>> => {
  const t = tableOf(m, target, table);
  if (E.isLeft(t)) return t;
  const problem = checkQuery(t.right.spec, rowQuery);
  return problem === undefined ? E.right(runQuery(t.right.rows.values(), rowQuery)) : E.left(problem);
};

const tryAcquireLease = (m: MemoryReadSide, request: LeaseRequest): E.Either<ReadModelError, boolean> => {
  const held = m.leases.get(request.projection);
  if (held !== undefined && held.owner !== request.owner && held.expiresAt > request.now) return E.right(false);
  m.leases.set(request.projection, { owner: request.owner, expiresAt: request.now + request.ttlMs });
  return E.right(true);
};

/**
 * Read models, checkpoints, catalog, leases and the reactors' state (notifications, cursors) in memory: for
 * tests, demos and single-process use.
 */
export const createMemoryReadSideStore = (): ReadSideStoreWithNotifications => {
  const m: MemoryReadSide = { tables: new Map(), checkpoints: new Map(), catalog: new Map(), leases: new Map(), parked: new Map(), closed: false };
  const guard = <A>(run: () => E.Either<ReadModelError, A>): Promise<E.Either<ReadModelError, A>> =>
    Promise.resolve(m.closed ? E.left(readModelClosed()) : run());
  return {
    ...createMemoryNotificationStore(() => m.closed),
    ...createMemoryReactorCursors(() => m.closed),
    prepare: (target, specs) =>
      guard(() => {
        for (const spec of specs) {
          if (!m.tables.has(tableId(target, spec.name))) m.tables.set(tableId(target, spec.name), { spec, rows: new Map() });
        }
        return E.right(undefined);
      }),
    drop: (target, specs) =>
      guard(() => {
        for (const spec of specs) m.tables.delete(tableId(target, spec.name));
        m.checkpoints.delete(id(target));
        m.parked.delete(id(target));
        return E.right(undefined);
      }),
    load: (target, table, keys) => guard(() => load(m, target, table, keys)),
    commit: (target, batch) => guard(() => commit(m, target, batch)),
    query: (target, table, rowQuery = {}) => guard(() => query(m, target, table, rowQuery)),
    count: (target, table, where) => guard(() => E.map((rows: ReadonlyArray<Row>) => rows.length)(query(m, target, table, where === undefined ? {} : { where }))),
    readCheckpoint: (target) => guard(() => E.right(m.checkpoints.get(id(target)))),
    readParked: (target) => guard(() => E.right((m.parked.get(id(target)) ?? []).map((p) => ({ ...p })))),
    readCatalog: (projection) => guard(() => E.right(m.catalog.get(projection))),
    writeCatalog: (entry) =>
      guard(() => {
        m.catalog.set(entry.projection, entry);
        return E.right(undefined);
      }),
    tryAcquireLease: (request) => guard(() => tryAcquireLease(m, request)),
    releaseLease: (projection, owner) =>
      guard(() => {
        if (m.leases.get(projection)?.owner === owner) m.leases.delete(projection);
        return E.right(undefined);
      }),
    close: async () => {
      m.closed = true;
    },
  };
};
