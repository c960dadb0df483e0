import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readGivenCheckpoint } from '../checkpointChecks';
import { tempFolder } from '../testing/runCli';
import { runCliInProcess } from '../testing/runCliInProcess';
import { openStore, type OpenedStore } from '../storeUrl';
import { startConsole, type RunningConsole } from './consoleServer';

/** The console with a signed checkpoint: its status in the top bar and on the verify page, and each dispute's page. */
describe('disputekit console with a signed checkpoint (SQLite)', () => {
  const folder = tempFolder('console_checkpoint');
  const file = join(folder.path, 'demo.db');
  const key = join(folder.path, 'key.pem');
  const pub = join(folder.path, 'pub.pem');
  const checkpoint = join(folder.path, 'checkpoint.json');
  let store: OpenedStore;
  let consoleApp: RunningConsole;
  const page = async (url: string): Promise<string> => (await fetch(`${consoleApp.url.replace(/\/$/, '')}${url}`)).text();
  /** The verify page once the checkpoint's check is no longer running (a hang is caught by the test's timeout). */
  const settledVerifyPage = async (): Promise<string> => {
    for (;;) {
      const html = await page('/verify');
      if (!html.includes('id="checkpoint-result" class="warn"') && !html.includes('<p class="warn" id="checkpoint-result"')) return html;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await runCliInProcess(['demo', '--store', `sqlite:${file}`])).code).toBe(0);
    expect((await runCliInProcess(['checkpoint', '--store', `sqlite:${file}`, '--key', key, '--out', checkpoint])).code).toBe(0);
    const given = await readGivenCheckpoint('serve', { checkpoint, publicKey: pub });
    store = await openStore(`sqlite:${file}`, { create: false, readOnly: true });
    consoleApp = await startConsole({ store, port: 0, ...(given === undefined ? {} : { checkpoint: given }) });
  }, 60_000);
  afterAll(async () => {
    await consoleApp?.close();
    await store?.close();
    folder.remove();
  });

  it('an untouched store: the checkpoint holds (top bar, verify page) and a dispute page proves its events', async () => {
    const verify = await settledVerifyPage();
    expect(verify).toContain('<p id="checkpoint-result" class="ok">✔ The checkpoint holds.</p>');
    expect(verify).toMatch(/<li class="ok">✔ [^<]*checkpoint\.json: the whole log: today&#39;s first 67 events give the signed root/);
    expect(verify).toMatch(/id="checkpoint-status" class="badge ok">checkpoint holds</);
    const dispute = await page('/disputes/return-2002');
    expect(dispute).toMatch(/<li class="ok">✔ checkpoint [^<]*: this dispute&#39;s events: all \d+ covered events are in the signed log/);
    expect(dispute).toMatch(/<li class="ok">✔ checkpoint [^<]*: signature: valid/);
  }, 60_000);

  it('after an edit of the store, checked again: the checkpoint does not hold, and the edited dispute shows it in red', async () => {
    const db = new Database(file);
    try {
      db.prepare(`UPDATE disputekit_events SET metadata = replace(metadata, '"recordedAt":"2026', '"recordedAt":"2025') WHERE stream_id = 'dispute-return-2002' AND version = 3`).run();
    } finally {
      db.close();
    }
    await page('/verify?again=1');
    const verify = await settledVerifyPage();
    expect(verify).toContain('<p id="checkpoint-result" class="bad">✘ The checkpoint does not hold.</p>');
    expect(verify).toMatch(/<li class="bad">✘ [^<]*: the whole log: today&#39;s first 67 events do not give the signed root/);
    expect(verify).toMatch(/id="checkpoint-status" class="badge bad">checkpoint does not hold</);
    const dispute = await page('/disputes/return-2002');
    expect(dispute).toMatch(/<li class="bad">✘ checkpoint [^<]*: this dispute&#39;s events: event v3 \w+ \(global position \d+\) was changed after the checkpoint/);
    const other = await page('/disputes/cancel-5005');
    expect(other).toMatch(/<li class="ok">✔ checkpoint [^<]*: this dispute&#39;s events: all \d+ covered events are in the signed log/);
    const report = await page('/disputes/return-2002/report.html');
    expect(report).toMatch(/<li class="bad">✘ checkpoint [^<]*was changed after the checkpoint/);
  }, 60_000);

  it('serve --checkpoint without --public-key is refused before the store is opened', async () => {
    const run = await runCliInProcess(['serve', '--store', `sqlite:${file}`, '--checkpoint', checkpoint]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: serve --checkpoint needs the public key/);
  });
});
