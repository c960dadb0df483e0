import type { RecordedEvent } from '../../eventStore/eventStore';
import { canonicalJson } from '../canonicalJson';
import { leafHash } from './treeHash';

/** What a leaf of the log's Merkle tree holds: everything stored about an event but its global position. */
export type LeafEvent = Pick<RecordedEvent, 'streamId' | 'version' | 'type' | 'data' | 'metadata'>;

/**
 * The bytes of an event's leaf: the UTF-8 canonical JSON (`canonicalJson`) of `{ data, metadata,
 * streamId, type, version }`, all of the metadata included (its hash chain fields too). The global
 * position is not in the leaf: the leaf's index in the tree is where the event is, and positions
 * may have gaps that mean nothing. Throws `NotCanonicalJson` for what JSON cannot hold.
 */
export const leafText = (event: LeafEvent): string =>
  canonicalJson({ data: event.data, metadata: event.metadata, streamId: event.streamId, type: event.type, version: event.version });

/** The RFC 9162 leaf hash of a stored event: SHA-256(0x00 || `leafText(event)`). */
export const eventLeafHash = (event: LeafEvent): Buffer => leafHash(leafText(event));
