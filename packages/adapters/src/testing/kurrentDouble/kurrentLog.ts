/**
 * The storage model of the KurrentDB double: one transaction log (`$all`) of records at sparse,
 * increasing commit positions, streams indexed over it, and the server's write rules. Test support
 * only; never published (tsup bundles from the package entries, which do not import it).
 */

/** `EventNumber.DeletedStream`: the revision of a hard delete's `$streamDeleted` record and of a soft delete's `$tb`. */
export const DELETED_STREAM = 9223372036854775807n;

/** A record in the log, as the server stores it. */
export interface LogRecord {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  readonly position: bigint;
  readonly created: bigint;
}

/** An event proposed by an append. */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

/** The expectation sent with an append or delete. */
export type Expected = { readonly kind: 'any' | 'no_stream' | 'stream_exists' } | { readonly kind: 'revision'; readonly revision: bigint };

/** What `checkCommit` decides, after `IndexWriter.CheckCommit`. */
export type CommitDecision =
  | { readonly kind: 'ok'; readonly current: bigint }
  | { readonly kind: 'idempotent'; readonly last: LogRecord }
  | { readonly kind: 'idempotent-not-ready' }
  | { readonly kind: 'wrong-expected-version'; readonly current: bigint }
  | { readonly kind: 'stream-deleted' };

interface StreamState {
  /** Every record ever committed to the stream, hidden ones included. */
  readonly records: LogRecord[];
  /** Events written but not yet committed (the double's commit hold): they count for the version, not for reads. */
  readonly pending: ProposedEvent[];
  hardDeleted: boolean;
  /** Revisions below it are hidden (`$tb`); `DELETED_STREAM` while soft-deleted and not yet recreated. */
  truncateBefore: bigint;
}

const encoder = new TextEncoder();
/** The user-facing part of a stream-name read: the category a `$ce-` projection would use. */
const categoryOf = (streamId: string): string => streamId.split('-')[0] ?? streamId;

/** The log and its streams. */
export class KurrentLog {
  readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, StreamState>();
  private nextPosition = 1_000n;
  private readonly listeners = new Set<(record: LogRecord) => void>();

  /** @param linkEvents Whether to write `$>` links to `$ce-<category>` and `$et-<type>` after each user event, as system projections do (tests may switch it). */
  constructor(public linkEvents: boolean) {
    this.clear();
  }

  /** Empties the log, as a fresh server's: only its own system records, written before any user event. */
  clear(): void {
    this.records.length = 0;
    this.streams.clear();
    this.nextPosition = 1_000n;
    this.writeSystem('$settings', '$settings', '{"$userStreamAcl":{"$r":"$all"}}');
    this.writeSystem('$scavenges', '$scavengeIndexInitialized', '{}');
    this.writeSystem('$stats-127.0.0.1:2113', '$statsCollected', '{"proc-cpu":1}');
  }

