import { type RecordedEvent } from '@disputekit/core';
import { parseInstantMillis } from '@disputekit/core/internal';
import { MAX_HISTORY_LINE_BYTES, openInputFile, readBoundedLines, type FileRole } from './files';
import { safeJson } from './render/safeText';

/**
 * One line of an exported history (JSON Lines, one event a line, in global log order):
 * `{"streamId","version","globalPosition","type","data","metadata"}`. `globalPosition` is where the
 * event was in the store it came from; an import gets new positions from its target store.
 */
export interface HistoryEvent {
  readonly streamId: string;
  readonly version: number;
  readonly globalPosition?: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: RecordedEvent['metadata'];
}

/** A line of a history file that is not a history event. */
export interface UnreadableLine {
  readonly line: number;
  readonly message: string;
}

/**
 * The JSON line of a stored event (no trailing newline). Written with `safeJson`: characters a
 * terminal would act on are `\u` escapes, so an export shown on a terminal is harmless, and
 * `JSON.parse` still gives back the event exactly.
 */
export const toHistoryLine = (event: RecordedEvent): string =>
  safeJson({
    streamId: event.streamId,
    version: event.version,
    globalPosition: event.globalPosition,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPositiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** Parses one line of a history file, or says what is wrong with it. */
export const parseHistoryLine = (text: string): HistoryEvent | string => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!isRecord(value)) return 'not a JSON object';
  const { streamId, version, globalPosition, type, data, metadata } = value;
  if (!isText(streamId)) return 'streamId is missing';
  if (!isPositiveInteger(version)) return `${streamId}: version ${JSON.stringify(version)} is not a positive integer`;
  if (globalPosition !== undefined && !isPositiveInteger(globalPosition)) return `${streamId}@${version}: globalPosition is not a positive integer`;
  if (!isText(type)) return `${streamId}@${version}: type is missing`;
  if (data === undefined) return `${streamId}@${version}: data is missing`;
  if (!isRecord(metadata)) return `${streamId}@${version}: metadata is not an object`;
  if (!isText(metadata['eventId'])) return `${streamId}@${version}: metadata.eventId is missing`;
  if (typeof metadata['commandId'] !== 'string') return `${streamId}@${version}: metadata.commandId is missing`;
  const recordedAt = metadata['recordedAt'];
  if (typeof recordedAt !== 'string' || recordedAt === '') return `${streamId}@${version}: metadata.recordedAt is missing`;
  if (parseInstantMillis(recordedAt) === undefined) return `${streamId}@${version}: metadata.recordedAt ${JSON.stringify(recordedAt)} is not an ISO-8601 instant`;
  if (typeof metadata['schemaVersion'] !== 'number' || !Number.isSafeInteger(metadata['schemaVersion'])) {
    return `${streamId}@${version}: metadata.schemaVersion is not an integer`;
  }
  return {
    streamId,
    version,
    ...(globalPosition === undefined ? {} : { globalPosition }),
    type,
    data,
    metadata: metadata as unknown as RecordedEvent['metadata'],
  };
};

/** What a history file holds, line by line: an event, or an unreadable line. Blank lines are skipped. */
export type HistoryLine = { readonly line: number; readonly event: HistoryEvent } | { readonly line: number; readonly error: string };

/** A history file, for messages. */
const HISTORY_FILE: FileRole = { what: 'the history file', hint: 'Pass a history file written by `disputekit export` (JSON Lines, one event a line).' };

/**
 * Reads a history file line by line (streaming: one line in memory at a time, at most
 * `MAX_HISTORY_LINE_BYTES`; a longer line is a `CliError` naming it, as is a read failure).
 */
export async function* readHistoryLines(input: NodeJS.ReadableStream, path = 'the history'): AsyncGenerator<HistoryLine> {
  for await (const { line, text } of readBoundedLines(input, { path, role: HISTORY_FILE, maxLineBytes: MAX_HISTORY_LINE_BYTES })) {
    if (text.trim() === '') continue;
    const parsed = parseHistoryLine(text);
    yield typeof parsed === 'string' ? { line, error: parsed } : { line, event: parsed };
  }
}

/** Opens a history file for reading, with a `CliError` that names it when it cannot be read (a folder, a missing file). */
const openHistoryFile = (path: string): Promise<NodeJS.ReadableStream> => openInputFile(path, HISTORY_FILE);

/** Reads the history file at `path`, line by line (`openHistoryFile`, then `readHistoryLines`); messages call it `label` (default: the path). */
export async function* readHistoryFile(path: string, label = path): AsyncGenerator<HistoryLine> {
  yield* readHistoryLines(await openHistoryFile(path), label);
}
