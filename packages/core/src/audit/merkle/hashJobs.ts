import { recomputeChainHash, type StoredChainedEvent } from '../eventHash';
import { eventLeafHash, type LeafEvent } from './logLeaf';

/**
 * The hashing a `HashPool` hands to worker threads, as plain functions: the same code runs in a
 * worker and, for small batches or where no worker can start, in the caller's thread, so both
 * paths give the same bytes by construction.
 */

/** The RFC 9162 leaf hashes of `events` (`eventLeafHash`), 32 bytes each, one after the other in their order. */
export const leafHashesOf = (events: ReadonlyArray<LeafEvent>): Buffer => {
  // Buffer.alloc, not allocUnsafe: a worker transfers the whole ArrayBuffer, which must not be a shared pool slab.
  const hashes = Buffer.alloc(events.length * 32);
  for (let i = 0; i < events.length; i++) eventLeafHash(events[i] as LeafEvent).copy(hashes, i * 32);
  return hashes;
};

/** Each event's chain hash (`recomputeChainHash`), or `null` where it cannot be hashed (the chain check then hashes it again and reports why). */
export const chainHashesOf = (events: ReadonlyArray<StoredChainedEvent>): Array<string | null> =>
  events.map((event) => {
    try {
      return recomputeChainHash(event);
    } catch {
      return null;
    }
  });

/** One batch for a hashing worker. */
export interface HashJob {
  readonly id: number;
  /** `both`: the leaf and the chain hashes of the same events (one copy of them sent). */
  readonly kind: 'leaf' | 'chain' | 'both';
  readonly events: ReadonlyArray<StoredChainedEvent>;
  /** The events as JSON text instead (`transport: 'json'`), parsed by the worker: far cheaper to send than a structured clone. */
  readonly json?: string;
}

/** A worker's answer to a `HashJob`: the leaf hashes' bytes (transferred), or the chain hashes. */
export interface HashJobResult {
  readonly id: number;
  readonly leaves?: ArrayBuffer;
  readonly chain?: ReadonlyArray<string | null>;
  /** The job threw (an event JSON cannot hold): the caller runs it again in its own thread, to throw the very error one thread throws. */
  readonly failed?: true;
}

/** Runs one job in a worker thread: its result and what to transfer, or `failed` when it throws. */
export const runHashJobSafely = (job: HashJob): { readonly result: HashJobResult; readonly transfer: ArrayBuffer[] } => {
  try {
    return runHashJob(job);
  } catch {
    return { result: { id: job.id, failed: true }, transfer: [] };
  }
};

/** Runs one job; returns its result and what to transfer. Throws what `leafHashesOf` throws. */
export const runHashJob = (sent: HashJob): { readonly result: HashJobResult; readonly transfer: ArrayBuffer[] } => {
  const job = sent.json === undefined ? sent : { ...sent, events: JSON.parse(sent.json) as ReadonlyArray<StoredChainedEvent> };
  const chain = job.kind === 'leaf' ? undefined : chainHashesOf(job.events);
  if (job.kind === 'chain') return { result: { id: job.id, chain: chain ?? [] }, transfer: [] };
  const hashes = leafHashesOf(job.events as ReadonlyArray<LeafEvent>);
  const whole = hashes.byteOffset === 0 && hashes.byteLength === hashes.buffer.byteLength;
  const buffer = (whole ? hashes.buffer : hashes.buffer.slice(hashes.byteOffset, hashes.byteOffset + hashes.byteLength)) as ArrayBuffer;
  return { result: { id: job.id, leaves: buffer, ...(chain === undefined ? {} : { chain }) }, transfer: [buffer] };
};
