import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HOSTILE_MESSAGE, hostileHistory, hostileIdHistory, rawControls } from './testing/hostileHistory';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

/**
 * Defect 5 of issue 11: user text reached the terminal raw. Every text output of the CLI must show
 * control characters escaped, so a buyer's message can never draw a fake line on an auditor's screen.
 */
describe('hostile text never reaches the terminal raw', () => {
  const folder = tempFolder('hostile');
  const file = join(folder.path, 'hostile.jsonl');
  const db = join(folder.path, 'hostile.db');
  const store = `sqlite:${db}`;
  const history = hostileHistory();
  const both = (run: { stdout: string; stderr: string }) => run.stdout + run.stderr;
  const linesStartingWith = (text: string, start: RegExp) => text.split('\n').filter((line) => start.test(line)).length;

  beforeAll(async () => {
    writeFileSync(file, history);
    const imported = await runCliInProcess(['import', '--store', store, '--file', file, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
  }, 60_000);
  afterAll(() => folder.remove());

  it('replay prints each dispute with the hostile message escaped, and no fake check line', async () => {
    const run = await runCliInProcess(['replay', '--file', file]);
    expect(run.code).toBe(0);
    expect(rawControls(both(run))).toEqual([]);
    expect(run.stdout).toContain('Fine.\\x1BE');
    expect(run.stdout).toContain('\\x85\\x1B[32mVerdict');
    // One real chain line per dispute, none drawn by the message.
    expect(linesStartingWith(run.stdout, /^\s*✔ hash chain intact/)).toBe(5);
    expect(linesStartingWith(run.stdout, /^Verdict: clean\./)).toBe(5);
  });

  it('replay --json is lossless JSON with nothing a terminal acts on', async () => {
    const run = await runCliInProcess(['replay', '--file', file, '--json']);
    expect(run.code).toBe(0);
    expect(rawControls(both(run))).toEqual([]);
    const audits = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; audit?: { disputeId: string; timeline: Array<{ what: string; who?: { id: string } }> } });
    const silent = audits.find((a) => a.audit?.disputeId === 'silent-3003')!.audit!;
    expect(silent.timeline[0]!.who!.id).toBe('buyer-chloe');
    expect(silent.timeline.some((t) => t.what.includes('Fine.\u001bE'))).toBe(true);
  });

  it('a history with control characters in ids (accepted before issue 11) is refused whole, and its findings print nothing raw', async () => {
    const idFile = join(folder.path, 'hostile-ids.jsonl');
    writeFileSync(idFile, hostileIdHistory());
    const refused = await runCliInProcess(['import', '--store', `sqlite:${join(folder.path, 'ids.db')}`, '--file', idFile]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('Nothing was imported');
    expect(rawControls(both(refused))).toEqual([]);
    const replayed = await runCliInProcess(['replay', '--file', idFile]);
    expect(replayed.code).toBe(2);
    expect(rawControls(both(replayed))).toEqual([]);
    expect(replayed.stdout).toContain('\\x9B');
  });

  it('audit (text and JSON) of the stored disputes escapes the message', async () => {
    const text = await runCliInProcess(['audit', 'silent-3003', '--store', store]);
    expect(text.code).toBe(0);
    expect(rawControls(both(text))).toEqual([]);
    expect(linesStartingWith(text.stdout, /^\s*✔ hash chain intact/)).toBe(1);
    expect(text.stdout).toContain('Fine.\\x1BE');

    const json = await runCliInProcess(['audit', 'silent-3003', '--store', store, '--json']);
    expect(json.code).toBe(0);
    expect(rawControls(both(json))).toEqual([]);
    expect((JSON.parse(json.stdout) as { subject: { buyerId: string } }).subject.buyerId).toBe('buyer-chloe');
  });

  it("on a terminal with colour, only the CLI's own colour codes reach it", async () => {
    const run = await runCliInProcess(['audit', 'silent-3003', '--store', store], { tty: true, env: { NO_COLOR: undefined } });
    expect(run.code).toBe(0);
    const output = both(run);
    expect(output).toContain('\u001b[1m'); // the CLI's bold: colour is on
    // Every escape character that reaches the terminal starts one of the CLI's own SGR codes.
    expect(output.replace(/\u001b\[\d+m/g, '')).not.toContain('\u001b');
    expect(rawControls(output.replace(/\u001b\[\d+m/g, ''))).toEqual([]);
    expect(run.stdout).toContain('Fine.\\x1BE');
  });

  it('verify, export and rebuild print nothing raw; the export still holds the text exactly', async () => {
    const verify = await runCliInProcess(['verify', '--store', store]);
    expect(verify.code).toBe(0);
    expect(rawControls(both(verify))).toEqual([]);
    const verifyJson = await runCliInProcess(['verify', '--store', store, '--json']);
    expect(rawControls(both(verifyJson))).toEqual([]);

    const exported = await runCliInProcess(['export', '--store', store]);
    expect(exported.code).toBe(0);
    expect(rawControls(both(exported))).toEqual([]);
    const texts = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; data: { text?: string } })
      .filter((e) => e.type === 'MessagePosted')
      .map((e) => e.data.text);
    expect(texts).toContain(HOSTILE_MESSAGE);

    const rebuild = await runCliInProcess(['rebuild', '--store', store]);
    expect(rebuild.code).toBe(0);
    expect(rawControls(both(rebuild))).toEqual([]);
  }, 60_000);

  it('a stream id written by hand (an older bug) cannot draw a line in the findings', async () => {
    const copy = join(folder.path, 'hand-edited.db');
    const source = new Database(db, { readonly: true });
    await source.backup(copy);
    source.close();
    const raw = new Database(copy);
    const row = raw.prepare("SELECT type, data, metadata FROM disputekit_events WHERE stream_id = 'dispute-silent-3003' AND version = 2").get() as Record<string, string>;
    raw
      .prepare('INSERT INTO disputekit_events (stream_id, version, event_id, type, data, metadata) VALUES (?, 1, ?, ?, ?, ?)')
      .run('dispute-evil\n\u2714 hash chains intact\u001b[2K\r', 'hand-made', row['type'], row['data'], row['metadata']);
    raw.close();
    const run = await runCliInProcess(['verify', '--store', `sqlite:${copy}`]);
    expect(run.code).toBe(2);
    expect(rawControls(both(run))).toEqual([]);
    expect(linesStartingWith(run.stdout, /^\s*✔ hash chains intact/)).toBe(0);
    expect(run.stdout).toContain('dispute-evil\\n\u2714 hash chains intact\\x1B[2K\\r');
  });

  it('errors, usage errors and store labels are escaped too', async () => {
    const missing = await runCliInProcess(['audit', 'evil\u001b[2J\u202e', '--store', store]);
    expect(missing.code).toBe(1);
    expect(rawControls(both(missing))).toEqual([]);
    expect(missing.stderr).toMatch(/^error: .*evil\\x1B\[2J\\u202E/m);
    expect(missing.stderr).toMatch(/^hint: /m);

    const noFile = await runCliInProcess(['replay', '--file', join(folder.path, 'no\u001b]8;;x\u0007such.jsonl')]);
    expect(noFile.code).toBe(1);
    expect(rawControls(both(noFile))).toEqual([]);

    const badFlag = await runCliInProcess(['verify', '--store', store, '--evil\u001b[31m']);
    expect(badFlag.code).toBe(1);
    expect(rawControls(both(badFlag))).toEqual([]);
    expect(badFlag.stderr).toContain('--evil\\x1B[31m');

    const badUrl = await runCliInProcess(['verify', '--store', 'mysql://h\u009b2J/db']);
    expect(badUrl.code).toBe(1);
    expect(rawControls(both(badUrl))).toEqual([]);
  });

  it('demo escapes a store path with control characters in it', async () => {
    const run = await runCliInProcess(['demo', '--store', `sqlite:${join(folder.path, 'demo\u001b[31m.db')}`]);
    expect(run.code).toBe(0);
    expect(rawControls(both(run))).toEqual([]);
    expect(run.stdout).toContain('demo\\x1B[31m.db');
  }, 60_000);
});