  /** Calls `listener` with each record committed from now on; returns the unsubscribe. */
  onCommit(listener: (record: LogRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private stream(streamId: string): StreamState {
    let state = this.streams.get(streamId);
    if (state === undefined) {
      state = { records: [], pending: [], hardDeleted: false, truncateBefore: 0n };
      this.streams.set(streamId, state);
    }
    return state;
  }

  /** The last event number, counting events in flight; -1 for no stream. */
  private lastEventNumber(state: StreamState | undefined): bigint {
    if (state === undefined) return -1n;
    return BigInt(state.records.length + state.pending.length) - 1n;
  }

  private softDeleted(state: StreamState | undefined): boolean {
    return state !== undefined && !state.hardDeleted && state.truncateBefore === DELETED_STREAM;
  }

  /** The stream's event ids in revision order, committed then in flight. */
  private idsOf(state: StreamState): ReadonlyArray<string> {
    return [...state.records.map((record) => record.id), ...state.pending.map((event) => event.id)];
  }

  /** An idempotent success ending at index `end`, or not ready while that event is still in flight. */
  private idempotent(state: StreamState, end: number): CommitDecision {
    return end < state.records.length ? { kind: 'idempotent', last: state.records[end]! } : { kind: 'idempotent-not-ready' };
  }

  /**
   * The server's decision on an append (`IndexWriter.CheckCommit`). A hard-deleted stream refuses
   * everything. `stream_exists` needs an existing stream (a soft-deleted one is deleted). For `any`
   * and `stream_exists`, when every event id is already in this stream the append is idempotent (not
   * ready while the last is in flight), when only the first ones are it is a wrong expected version
   * (corrupted idempotency), else it is written. An exact revision (or `no_stream`, -1) behind the
   * stream is idempotent when the same ids follow it, a wrong expected version otherwise, except that
   * `no_stream` recreates a soft-deleted stream; ahead of the stream it is a wrong expected version.
   */
  checkCommit(streamId: string, expected: Expected, ids: ReadonlyArray<string>): CommitDecision {
    const state = this.streams.get(streamId);
    if (state?.hardDeleted === true) return { kind: 'stream-deleted' };
    const current = this.lastEventNumber(state);
    if (state === undefined || current < 0n) {
      return expected.kind === 'any' || expected.kind === 'no_stream' ? { kind: 'ok', current } : { kind: 'wrong-expected-version', current };
    }
    if (expected.kind === 'stream_exists' && this.softDeleted(state)) return { kind: 'stream-deleted' };
    const stored = this.idsOf(state);
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      const found = ids.map((id) => stored.indexOf(id));
      if (found.length === 0 || found[0] === -1) return { kind: 'ok', current };
      if (found.includes(-1)) return { kind: 'wrong-expected-version', current };
      return this.idempotent(state, found[found.length - 1]!);
    }
    const revision = 'revision' in expected ? expected.revision : -1n; // no_stream is -1
    if (revision > current) return { kind: 'wrong-expected-version', current };
    if (revision === current) return { kind: 'ok', current };
    const start = Number(revision) + 1;
    const matched = ids.findIndex((id, index) => stored[start + index] !== id);
    if (matched === 0) return expected.kind === 'no_stream' && this.softDeleted(state) ? { kind: 'ok', current } : { kind: 'wrong-expected-version', current };
    if (matched > 0 || ids.length === 0) return { kind: 'wrong-expected-version', current };
    return this.idempotent(state, start + ids.length - 1);
  }

  /** Reserves the next revisions for `events` without committing them (they count for the version only). */
  prepare(streamId: string, events: ReadonlyArray<ProposedEvent>): void {
    this.stream(streamId).pending.push(...events);
  }

  /** Commits the events `prepare` reserved, in order, and returns the written records. */
  commit(streamId: string, events: ReadonlyArray<ProposedEvent>): LogRecord[] {
    const state = this.stream(streamId);
    state.pending.splice(0, events.length);
    if (state.truncateBefore === DELETED_STREAM) {
      // Recreating a soft-deleted stream: its revisions continue, and the metadata hides the old ones.
      state.truncateBefore = BigInt(state.records.length);
      this.writeSystem(`$$${streamId}`, '$metadata', JSON.stringify({ $tb: state.records.length }));
    }
    return events.map((event) => this.write(streamId, state, event));
  }

  private write(streamId: string, state: StreamState, event: ProposedEvent, revision = BigInt(state.records.length)): LogRecord {
    const record: LogRecord = { streamId, revision, ...event, position: this.nextPosition, created: BigInt(Date.now()) * 10_000n };
    this.nextPosition += BigInt(60 + streamId.length + event.type.length + event.data.length + event.metadata.length);
    state.records.push(record);
    this.records.push(record);
    for (const listener of [...this.listeners]) listener(record);
    if (this.linkEvents && !streamId.startsWith('$') && revision !== DELETED_STREAM) {
      const link = `${revision}@${streamId}`;
      for (const target of [`$ce-${categoryOf(streamId)}`, `$et-${event.type}`]) this.writeSystem(target, '$>', link, 'application/octet-stream');
    }
    return record;
  }

  /** Writes a record of the server's own (a system event, a `$>` link), as the server or its projections would. */
  writeSystem(streamId: string, type: string, data: string, contentType = 'application/json'): void {
    const id = crypto.randomUUID();
    this.write(streamId, this.stream(streamId), { id, type, contentType, data: encoder.encode(data), metadata: new Uint8Array() });
  }

  /** A soft delete: the stream reads as missing and `no_stream` recreates it, its revisions continuing. */
  softDelete(streamId: string): void {
    const state = this.stream(streamId);
    state.truncateBefore = DELETED_STREAM;
    this.writeSystem(`$$${streamId}`, '$metadata', `{"$tb":${DELETED_STREAM}}`);
  }

  /** A hard delete (tombstone): a `$streamDeleted` record at revision `DELETED_STREAM`; the stream is gone for good. */
  tombstone(streamId: string): void {
    const state = this.stream(streamId);
    state.hardDeleted = true;
    this.write(streamId, state, { id: crypto.randomUUID(), type: '$streamDeleted', contentType: 'application/octet-stream', data: new Uint8Array(), metadata: new Uint8Array() }, DELETED_STREAM);
  }

  /** The last event number for a delete's expectation check (-1 for a missing stream). */
  currentRevision(streamId: string): bigint {
    return this.lastEventNumber(this.streams.get(streamId));
  }

  /** The stream's visible records (`undefined`: not found; `'deleted'`: hard-deleted). */
  readStream(streamId: string): LogRecord[] | 'deleted' | undefined {
    const state = this.streams.get(streamId);
    if (state === undefined) return undefined;
    if (state.hardDeleted) return 'deleted';
    const visible = state.records.filter((record) => record.revision >= state.truncateBefore);
    return visible.length === 0 && (state.truncateBefore > 0n || state.records.length === 0) ? undefined : visible;
  }

  /** The index of the first record at or after `position` (binary search: positions increase). */
  indexAt(position: bigint): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.records[middle]!.position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The record a `$>` link points to, when it still exists. */
  resolveLink(link: LogRecord): LogRecord | undefined {
    const text = new TextDecoder().decode(link.data);
    const at = text.indexOf('@');
    const records = this.readStream(text.slice(at + 1));
    return Array.isArray(records) ? records.find((record) => record.revision === BigInt(text.slice(0, at))) : undefined;
  }

  /** Changes a stored record behind the clients' back, as a damaged or foreign writer would; returns the repair. */
  editRecord(streamId: string, revision: number, edit: { type?: string; contentType?: string; data?: string; metadata?: string }): () => void {
    const record = this.streams.get(streamId)?.records.find((candidate) => candidate.revision === BigInt(revision));
    if (record === undefined) throw new Error(`editRecord: no record ${streamId}@${revision}`);
    const { type, contentType, data, metadata } = record;
    const repair = (): void => {
      Object.assign(record, { type, contentType, data, metadata });
    };
    if (edit.type !== undefined) record.type = edit.type;
    if (edit.contentType !== undefined) record.contentType = edit.contentType;
    if (edit.data !== undefined) record.data = encoder.encode(edit.data);
    if (edit.metadata !== undefined) record.metadata = encoder.encode(edit.metadata);
    return repair;
  }
}
