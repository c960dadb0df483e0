import * as E from 'fp-ts/lib/Either.js';
import { type ProjectionCatalogEntry } from '../readSide/checkpointStore';
import { type ParkedStream } from '../readSide/parkedStreams';
import { checkpointConflict, invalidReadModelQuery, readModelClosed, type ReadModelError } from '../readSide/readModelErrors';
import { type ProjectionTarget } from '../readSide/readModelStore';
import { type Row, type TableSpec } from '../readSide/rows';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';
import { createMemoryNotificationStore } from './memoryNotificationStore';
import { runQuery } from './rowMatching';
import { checkQuery, normalizeRow } from './tableChecks';

interface MemoryTable {
  readonly spec: TableSpec;
  rows: Map<string, Row>;
}

/**
 * Read models, checkpoints, catalog, leases and the notification reactors' state in memory: for
 * tests, demos and single-process use.
 */
export const createMemoryReadSideStore = (): ReadSideStoreWithNotifications => {
  const tables = new Map<string, MemoryTable>();
  const checkpoints = new Map<string, number>();
  const catalog = new Map<string, ProjectionCatalogEntry>();
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  const parked = new Map<string, ParkedStream[]>();
  let closed = false;
  const id = (t: ProjectionTarget) => `${t.projection}\u0000${t.generation}`;
  const tableId = (t: ProjectionTarget, table: string) => `${id(t)}\u0000${table}`;
  const guard = <A>(run: () => E.Either<ReadModelError, A>): Promise<E.Either<ReadModelError, A>> =>
    Promise.resolve(closed ? E.left(readModelClosed()) : run());
  const tableOf = (t: ProjectionTarget, name: string): E.Either<ReadModelError, MemoryTable> => {
    const found = tables.get(tableId(t, name));
    return found === undefined
      ? E.left(invalidReadModelQuery(`Table ${name} of ${t.projection} (generation ${t.generation}) does not exist.`))
      : E.right(found);
  };

  return {
    ...createMemoryNotificationStore(() => closed),
    prepare: (target, specs) =>
      guard(() => {
        for (const spec of specs) {
          if (!tables.has(tableId(target, spec.name))) tables.set(tableId(target, spec.name), { spec, rows: new Map() });
        }
        return E.right(undefined);
      }),
    drop: (target, specs) =>
      guard(() => {
        for (const spec of specs) tables.delete(tableId(target, spec.name));
        checkpoints.delete(id(target));
        parked.delete(id(target));
        return E.right(undefined);
      }),
    load: (target, table, keys) =>
      guard(() => {
        const t = tableOf(target, table);
        if (E.isLeft(t)) return t;
        const found = new Map<string, Row>();
        for (const key of keys) {
          const row = t.right.rows.get(key);
          if (row !== undefined) found.set(key, row);
        }
        return E.right(found);
      }),
    commit: (target, batch) =>
      guard(() => {
        const current = checkpoints.get(id(target));
        if ((current ?? 0) !== batch.from) return E.left(checkpointConflict(target.projection, target.generation, batch.from, current));
        // Check everything first, so the batch is applied entirely or not at all.
        const staged: Array<() => void> = [];
        for (const change of batch.changes) {
          const t = tableOf(target, change.table);
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
        for (const apply of staged) apply();
        checkpoints.set(id(target), batch.to);
        if ((batch.parked ?? []).length > 0) {
          const known = parked.get(id(target)) ?? [];
          const fresh = batch.parked!.filter((p) => !known.some((k) => k.streamId === p.streamId));
          parked.set(id(target), [...known, ...fresh.map((p) => ({ ...p }))]);
        }
        return E.right(undefined);
      }),
    query: (target, table, query = {}) =>
      guard(() => {
        const t = tableOf(target, table);
        if (E.isLeft(t)) return t;
        const problem = checkQuery(t.right.spec, query);
        return problem === undefined ? E.right(runQuery(t.right.rows.values(), query)) : E.left(problem);
      }),
    count: (target, table, where) =>
      guard(() => {
        const t = tableOf(target, table);
        if (E.isLeft(t)) return t;
        const problem = checkQuery(t.right.spec, where === undefined ? {} : { where });
        return problem === undefined ? E.right(runQuery(t.right.rows.values(), where === undefined ? {} : { where }).length) : E.left(problem);
      }),
    readCheckpoint: (target) => guard(() => E.right(checkpoints.get(id(target)))),
    readParked: (target) => guard(() => E.right((parked.get(id(target)) ?? []).map((p) => ({ ...p })))),
    readCatalog: (projection) => guard(() => E.right(catalog.get(projection))),
    writeCatalog: (entry) =>
      guard(() => {
        catalog.set(entry.projection, entry);
        return E.right(undefined);
      }),
    tryAcquireLease: (request) =>
      guard(() => {
        const held = leases.get(request.projection);
        if (held !== undefined && held.owner !== request.owner && held.expiresAt > request.now) return E.right(false);
        leases.set(request.projection, { owner: request.owner, expiresAt: request.now + request.ttlMs });
        return E.right(true);
      }),
    releaseLease: (projection, owner) =>
      guard(() => {
        if (leases.get(projection)?.owner === owner) leases.delete(projection);
        return E.right(undefined);
      }),
    close: async () => {
      closed = true;
    },
  };
};
