import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainedLogChunks, type ChainedChunk } from './chainedLogChunks';
import { chainedPageEvents } from './chainedPage';
import type { RangedLog } from './logRanges';

/**
 * A reader module for the worker: 300 rows at positions 1…300, and a worker that ends itself
 * (`process.exit` in a worker thread ends that thread) when asked for rows past `dieAfter`.
 */
const readerModule = (dieAfter: number): string => `
const metadata = (i) => JSON.stringify({ eventId: 'e-' + i, commandId: 'c', recordedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 });
const rows = Array.from({ length: 300 }, (_, k) => ['s-' + (k % 3), Math.floor(k / 3) + 1, k + 1, 'e-' + (k + 1), 'T', '{"n":' + k + '}', metadata(k + 1)]);
export const open = () => ({
  readRows: (after, upTo, maxCount) => {
    if (upTo > ${dieAfter}) process.exit(3);
    return rows.filter((row) => row[2] > after && row[2] <= upTo).slice(0, maxCount);
  },
  close: () => undefined,
});
`;

describe('chainedLogChunks when its worker ends', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dk-chained-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const logDyingAfter = (dieAfter: number): RangedLog => {
    const module = join(folder, `reader-${dieAfter}.mjs`);
    writeFileSync(module, readerModule(dieAfter));
    return { opener: { module, exportName: 'open', options: {} }, lastPosition: () => Promise.resolve(300) };
  };

  it('hands back, without pages, every range the worker did not answer, and ends', async () => {
    const chunks: ChainedChunk[] = [];
    for await (const chunk of chainedLogChunks(logDyingAfter(100), 0, 300, { threads: 1, span: 50 })) chunks.push(chunk);
    expect(chunks.map((chunk) => [chunk.after, chunk.upTo, chunk.pages !== undefined])).toEqual([
      [0, 50, true],
      [50, 100, true],
      [100, 150, false],
      [150, 200, false],
      [200, 250, false],
      [250, 300, false],
    ]);
    const read = chunks.flatMap((chunk) => (chunk.pages ?? []).flatMap((bytes) => chainedPageEvents(bytes).events.map((event) => event.globalPosition)));
    expect(read).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('reads every range when the worker lives', async () => {
    const chunks: ChainedChunk[] = [];
    for await (const chunk of chainedLogChunks(logDyingAfter(1_000), 0, 300, { threads: 1, span: 64 })) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.pages !== undefined)).toBe(true);
    expect(chunks.flatMap((chunk) => chunk.pages!.flatMap((bytes) => chainedPageEvents(bytes).events)).map((event) => event.globalPosition)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });
});
