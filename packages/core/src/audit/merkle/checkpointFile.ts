import { CHECKPOINT_FORMAT, type Checkpoint } from './checkpoint';
import { exactObject, hexAt, integerAt, StrictJsonError, stringAt } from './strictJson';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const KEYS = ['format', 'logId', 'size', 'rootHash', 'lastGlobalPosition', 'time', 'keyId', 'signature'];

/** Reads a checkpoint from its parsed JSON, strictly (exact members and types); throws `StrictJsonError` naming the member. */
export const readCheckpoint = (value: unknown, path = 'checkpoint'): Checkpoint => {
  const record = exactObject(value, path, KEYS);
  if (record['format'] !== CHECKPOINT_FORMAT) throw new StrictJsonError(`${path}.format`, `expected ${JSON.stringify(CHECKPOINT_FORMAT)}`);
  const time = stringAt(record['time'], `${path}.time`);
  if (!ISO_INSTANT.test(time)) throw new StrictJsonError(`${path}.time`, 'expected an ISO-8601 instant in UTC');
  const size = integerAt(record['size'], `${path}.size`);
  const lastGlobalPosition = integerAt(record['lastGlobalPosition'], `${path}.lastGlobalPosition`);
  if ((size === 0) !== (lastGlobalPosition === 0)) throw new StrictJsonError(`${path}.lastGlobalPosition`, 'must be 0 exactly when size is 0');
  return {
    format: CHECKPOINT_FORMAT,
    logId: stringAt(record['logId'], `${path}.logId`),
    size,
    rootHash: hexAt(record['rootHash'], `${path}.rootHash`, 64),
    lastGlobalPosition,
    time,
    keyId: hexAt(record['keyId'], `${path}.keyId`, 64),
    signature: hexAt(record['signature'], `${path}.signature`, 128),
  };
};

/** Parses a checkpoint file's text; throws `StrictJsonError` (with `path` 'checkpoint') when it is not one. */
export const parseCheckpoint = (text: string): Checkpoint => {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new StrictJsonError('checkpoint', `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return readCheckpoint(value);
};

/** A checkpoint file's text: pretty JSON and a newline (the signature covers the values, not the layout). */
export const formatCheckpoint = (checkpoint: Checkpoint): string => `${JSON.stringify(checkpoint, null, 2)}\n`;
