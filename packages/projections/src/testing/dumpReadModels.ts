import * as E from 'fp-ts/lib/Either.js';
import type { ReadSideStore } from '../readSide/projectionLease';
import type { Row } from '../readSide/rows';
import type { Projection } from '../runner/projection';

/** Every row of every table of the projections' active generations, ordered by key (test support). */
export const dumpReadModels = async (store: ReadSideStore, projections: ReadonlyArray<Projection>): Promise<Record<string, Row[]>> => {
  const out: Record<string, Row[]> = {};
  for (const p of projections) {
    const entry = await store.readCatalog(p.name);
    if (E.isLeft(entry)) throw new Error(entry.left.message);
    const generation = entry.right?.active.generation ?? 1;
    for (const table of p.tables) {
      const rows = await store.query({ projection: p.name, generation }, table.name, { orderBy: [{ column: table.key }] });
      if (E.isLeft(rows)) throw new Error(rows.left.message);
      out[`${p.name}.${table.name}`] = [...rows.right];
    }
  }
  return out;
};
