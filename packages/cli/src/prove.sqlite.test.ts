import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519PublicKey, parseDisputeProof, verifyDisputeProof } from '@disputekit/core';
import { runsFor } from '@disputekit/adapters/testRun';
import { rawControls } from './testing/hostileHistory';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

/** Every byte of a proof counts: with DISPUTEKIT_FULL_RUNS=1 every byte is changed; by default every 8th, from an offset that changes from run to run. */
const STEP = runsFor(8, 1);

describe('proofs of one dispute, checked with no store', () => {
  const folder = tempFolder('prove');
  const store = `sqlite:${join(folder.path, 'demo.db')}`;
  const key = join(folder.path, 'key.pem');
  const pub = join(folder.path, 'pub.pem');
  const checkpoint = join(folder.path, 'checkpoint.json');
  const proofFile = join(folder.path, 'cancel-5005.proof');

  beforeAll(async () => {
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await runCliInProcess(['demo', '--store', store])).code).toBe(0);
    expect((await runCliInProcess(['checkpoint', '--store', store, '--key', key, '--out', checkpoint])).code).toBe(0);
    const proved = await runCliInProcess(['prove', 'cancel-5005', '--store', store, '--checkpoint', checkpoint, '--out', proofFile]);
    expect(proved).toMatchObject({ code: 0, stderr: expect.stringContaining('Wrote the proof of 4 events of dispute cancel-5005') as string });
  }, 60_000);
  afterAll(() => folder.remove());

  it('an untouched proof holds and replays the dispute: its state and checkHistory findings (exit 0)', async () => {
    const run = await runCliInProcess(['verify-proof', proofFile, '--public-key', pub]);
    expect(run.stdout).toContain('Dispute cancel-5005: 4 events, under a checkpoint of 67 events');
    expect(run.stdout).toMatch(/#27 +dispute-cancel-5005@1 +DisputeOpened/);
    expect(run.stdout).toContain('State: CLOSED, CANCELLED');
    expect(run.stdout).toContain('✔ checkHistory: no rule violations');
    expect(run.stdout).toContain('The proof holds');
    expect(run.code).toBe(0);
    const json = JSON.parse((await runCliInProcess(['verify-proof', proofFile, '--public-key', pub, '--json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ holds: true, disputeId: 'cancel-5005', events: 4, state: { status: 'CLOSED' }, violations: [], problems: [] });
  });

  it('a forged proof with terminal escapes in its text does not hold, and prints nothing a terminal acts on', async () => {
    const forged = join(folder.path, 'forged.proof');
    const fake = '\u001b[2J\u001b[32m\u2714 The proof holds\u001b[0m\u202e';
    const text = readFileSync(proofFile, 'utf8');
    for (const [what, changed] of [
      ['the dispute id', text.replace(/"disputeId":"cancel-5005"/, `"disputeId":${JSON.stringify(`cancel-5005${fake}`)}`)],
      ['the log id', text.replace(/"logId":"[^"]*"/, `"logId":${JSON.stringify(fake)}`)],
      ['an event type', text.replace(/"type":"DisputeOpened"/, `"type":${JSON.stringify(`DisputeOpened${fake}`)}`)],
    ] as const) {
      expect({ what, changed: changed !== text }).toEqual({ what, changed: true });
      writeFileSync(forged, changed);
      for (const args of [[], ['--json']]) {
        const run = await runCliInProcess(['verify-proof', forged, '--public-key', pub, ...args]);
        expect({ what, args, code: run.code }).toEqual({ what, args, code: 2 });
        expect({ what, args, raw: rawControls(run.stdout + run.stderr) }).toEqual({ what, args, raw: [] });
      }
    }
  });

  it('prove writes to stdout the same proof, and a longer dispute proves too', async () => {
    const run = await runCliInProcess(['prove', 'cancel-5005', '--store', store, '--checkpoint', checkpoint]);
    expect(run.stdout).toBe(readFileSync(proofFile, 'utf8'));
    const seed = join(folder.path, 'seed.proof');
    expect((await runCliInProcess(['prove', 'seed-1001', '--store', store, '--checkpoint', checkpoint, '--out', seed])).code).toBe(0);
    const verified = await runCliInProcess(['verify-proof', seed, '--public-key', pub]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Dispute seed-1001: 9 events');
  });

  it('a proof with any byte changed does not hold', () => {
    const bytes = readFileSync(proofFile);
    const publicKey = ed25519PublicKey(readFileSync(pub));
    const holds = (candidate: Buffer): boolean => {
      try {
        return verifyDisputeProof(parseDisputeProof(candidate), publicKey).holds;
      } catch {
        return false;
      }
    };
    expect(holds(bytes)).toBe(true);
    const offset = Date.now() % STEP;
    const passed: number[] = [];
    for (let i = offset; i < bytes.length; i += STEP) {
      for (const change of [0x01, 0x20]) {
        const changed = Buffer.from(bytes);
        changed[i] = changed[i]! ^ change;
        if (holds(changed)) passed.push(i);
      }
    }
    // The offsets of the changed bytes that still held: none.
    expect(passed).toEqual([]);
  }, 120_000);

  it('verify-proof through the CLI: a changed event, a wrong key, a file that is not a proof (exit 2); an unreadable file (exit 1)', async () => {
    const text = readFileSync(proofFile, 'utf8');
    const edited = join(folder.path, 'edited.proof');
    writeFileSync(edited, text.replace('"text":"', '"text":"I never agreed. '));
    const run = await runCliInProcess(['verify-proof', edited, '--public-key', pub]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/dispute-cancel-5005@2 \(log event #33\) is not in the signed log/);
    const other = join(folder.path, 'other.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await runCliInProcess(['verify-proof', proofFile, '--public-key', other])).code).toBe(2);
    const pretty = join(folder.path, 'pretty.proof');
    writeFileSync(pretty, JSON.stringify(JSON.parse(text), null, 2));
    const reformatted = await runCliInProcess(['verify-proof', pretty, '--public-key', pub]);
    expect(reformatted.code).toBe(2);
    expect(reformatted.stdout).toContain('not in its canonical form');
    const missing = await runCliInProcess(['verify-proof', join(folder.path, 'nope.proof'), '--public-key', pub]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read the proof');
  });

  it('prove refuses a dispute the checkpoint does not cover, and a checkpoint the store does not match (exit 1)', async () => {
    const none = await runCliInProcess(['prove', 'no-such-dispute', '--store', store, '--checkpoint', checkpoint]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('The checkpoint covers no event of dispute no-such-dispute');
    const other = join(folder.path, 'other-store.json');
    const otherStore = `sqlite:${join(folder.path, 'other.db')}`;
    expect((await runCliInProcess(['demo', '--store', otherStore])).code).toBe(0);
    const signed = JSON.parse(readFileSync(checkpoint, 'utf8')) as Record<string, unknown>;
    writeFileSync(other, JSON.stringify({ ...signed, rootHash: 'ab'.repeat(32) }));
    const mismatch = await runCliInProcess(['prove', 'seed-1001', '--store', otherStore, '--checkpoint', other]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('is not the one signed in the checkpoint');
  });
});
