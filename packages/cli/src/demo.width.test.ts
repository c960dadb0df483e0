import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_WIDTH } from './commands/demo';
import { visibleWidth } from './render/wrap';
import { runCliInProcess } from './testing/runCliInProcess';

/** The demo's output fits 100 columns, plain or coloured, and loses nothing by wrapping. */
describe('disputekit demo fits 100 columns', () => {
  const folder = mkdtempSync(join(tmpdir(), 'disputekit-demo-width-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

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
  }, 60_000);
});
