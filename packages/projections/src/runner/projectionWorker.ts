import * as E from 'fp-ts/lib/Either.js';
import type { Clock, EventStore } from '@disputekit/core';
import type { ProjectionCatalogEntry } from '../readSide/checkpointStore';
import type { ParkedStream } from '../readSide/parkedStreams';
import type { ReadSideStore } from '../readSide/projectionLease';
import { cacheSize, createBatchApplier, mergeWritten, rememberLoaded, type RowCache } from './batchApplier';
import { decodeRecordedEvent } from './decodeRecordedEvent';
import type { ProjectedEvent, Projection, RowRef } from './projection';
import { projectionFailed, type RunnerError } from './runnerErrors';

/** Settings a worker shares with its runner. */
export interface WorkerSettings {
  readonly events: EventStore;
  readonly readSide: ReadSideStore;
  readonly owner: string;
  readonly clock: Clock;
  readonly batchSize: number;
  readonly leaseTtlMs: number;
  readonly maxCachedRows: number;
}

/** One generation (physical copy) of a projection as the worker tracks it. */
interface Generation {
  readonly generation: number;
  readonly version: number;
  checkpoint: number;
  cache: RowCache;
  caughtUp: boolean;
  /** An old copy kept serving while a new version is rebuilt; no longer updated. */
  readonly frozen: boolean;
  /** Streams this generation no longer follows (an event of theirs could not be decoded), by stream id. */
  parked: Map<string, ParkedStream>;
}

/** Where a worker stands, for `status()`. */
export type WorkerState = 'idle' | 'waiting-for-lease' | 'catching-up' | 'live' | 'failed' | 'stopped';

/** What one step did. */
export type StepResult = 'progress' | 'idle' | 'waiting';

/** A projection's status as the runner reports it. */
export interface ProjectionStatus {
  readonly projection: string;
  readonly state: WorkerState;
  readonly holdsLease: boolean;
  readonly active?: { readonly generation: number; readonly version: number; readonly checkpoint: number; readonly frozen: boolean };
  readonly building?: { readonly generation: number; readonly version: number; readonly checkpoint: number };
  /** Events applied by this runner instance since it started. */
  readonly eventsApplied: number;
  /** Streams the active generation parked: an event of theirs could not be decoded (see `readmitStream`). */
  readonly parked: ReadonlyArray<ParkedStream>;
  readonly lastError?: RunnerError;
}

/**
 * Runs one projection: holds its lease, reads the global log from the checkpoint in batches,
 * applies the projection and commits rows and checkpoint together; rebuilds a new generation
 * beside the active one and swaps it in once it has caught up. Internal to the runner (not exported
 * from the package): its state changes only through its own methods.
 */
export class ProjectionWorker {
  private state: WorkerState = 'idle';
  private lastError: RunnerError | undefined;
  private eventsApplied = 0;
  private holdsLease = false;
  private leaseRenewedAt = Number.NEGATIVE_INFINITY;
  private initialized = false;
  private active: Generation | undefined;
  private building: Generation | undefined;
  private rebuildRequested = false;

  constructor(
    readonly projection: Projection,
    private readonly settings: WorkerSettings,
  ) {}

  /** Asks for a rebuild from zero; it starts at the next step that holds the lease. */
  requestRebuild(): void {
    this.rebuildRequested = true;
    this.initialized = false;
  }

  /** Reads the catalog again at the next step (another party registered a rebuild there). */
  reloadCatalog(): void {
    this.initialized = false;
  }

  /** True when nothing is left to do: the active copy is caught up and no rebuild is under way. */
  isSettled(): boolean {
    return this.initialized && this.building === undefined && !this.rebuildRequested && (this.active?.caughtUp === true || this.active?.frozen === true);
  }

  /** The active generation's checkpoint, if known. */
  activeCheckpoint(): { generation: number; checkpoint: number } | undefined {
    return this.active === undefined ? undefined : { generation: this.active.generation, checkpoint: this.active.checkpoint };
  }

