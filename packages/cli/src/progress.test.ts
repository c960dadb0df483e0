import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { createProgress } from './progress';
import { runCliInProcess } from './testing/runCliInProcess';

/** A terminal that keeps what is drawn on it. */
const terminal = () => {
  const written: string[] = [];
  return { sink: { write: (text: string) => written.push(text), isTTY: true, columns: 100 }, text: () => written.join('') };
};

describe('progress on stderr', () => {
  it('draws nothing when stderr is not a terminal, with or without a total', () => {
    const written: string[] = [];
    for (const total of [undefined, 100]) {
      const progress = createProgress({ write: (t: string) => written.push(t), isTTY: false }, 'verifying', total);
      progress.update(50);
      progress.done();
    }
    expect(written).toEqual([]);
  });

  it('with a known total: a bar, the percentage, the count, the rate and the time left; erased when done', async () => {
    const { sink, text } = terminal();
    const progress = createProgress(sink, 'importing', 2_000);
    await new Promise((resolve) => setTimeout(resolve, 150));
    progress.update(1_000, 'dispute-seed-1001');
    await new Promise((resolve) => setTimeout(resolve, 150));
    progress.update(1_000, 'dispute-seed-1001');
    const drawn = text();
    expect(drawn).toMatch(/importing \[█{12}░{12}\] 50% · 1,000\/2,000 · [\d,]+\/s · \d+s left · dispute-seed-1001/);
    progress.done();
    expect(text().slice(drawn.length)).toContain('\u001b[2K'); // the line is cleared
  });

  it('without a total: a spinner, the count and the rate', () => {
    const { sink, text } = terminal();
    const progress = createProgress(sink, 'exporting');
    progress.update(12_345);
    expect(text()).toMatch(/^\r\u001b\[2Kexporting \S 12,345 events · [\d,]+\/s$/);
    progress.done();
    expect(text().endsWith('\r\u001b[2K')).toBe(true);
  });
});

describe('progress of the commands, on a terminal', () => {
  const temp = testTempFolder('progress');
  const folder = temp.path;
  afterAll(() => temp.remove());

  it('shows the percentage of the known total for verify, export, replay and rebuild; nothing when stderr is not a terminal', async () => {
    const store = `sqlite:${join(folder, 'demo.db')}`;
    expect((await runCliInProcess(['demo', '--store', store])).code).toBe(0);
    const verify = await runCliInProcess(['verify', '--store', store], { tty: true });
    expect(verify.code).toBe(0);
    expect(verify.stderr).toMatch(/verifying \[[█░]{24}\] \d+% · [\d,]+\/67 · /);
    const exported = await runCliInProcess(['export', '--store', store], { tty: true });
    expect(exported.stderr).toMatch(/exporting \[[█░]{24}\] \d+% · [\d,]+\/67 · /);
    const file = join(folder, 'history.jsonl');
    writeFileSync(file, exported.stdout);
    const replay = await runCliInProcess(['replay', '--file', file, '--summary'], { tty: true });
    expect(replay.stderr).toMatch(/replaying \[[█░]{24}\] \d+% · [\d,]+\/67 · /);
    const rebuild = await runCliInProcess(['rebuild', '--store', store, '--projection', 'dispute_summary'], { tty: true });
    expect(rebuild.code).toBe(0);
    expect(rebuild.stderr).toMatch(/rebuilding \[[█░]{24}\] \d+% · [\d,]+\/67 · /);
    const piped = await runCliInProcess(['verify', '--store', store]);
    expect(piped.stderr).toBe('');
  }, 60_000);
});
