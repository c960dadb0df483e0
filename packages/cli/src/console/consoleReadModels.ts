import * as E from 'fp-ts/lib/Either.js';
import type { ReadSideStore, Row, RowChange } from '@disputekit/projections';
import { decodeRecordedEvent, disputeProjections, type ProjectedEvent, type Projection } from '@disputekit/projections';
import { readLogPages } from '../readLog';
import type { OpenedStore } from '../storeUrl';

/** How far the console's read models have got, and what they had to leave out. */
export interface ProjectedLog {
  /** The global position of the last event applied. */
  readonly position: number;
  readonly eventsApplied: number;
  /** Dispute events that do not decode or cannot be read back: left out (the verification names them). */
  readonly skipped: number;
}

/** Rows of one projection, by table and key: what `apply` reads. */
type Rows = Map<string, Map<string, Row>>;

/**
 * Builds the read models in a memory read-side store from a store's log, in ONE pass: each
 * page of the log is read and decoded once and given to every projection (`disputeProjections`,
 * the same pure `apply` the service's runner uses), with the rows kept in memory. The projection
 * runner would read and decode the log once per projection. Unlike the runner, an event that does
 * not decode is skipped and counted rather than stopping everything: the console must open a
 * damaged store too. `update` applies what was appended since the last call.
 */
export const createProjectedLog = (store: OpenedStore, readSide: ReadSideStore) => {
  const projections: ReadonlyArray<Projection> = disputeProjections;
  const rows = new Map<string, Rows>(projections.map((p) => [p.name, new Map(p.tables.map((t) => [t.name, new Map<string, Row>()]))]));
  const keys = new Map(projections.flatMap((p) => p.tables.map((t) => [`${p.name}/${t.name}`, t.key] as const)));
  let state: ProjectedLog = { position: 0, eventsApplied: 0, skipped: 0 };
  let prepared = false;
  const target = (p: Projection) => ({ projection: p.name, generation: 1 });

  const applyPage = async (events: ReadonlyArray<ProjectedEvent>, from: number, to: number) => {
    for (const projection of projections) {
      const own = rows.get(projection.name)!;
      const view = { get: (table: string, key: string) => own.get(table)?.get(key) };
      const changes: RowChange[] = [];
      for (const event of events) {
        for (const change of projection.apply(view, event)) {
          const table = own.get(change.table)!;
          if (change.op === 'upsert') table.set(String(change.row[keys.get(`${projection.name}/${change.table}`)!]), change.row);
          else table.delete(change.key);
          changes.push(change);
        }
      }
      const committed = await readSide.commit(target(projection), { changes, from, to });
      if (E.isLeft(committed)) throw new Error(`Cannot write the ${projection.name} read model in memory: ${committed.left.message}`);
    }
  };

  return {
    state: () => state,
    /** Reads the log after the last event applied and applies it. */
    update: async (): Promise<ProjectedLog> => {
      if (!prepared) {
        for (const projection of projections) {
          const done = await readSide.prepare(target(projection), projection.tables);
          if (E.isLeft(done)) throw new Error(`Cannot prepare the ${projection.name} read model: ${done.left.message}`);
        }
        prepared = true;
      }
      let { position, eventsApplied, skipped } = state;
      let checkpoint = position;
      for await (const page of readLogPages(store.events, store.label, 1_000, position)) {
        const decoded: ProjectedEvent[] = [];
        if ('unreadableEvent' in page) {
          skipped++;
          position = Math.max(position, page.unreadableEvent.globalPosition ?? position);
        } else {
          for (const recorded of page) {
            const event = decodeRecordedEvent(recorded);
            if (E.isLeft(event)) skipped++;
            else if (event.right !== undefined) decoded.push(event.right);
          }
          position = page[page.length - 1]?.globalPosition ?? position;
        }
        if (position === checkpoint) continue;
        await applyPage(decoded, checkpoint, position);
        checkpoint = position;
        eventsApplied += decoded.length;
      }
      state = { position, eventsApplied, skipped };
      return state;
    },
  };
};
