import type * as E from 'fp-ts/lib/Either.js';
import type { ReadModelError } from './readModelErrors';
import type { ProjectionTarget } from './readModelStore';

/** What the catalog knows of a projection: the generation that serves queries, and one being rebuilt. */
export interface ProjectionCatalogEntry {
  readonly projection: string;
  /** The generation queries read. */
  readonly active: { readonly generation: number; readonly version: number };
  /** A generation being rebuilt from position 0 beside the active one, if any. */
  readonly building?: { readonly generation: number; readonly version: number };
}

/**
 * Checkpoints and the projection catalog. A checkpoint is the global position of the last event a
 * generation has applied; it only moves through `ReadModelStore.commit`, with the rows.
 */
export interface CheckpointStore {
  /** The generation's checkpoint, or `undefined` before its first commit. */
  readCheckpoint(target: ProjectionTarget): Promise<E.Either<ReadModelError, number | undefined>>;
  /** The projection's catalog entry, or `undefined` if it was never registered. */
  readCatalog(projection: string): Promise<E.Either<ReadModelError, ProjectionCatalogEntry | undefined>>;
  /** Writes the projection's catalog entry (making a generation active is one write: the swap). */
  writeCatalog(entry: ProjectionCatalogEntry): Promise<E.Either<ReadModelError, void>>;
}
