import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliInProcess } from './runCliInProcess';

describe('runCliInProcess', () => {
  it('runs the program with injected streams and returns its exit status and output', async () => {
    const run = await runCliInProcess(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.stderr).toBe('');
  });

  it('reports a bad flag on stderr with exit status 1', async () => {
    const run = await runCliInProcess(['verify', '--store', 'memory:', '--no-such-flag']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--no-such-flag');
  });

  it('feeds stdin to the command (the tampered example history is read whole and refused)', async () => {
    const history = readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'audit', 'history.jsonl'), 'utf8');
    const run = await runCliInProcess(['import', '--store', 'memory:', '--json'], { stdin: history });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ imported: 0, events: history.trim().split('\n').length, chainBreaks: 1 });
  });
});
