import type { DisputeEvent } from '@disputekit/core';
import type { Row, RowChange, TableSpec } from '../readSide/rows';

/** A dispute event as a projection sees it: decoded, with where it sits in its stream and in the global log. */
export interface ProjectedEvent {
  readonly event: DisputeEvent;
  readonly streamId: string;
  /** 1-based version in its stream. */
  readonly version: number;
  readonly globalPosition: number;
  /** When the store recorded it (ISO-8601). */
  readonly recordedAt: string;
}

/** A row a projection reads: its table and key. */
export interface RowRef {
  readonly table: string;
  readonly key: string;
}

/** What a projection may read while applying an event: the current rows of its own tables. */
export interface RowView {
  /** The row with this key, or `undefined` if there is none. */
  get(table: string, key: string): Row | undefined;
}

/**
 * A projection: a pure function `(rows, event) → changes` over its own tables. `apply` must not do
 * IO, read a clock or keep state outside the rows; the runner may call it again for the same event
 * (it re-runs it when a row it read was not loaded yet), and must get the same changes.
 */
export interface Projection {
  /** Unique name; also the prefix of its tables in SQL stores. Letters, digits and `_` only. */
  readonly name: string;
  /** Bump it when `apply` or the tables change: the runner rebuilds a new copy from zero and swaps it in. */
  readonly version: number;
  readonly tables: ReadonlyArray<TableSpec>;
  /** The rows `apply` will read for this event, so the runner can load them in bulk (a hint). */
  readonly reads?: (event: ProjectedEvent) => ReadonlyArray<RowRef>;
  /** The changes this event makes to the projection's rows. */
  readonly apply: (rows: RowView, event: ProjectedEvent) => ReadonlyArray<RowChange>;
}