  status(): ProjectionStatus {
    return {
      projection: this.projection.name,
      state: this.state,
      holdsLease: this.holdsLease,
      ...(this.active === undefined
        ? {}
        : { active: { generation: this.active.generation, version: this.active.version, checkpoint: this.active.checkpoint, frozen: this.active.frozen } }),
      ...(this.building === undefined
        ? {}
        : { building: { generation: this.building.generation, version: this.building.version, checkpoint: this.building.checkpoint } }),
      eventsApplied: this.eventsApplied,
      parked: [...(this.active?.parked.values() ?? [])],
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /** Does one unit of work: renew the lease, then one batch per generation in play. */
  async step(): Promise<E.Either<RunnerError, StepResult>> {
    const lease = await this.ensureLease();
    if (E.isLeft(lease)) return lease;
    if (lease.right === false) {
      this.state = 'waiting-for-lease';
      return E.right('waiting');
    }
    if (this.initialized && lease.right === 'renewed') {
      // Another process may have asked for a rebuild (a re-admitted stream): follow the catalog.
      const entry = await this.settings.readSide.readCatalog(this.projection.name);
      if (E.isLeft(entry)) return entry;
      if (entry.right?.building !== undefined && entry.right.building.generation !== this.building?.generation) this.initialized = false;
    }
    if (!this.initialized) {
      const init = await this.initialize();
      if (E.isLeft(init)) return init;
    }
    let progress = false;
    const active = this.active!;
    if (!active.frozen) {
      const done = await this.processBatch(active);
      if (E.isLeft(done)) return done;
      progress = progress || done.right > 0;
    }
    const building = this.building;
    if (building !== undefined) {
      const done = await this.processBatch(building);
      if (E.isLeft(done)) return done;
      progress = progress || done.right > 0;
      if (building.caughtUp && (active.frozen || building.checkpoint >= active.checkpoint)) {
        const swapped = await this.swap(active, building);
        if (E.isLeft(swapped)) return swapped;
        progress = true;
      }
    }
    this.state = this.isSettled() ? 'live' : 'catching-up';
    return E.right(progress ? 'progress' : 'idle');
  }

  /** Records an error a step returned (the runner's background loop, which retries). */
  noteError(error: RunnerError): void {
    this.lastError = error;
  }

  /** Marks the worker stopped (after `release`, when its runner stops). */
  markStopped(): void {
    this.state = 'stopped';
  }

  /** Gives the lease up (on stop). */
  async release(): Promise<void> {
    if (this.holdsLease) await this.settings.readSide.releaseLease(this.projection.name, this.settings.owner);
    this.loseOwnership();
  }

  private loseOwnership(): void {
    this.holdsLease = false;
    this.leaseRenewedAt = Number.NEGATIVE_INFINITY;
    this.initialized = false;
    this.active = undefined;
    this.building = undefined;
  }

  /** Takes or renews the lease: `'held'` when nothing was asked of the store, `'renewed'` when it was, `false` when another holds it. */
  private async ensureLease(): Promise<E.Either<RunnerError, 'held' | 'renewed' | false>> {
    const now = this.settings.clock.now();
    if (this.holdsLease && now - this.leaseRenewedAt < this.settings.leaseTtlMs / 3) return E.right('held');
    const granted = await this.settings.readSide.tryAcquireLease({
      projection: this.projection.name,
      owner: this.settings.owner,
      now,
      ttlMs: this.settings.leaseTtlMs,
    });
    if (E.isLeft(granted)) return granted;
    if (!granted.right) {
      this.loseOwnership();
      return E.right(false);
    }
    if (!this.holdsLease) this.initialized = false;
    this.holdsLease = true;
    this.leaseRenewedAt = now;
    return E.right('renewed');
  }

  /** Reads the catalog, decides which generations are in play, prepares their tables and checkpoints. */
  private async initialize(): Promise<E.Either<RunnerError, void>> {
    const { readSide } = this.settings;
    const { name, version, tables } = this.projection;
    const found = await readSide.readCatalog(name);
    if (E.isLeft(found)) return found;
    let entry: ProjectionCatalogEntry = found.right ?? { projection: name, active: { generation: 1, version } };
    let changed = found.right === undefined;
    const nextGeneration = () => Math.max(entry.active.generation, entry.building?.generation ?? 0) + 1;
    if (entry.building !== undefined && entry.building.version !== version) {
      // A rebuild for another version of the code: start again with this one.
      const dropped = await readSide.drop({ projection: name, generation: entry.building.generation }, tables);
      if (E.isLeft(dropped)) return dropped;
      entry = { projection: name, active: entry.active, building: { generation: nextGeneration(), version } };
      changed = true;
    }
    if (entry.building === undefined && (entry.active.version !== version || this.rebuildRequested)) {
      entry = { projection: name, active: entry.active, building: { generation: nextGeneration(), version } };
      changed = true;
    }
    this.rebuildRequested = false;
    if (changed) {
      const written = await readSide.writeCatalog(entry);
      if (E.isLeft(written)) return written;
    }
    const open = async (g: { generation: number; version: number }, frozen: boolean): Promise<E.Either<RunnerError, Generation>> => {
      const target = { projection: name, generation: g.generation };
      if (!frozen) {
        const prepared = await readSide.prepare(target, tables);
        if (E.isLeft(prepared)) return prepared;
      }
      const checkpoint = await readSide.readCheckpoint(target);
      if (E.isLeft(checkpoint)) return checkpoint;
      const parked = await readSide.readParked(target);
      if (E.isLeft(parked)) return parked;
      return E.right({
        generation: g.generation,
        version: g.version,
        checkpoint: checkpoint.right ?? 0,
        cache: new Map(),
        caughtUp: false,
        frozen,
        parked: new Map(parked.right.map((p) => [p.streamId, p])),
      });
    };
    const active = await open(entry.active, entry.active.version !== version);
    if (E.isLeft(active)) return active;
    this.active = active.right;
    this.building = undefined;
    if (entry.building !== undefined) {
      const building = await open(entry.building, false);
      if (E.isLeft(building)) return building;
      this.building = building.right;
    }
    this.initialized = true;
    return E.right(undefined);
  }

  /** Makes the rebuilt generation the active one (one catalog write), then drops the old copy. */
  private async swap(old: Generation, rebuilt: Generation): Promise<E.Either<RunnerError, void>> {
    const { readSide } = this.settings;
    const { name, tables } = this.projection;
    const written = await readSide.writeCatalog({ projection: name, active: { generation: rebuilt.generation, version: rebuilt.version } });
    if (E.isLeft(written)) return written;
    this.active = rebuilt;
    this.building = undefined;
    const dropped = await readSide.drop({ projection: name, generation: old.generation }, tables);
    return E.isLeft(dropped) ? dropped : E.right(undefined);
  }

  private async load(generation: Generation, refs: ReadonlyArray<RowRef>): Promise<E.Either<RunnerError, void>> {
    const byTable = new Map<string, string[]>();
    for (const ref of refs) {
      const keys = byTable.get(ref.table) ?? [];
      keys.push(ref.key);
      byTable.set(ref.table, keys);
    }
    for (const [table, keys] of byTable) {
      const rows = await this.settings.readSide.load({ projection: this.projection.name, generation: generation.generation }, table, keys);
      if (E.isLeft(rows)) return rows;
      rememberLoaded(generation.cache, table, keys, rows.right);
    }
    return E.right(undefined);
  }

  /** Reads, applies and commits one batch; returns the number of log events it covered. */
  private async processBatch(generation: Generation): Promise<E.Either<RunnerError, number>> {
    const { events, readSide, batchSize, maxCachedRows } = this.settings;
    const name = this.projection.name;
    const read = await events.readAll({ after: generation.checkpoint, maxCount: batchSize });
    if (E.isLeft(read)) return read;
    const recorded = read.right;
    if (recorded.length === 0) {
      generation.caughtUp = true;
      return E.right(0);
    }
    const projected: ProjectedEvent[] = [];
    const parkedNow: ParkedStream[] = [];
    for (const event of recorded) {
      // One bad stream stops itself, not the projection: it is parked and the others go on.
      if (generation.parked.has(event.streamId)) continue;
      const decoded = decodeRecordedEvent(event);
      if (E.isLeft(decoded)) {
        const parked: ParkedStream = { streamId: event.streamId, globalPosition: event.globalPosition, version: event.version, reason: decoded.left };
        generation.parked.set(event.streamId, parked);
        parkedNow.push(parked);
        continue;
      }
      if (decoded.right !== undefined) projected.push(decoded.right);
    }
    const last = recorded[recorded.length - 1]!.globalPosition;
    const applier = createBatchApplier(this.projection, projected, generation.cache);
    const hinted = await this.load(generation, applier.hintedRefs());
    if (E.isLeft(hinted)) return hinted;
    let changes;
    for (;;) {
      let progress;
      try {
        progress = applier.advance();
      } catch (error) {
        return this.fail(recorded[0]!.globalPosition, `apply threw: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (progress.kind === 'done') {
        changes = progress.changes;
        break;
      }
      const loaded = await this.load(generation, progress.refs);
      if (E.isLeft(loaded)) return loaded;
    }
    const committed = await readSide.commit(
      { projection: name, generation: generation.generation },
      { changes, from: generation.checkpoint, to: last, ...(parkedNow.length === 0 ? {} : { parked: parkedNow }) },
    );
    if (E.isLeft(committed)) {
      // The parked streams of this batch were not stored either: forget them with the rest.
      for (const p of parkedNow) generation.parked.delete(p.streamId);
      // Whatever failed, the cache may now disagree with the store: start from the store again.
      this.initialized = false;
      if (committed.left._tag === 'CheckpointConflict') this.loseOwnership();
      return committed;
    }
    generation.checkpoint = last;
    // Only an empty read is the end of the log: a store may answer with a short page before it.
    generation.caughtUp = false;
    mergeWritten(generation.cache, applier.written());
    if (cacheSize(generation.cache) > maxCachedRows) generation.cache = new Map();
    this.eventsApplied += projected.length;
    return E.right(recorded.length);
  }

  private fail(globalPosition: number, problem: string): E.Either<RunnerError, never> {
    const error = projectionFailed(this.projection.name, globalPosition, problem);
    this.state = 'failed';
    this.lastError = error;
    return E.left(error);
  }
}
