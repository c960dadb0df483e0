import { v5 as uuidv5 } from 'uuid';

/**
 * The fixed uuid namespace of disputekit's deterministic ids. Never change it: stored event ids
 * were derived from it, and a retried command must derive the same ids again.
 */
export const DISPUTEKIT_ID_NAMESPACE = '39f53a4e-d22a-46ff-814a-bd858eb70afd';

/**
 * The id of the `index`-th event (0-based) a command emits: uuid v5 of `{commandId}/{index}` under
 * `DISPUTEKIT_ID_NAMESPACE`. The same command always gets the same ids, so a store that keeps event
 * ids unique can never store one command's events twice.
 */
export const eventIdFor = (commandId: string, index: number): string => uuidv5(`${commandId}/${index}`, DISPUTEKIT_ID_NAMESPACE);

/** A deterministic uuid v5 for any other name (the order guard's events use it). */
export const deterministicId = (name: string): string => uuidv5(name, DISPUTEKIT_ID_NAMESPACE);
