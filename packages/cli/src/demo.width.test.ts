import { join } from 'node:path';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { DEMO_WIDTH } from './commands/demo';
import { visibleWidth } from './render/wrap';
import { runCliInProcess } from './testing/runCliInProcess';

/** The demo's output fits 100 columns, plain or coloured, and loses nothing by wrapping. */
describe('disputekit demo fits 100 columns', () => {
  const temp = testTempFolder('demo_width');
  const folder = temp.path;
  afterAll(() => temp.remove());

  it('prints no line wider than 100 columns, as plain text and in colour on a terminal', async () => {
    expect(DEMO_WIDTH).toBe(100);
    const plain = await runCliInProcess(['demo', '--store', `sqlite:${join(folder, 'plain.db')}`]);
    expect(plain.code).toBe(0);
    const coloured = await runCliInProcess(['demo', '--store', `sqlite:${join(folder, 'colour.db')}`], { tty: true, env: { NO_COLOR: undefined } });
    expect(coloured.code).toBe(0);
    expect(coloured.stdout).toContain('\u001b[');
    for (const run of [plain, coloured]) {
      const lines = run.stdout.split('\n');
      expect(lines.length).toBeGreaterThan(150);
      const wide = lines.filter((line) => visibleWidth(line) > 100);
      expect(wide).toEqual([]);
    }
    // Wrapping keeps every word: the longest ruling rationale is all there.
    expect(plain.stdout.replace(/\s+/g, ' ')).toContain('ruled in the buyer\'s favour (DISPUTE round): refund 30.00 USD, no return');
    expect(plain.stdout).toContain('Verification of the whole store');

    // The commands it suggests still paste and run once their continuation lines are joined.
    const suggested = plain.stdout.split('Try next:')[1]!.replace(/ \\\n\s+/g, ' ').trim().split('\n').map((line) => line.trim());
    expect(suggested).toHaveLength(5);
    for (const command of suggested) {
      const words = command.split(' ');
      expect(words[0]).toBe('disputekit');
      const args = words.slice(1, words.includes('>') ? words.indexOf('>') : undefined);
      if (args[0] === 'replay') continue; // it reads the file the export line writes
      const run = await runCliInProcess(args);
      expect({ command, code: run.code, error: run.stderr.includes('error:') }).toEqual({ command, code: 0, error: false });
    }
  }, 60_000);
});
