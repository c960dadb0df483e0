import * as E from 'fp-ts/lib/Either.js';
import { sha256Hex } from '../audit/sha256Hex';
import type { OpenedDispute } from '../dispute/state';
import type { StreamId } from '../eventStore/eventStore';
import { OpenedDisputeCodec } from './disputeStateCodec';
import type { StoredSnapshot } from './snapshotStore';

/**
 * The shape of the state a snapshot encodes. Raise it whenever `OpenedDispute` or what `evolve`
 * puts in it changes: every older snapshot is then ignored and rebuilt from the events.
 */
export const DISPUTE_SNAPSHOT_SCHEMA_VERSION = 3;

/** The integrity hash of a snapshot's fields (see `StoredSnapshot.stateHash`). */
export const snapshotHash = (snapshot: Omit<StoredSnapshot, 'stateHash'>): string =>
  sha256Hex(JSON.stringify([snapshot.streamId, snapshot.version, snapshot.hash, snapshot.schemaVersion, snapshot.state]));

/** A snapshot of `state` at `version`, whose event `version` has `metadata.hash` `hash`. */
export const encodeSnapshot = (streamId: StreamId, state: OpenedDispute, hash: string): StoredSnapshot => {
  const fields = {
    streamId,
    version: state.version,
    hash,
    schemaVersion: DISPUTE_SNAPSHOT_SCHEMA_VERSION,
    state: JSON.stringify(OpenedDisputeCodec.encode(state)),
  };
  return { ...fields, stateHash: snapshotHash(fields) };
};

/**
 * The state of a snapshot, or why it cannot be used: another schema version, a hash that does not
 * match its fields (edited), a state that does not decode or does not belong to the snapshot's
 * stream and version. The caller still checks the snapshot against the stream itself.
 */
export const decodeSnapshot = (streamId: StreamId, disputeId: string, snapshot: StoredSnapshot): E.Either<string, OpenedDispute> => {
  if (snapshot.schemaVersion !== DISPUTE_SNAPSHOT_SCHEMA_VERSION) {
    return E.left(`schema version ${snapshot.schemaVersion}, not ${DISPUTE_SNAPSHOT_SCHEMA_VERSION}`);
  }
  if (snapshot.streamId !== streamId) return E.left(`the snapshot belongs to ${snapshot.streamId}`);
  if (snapshotHash(snapshot) !== snapshot.stateHash) return E.left('its integrity hash does not match its contents');
  let json: unknown;
  try {
    json = JSON.parse(snapshot.state);
  } catch {
    return E.left('its state is not JSON');
  }
  const state = OpenedDisputeCodec.decode(json);
  if (E.isLeft(state)) return E.left('its state does not decode');
  if (state.right.version !== snapshot.version || state.right.disputeId !== disputeId) return E.left('its state is not of this stream and version');
  return E.right(state.right);
};
