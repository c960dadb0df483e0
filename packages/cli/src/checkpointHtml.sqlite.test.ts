import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

/** The `<li>` items of the report's integrity section. */
const integrityItems = (html: string): string[] => {
  const section = /<section id="integrity"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...section.matchAll(/<li class="(ok|bad)">([\s\S]*?)<\/li>/g)].map((m) => `${m[1]!}: ${m[2]!}`);
};

/** The HTML report shows the verdict of a signed checkpoint (audit --checkpoint) and of a proof (verify-proof --html). */
describe('checkpoint and proof verdicts in the HTML report (SQLite)', () => {
  const folder = tempFolder('checkpoint_html');
  const file = join(folder.path, 'demo.db');
  const store = `sqlite:${file}`;
  const key = join(folder.path, 'key.pem');
  const pub = join(folder.path, 'pub.pem');
  const otherPub = join(folder.path, 'other.pem');
  const checkpoint = join(folder.path, 'checkpoint.json');
  const proofFile = join(folder.path, 'return-2002.proof');
  const report = (name: string): string => join(folder.path, name);
  const bare = join(folder.path, 'bare.db');
  const edit = (path: string): void => {
    const db = new Database(path);
    try {
      db.prepare(`UPDATE disputekit_events SET metadata = replace(metadata, '"recordedAt":"2026', '"recordedAt":"2025') WHERE stream_id = 'dispute-return-2002' AND version = 3`).run();
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(otherPub, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await runCliInProcess(['demo', '--store', store])).code).toBe(0);
    expect((await runCliInProcess(['checkpoint', '--store', store, '--key', key, '--out', checkpoint])).code).toBe(0);
    expect((await runCliInProcess(['prove', 'return-2002', '--store', store, '--checkpoint', checkpoint, '--out', proofFile])).code).toBe(0);
    // A copy without the Merkle tables: the signed leaves must then come from today's log.
    copyFileSync(file, bare);
    const db = new Database(bare);
    try {
      for (const table of ['disputekit_merkle_nodes', 'disputekit_merkle_leaves', 'disputekit_merkle_state']) db.prepare(`DROP TABLE ${table}`).run();
    } finally {
      db.close();
    }
  }, 60_000);
  afterAll(() => folder.remove());

  it('an untouched store: signature valid and every event included, in green (exit 0)', async () => {
    const run = await runCliInProcess(['audit', 'return-2002', '--store', store, '--html', report('clean.html'), '--checkpoint', checkpoint, '--public-key', pub]);
    expect(run.code).toBe(0);
    const items = integrityItems(readFileSync(report('clean.html'), 'utf8'));
    expect(items.filter((i) => i.includes('checkpoint'))).toEqual([
      expect.stringMatching(/^ok: ✔ checkpoint .*checkpoint\.json \(67 events, root [0-9a-f]{16}…, signed .*\): signature: valid, by the key [0-9a-f]{16}…$/),
      expect.stringMatching(/^ok: ✔ checkpoint .*: this dispute&#39;s events: all \d+ covered events are in the signed log, each by an inclusion proof to the signed root$/),
    ]);
  }, 60_000);

  it('the wrong public key: the signature fails, in red (exit 2)', async () => {
    const run = await runCliInProcess(['audit', 'return-2002', '--store', store, '--html', report('key.html'), '--checkpoint', checkpoint, '--public-key', otherPub]);
    expect(run.code).toBe(2);
    const items = integrityItems(readFileSync(report('key.html'), 'utf8'));
    expect(items.filter((i) => i.startsWith('bad:') && i.includes('signature'))).toHaveLength(1);
  }, 60_000);

  it('--checkpoint without --public-key is refused before anything is written', async () => {
    const run = await runCliInProcess(['audit', 'return-2002', '--store', store, '--html', report('nokey.html'), '--checkpoint', checkpoint]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: audit --checkpoint needs the public key/);
  });

  it('a proof makes a report with no store, its verdict in the integrity section', async () => {
    const run = await runCliInProcess(['verify-proof', proofFile, '--public-key', pub, '--html', report('proof.html')]);
    expect(run.code).toBe(0);
    const html = readFileSync(report('proof.html'), 'utf8');
    expect(html).toContain('DisputeOpened');
    expect(integrityItems(html).filter((i) => i.includes('proof '))).toEqual([expect.stringMatching(/^ok: ✔ proof .*return-2002\.proof under checkpoint of 67 events .*: signature valid; all \d+ events are in the signed log/)]);
    const wrong = await runCliInProcess(['verify-proof', proofFile, '--public-key', otherPub, '--html', report('proof-bad.html')]);
    expect(wrong.code).toBe(2);
    expect(integrityItems(readFileSync(report('proof-bad.html'), 'utf8')).filter((i) => i.startsWith('bad:') && i.includes('proof '))).toHaveLength(1);
  }, 60_000);

  it('a store edited after the checkpoint: the edited event named, in red (exit 2); other disputes still proven', async () => {
    edit(file);
    const run = await runCliInProcess(['audit', 'return-2002', '--store', store, '--html', report('tampered.html'), '--checkpoint', checkpoint, '--public-key', pub]);
    expect(run.code).toBe(2);
    const html = readFileSync(report('tampered.html'), 'utf8');
    const failed = integrityItems(html).filter((i) => i.startsWith('bad:') && i.includes('checkpoint'));
    expect(failed).toEqual([expect.stringMatching(/this dispute&#39;s events: event v3 \w+ \(global position \d+\) was changed after the checkpoint: its inclusion proof does not lead to the signed root/)]);
    expect(html).toContain('data-integrity="problems"');
    const other = await runCliInProcess(['audit', 'cancel-5005', '--store', store, '--html', report('other.html'), '--checkpoint', checkpoint, '--public-key', pub]);
    expect(integrityItems(readFileSync(report('other.html'), 'utf8')).filter((i) => i.startsWith('bad:'))).toEqual([]);
    expect(other.code).toBe(0);
    const text = await runCliInProcess(['audit', 'return-2002', '--store', store, '--checkpoint', checkpoint, '--public-key', pub]);
    expect(text.stdout).toMatch(/✘ checkpoint .*was changed after the checkpoint/);
  }, 60_000);

  it("without the Merkle tables: proven from today's log while it holds; once edited, not provable, in red", async () => {
    const args = ['--html', report('bare.html'), '--checkpoint', checkpoint, '--public-key', pub];
    expect((await runCliInProcess(['audit', 'return-2002', '--store', `sqlite:${bare}`, ...args])).code).toBe(0);
    expect(integrityItems(readFileSync(report('bare.html'), 'utf8')).filter((i) => i.includes('covered events are in the signed log'))).toHaveLength(1);
    edit(bare);
    expect((await runCliInProcess(['audit', 'cancel-5005', '--store', `sqlite:${bare}`, ...args])).code).toBe(2);
    expect(integrityItems(readFileSync(report('bare.html'), 'utf8')).filter((i) => i.startsWith('bad:'))).toEqual([
      expect.stringMatching(/this dispute&#39;s events: not provable: today&#39;s log does not give the signed root, and the store&#39;s Merkle tables do not hold the signed tree/),
    ]);
  }, 60_000);
});
