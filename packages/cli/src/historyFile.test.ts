import { Readable } from 'node:stream';
import { parseHistoryLine, readHistoryLines, toHistoryLine } from './historyFile';

const event = {
  streamId: 'dispute-d1',
  version: 1,
  globalPosition: 3,
  type: 'MessagePosted',
  data: { text: 'hi' },
  metadata: { eventId: 'e1', commandId: 'c1', recordedAt: '2026-03-01T00:00:00.000Z', schemaVersion: 1, hash: 'a'.repeat(64) },
};

describe('history files (JSON Lines)', () => {
  it('writes an event as one line and reads it back', () => {
    const line = toHistoryLine(event);
    expect(line).not.toContain('\n');
    expect(parseHistoryLine(line)).toEqual(event);
  });

  it.each([
    ['not json', 'not JSON'],
    ['[1]', 'not a JSON object'],
    [JSON.stringify({ ...event, streamId: '' }), 'streamId is missing'],
    [JSON.stringify({ ...event, version: 0 }), 'version 0 is not a positive integer'],
    [JSON.stringify({ ...event, type: undefined }), 'type is missing'],
    [JSON.stringify({ ...event, metadata: { ...event.metadata, eventId: undefined } }), 'metadata.eventId is missing'],
    [JSON.stringify({ ...event, metadata: { ...event.metadata, schemaVersion: '1' } }), 'metadata.schemaVersion is not an integer'],
    [JSON.stringify({ ...event, metadata: { ...event.metadata, recordedAt: undefined } }), 'metadata.recordedAt is missing'],
    [JSON.stringify({ ...event, metadata: { ...event.metadata, recordedAt: '' } }), 'metadata.recordedAt is missing'],
    [JSON.stringify({ ...event, metadata: { ...event.metadata, recordedAt: 'yesterday' } }), 'metadata.recordedAt "yesterday" is not an ISO-8601 instant'],
  ])('says what is wrong with %s', (line, problem) => {
    expect(parseHistoryLine(line)).toEqual(expect.stringContaining(problem));
  });

  it('reads a file line by line, skipping blank lines and numbering the rest', async () => {
    const text = `${toHistoryLine(event)}\n\nnot json\n${toHistoryLine({ ...event, version: 2 })}`;
    const lines = [];
    for await (const line of readHistoryLines(Readable.from([text]))) lines.push(line);
    expect(lines.map((l) => ('event' in l ? [l.line, l.event.version] : [l.line, l.error]))).toEqual([
      [1, 1],
      [3, expect.stringContaining('not JSON')],
      [4, 2],
    ]);
  });
});
