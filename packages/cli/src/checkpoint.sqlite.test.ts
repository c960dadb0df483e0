import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chainMetadata, ed25519PrivateKey, formatCheckpoint, signCheckpoint } from '@disputekit/core';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

/** Runs statements on a copy of the store's SQLite file, as someone with the database in hand would. */
const tamper = (file: string, work: (db: Database.Database) => void): void => {
  const db = new Database(file);
  try {
    db.transaction(() => work(db))();
  } finally {
    db.close();
  }
};

/** Moves the global positions above `after` up by `by` (through negatives, so the primary key never collides). */
const shiftPositions = (db: Database.Database, after: number, by: number): void => {
  db.prepare('UPDATE disputekit_events SET global_position = -global_position - ? WHERE global_position > ?').run(by, after);
  db.prepare('UPDATE disputekit_events SET global_position = -global_position WHERE global_position < 0').run();
};

interface Row {
  global_position: number;
  stream_id: string;
  version: number;
  type: string;
  data: string;
  metadata: string;
}

/** Each tampering, done after a checkpoint was signed, and the change `verify --checkpoint` must name. */
const tamperings: ReadonlyArray<{ name: string; apply: (db: Database.Database) => void; kind: string; names: RegExp }> = [
  {
    name: 'an edited amount, with the stream chain recomputed',
    apply: (db) => {
      const rows = db.prepare(`SELECT * FROM disputekit_events WHERE stream_id = 'dispute-seed-1001' AND version >= 7 ORDER BY version`).all() as Row[];
      let previous = (JSON.parse(rows[0]!.metadata) as { hash: string }).hash;
      for (const row of rows.slice(1)) {
        const data = JSON.parse(row.type === 'RefundIssued' ? row.data.replace('"amount":4000', '"amount":4999') : row.data) as unknown;
        const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
        const chain = chainMetadata(previous, { streamId: row.stream_id, version: row.version, type: row.type, data, metadata });
        db.prepare('UPDATE disputekit_events SET data = ?, metadata = ? WHERE global_position = ?').run(JSON.stringify(data), JSON.stringify({ ...metadata, ...chain }), row.global_position);
        previous = chain.hash;
      }
    },
    kind: 'EDITED',
    names: /event #45 of the log was edited after the checkpoint: today it is dispute-seed-1001@8 RefundIssued \(global position 45\)/,
  },
  {
    name: 'an edited recordedAt',
    apply: (db) => {
      db.prepare(`UPDATE disputekit_events SET metadata = replace(metadata, '"recordedAt":"2026', '"recordedAt":"2025') WHERE stream_id = 'dispute-return-2002' AND version = 3`).run();
    },
    kind: 'EDITED',
    names: /event #13 of the log was edited after the checkpoint: today it is dispute-return-2002@3 ReturnRequested/,
  },
  {
    name: 'a whole dispute deleted with its order guard',
    apply: (db) => {
      db.prepare(`DELETE FROM disputekit_events WHERE stream_id IN ('dispute-cancel-5005', 'order-order-5005')`).run();
    },
    kind: 'DELETED',
    names: /2 signed events at event #26 of the log \(global positions 26, 27\) are gone: deleted from the log/,
  },
  {
    name: 'a deleted tail',
    apply: (db) => {
      db.prepare('DELETE FROM disputekit_events WHERE global_position > 64').run();
    },
    kind: 'TRUNCATED',
    names: /the log holds 64 events, but the checkpoint covers 67: the last 3 signed events \(global positions 65, 66, 67\) were deleted/,
  },
  {
    name: 'an inserted event',
    apply: (db) => {
      shiftPositions(db, 20, 1);
      db.prepare(
        `INSERT INTO disputekit_events (global_position, stream_id, version, event_id, type, data, metadata)
         SELECT 21, 'dispute-forged-9', 1, 'forged', type, data, replace(metadata, event_id, 'forged') FROM disputekit_events WHERE global_position = 2`,
      ).run();
    },
    kind: 'INSERTED',
    names: /1 event was inserted at event #21 of the log: dispute-forged-9@1 DisputeOpened \(global position 21\) was not in the signed log/,
  },
  {
    name: 'a reordering (two events of different streams swapped: every chain still holds)',
    apply: (db) => {
      db.prepare('UPDATE disputekit_events SET global_position = -16 WHERE global_position = 16').run();
      db.prepare('UPDATE disputekit_events SET global_position = 16 WHERE global_position = 17').run();
      db.prepare('UPDATE disputekit_events SET global_position = 17 WHERE global_position = -16').run();
    },
    kind: 'REORDERED',
    names: /the log was reordered at event #16 of the log: dispute-ruling-4004@2 ProposalRejected \(global position 16\) was signed at another place/,
  },
];

describe('signed checkpoints of a SQLite store', () => {
  const folder = tempFolder('checkpoint');
  const original = join(folder.path, 'demo.db');
  const key = join(folder.path, 'key.pem');
  const pub = join(folder.path, 'pub.pem');
  const checkpoint = join(folder.path, 'checkpoint.json');
  let copies = 0;
  const copy = (): string => {
    const file = join(folder.path, `copy-${++copies}.db`);
    copyFileSync(original, file);
    return file;
  };

  beforeAll(async () => {
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await runCliInProcess(['demo', '--store', `sqlite:${original}`])).code).toBe(0);
    const signed = await runCliInProcess(['checkpoint', '--store', `sqlite:${original}`, '--key', key, '--out', checkpoint, '--log-id', 'demo']);
    expect(signed).toMatchObject({ code: 0, stderr: expect.stringContaining('Signed a checkpoint of 67 events') as string });
  }, 60_000);
  afterAll(() => folder.remove());

  it('writes a signed tree head: log id, size, root, last position, time, key id and signature', () => {
    const written = JSON.parse(readFileSync(checkpoint, 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({
      format: 'disputekit-checkpoint/1',
      logId: 'demo',
      size: 67,
      rootHash: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      lastGlobalPosition: 67,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
      keyId: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      signature: expect.stringMatching(/^[0-9a-f]{128}$/) as string,
    });
  });

  it('an untouched store verifies against its checkpoint (exit 0)', async () => {
    const run = await runCliInProcess(['verify', '--store', `sqlite:${copy()}`, '--checkpoint', checkpoint, '--public-key', pub]);
    expect(run.stdout).toContain("signature valid, and today's first 67 events give its root");
    expect(run.code).toBe(0);
  });

  it.each(tamperings.map((t, i) => [t.name, i] as const))('after the checkpoint, %s: exit 2, and the change is named', async (_name, index) => {
    const tampering = tamperings[index]!;
    const file = copy();
    tamper(file, tampering.apply);
    const run = await runCliInProcess(['verify', '--store', `sqlite:${file}`, '--checkpoint', checkpoint, '--public-key', pub]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(tampering.names);
    const json = JSON.parse((await runCliInProcess(['verify', '--store', `sqlite:${file}`, '--checkpoint', checkpoint, '--public-key', pub, '--json'])).stdout) as {
      clean: boolean;
      checkpoints: Array<{ holds: boolean; changeKind: string }>;
    };
    expect(json.clean).toBe(false);
    expect(json.checkpoints).toEqual([expect.objectContaining({ holds: false, changeKind: tampering.kind })]);
  });

  it('a checkpoint whose bytes were changed, or a wrong public key, fails (exit 2)', async () => {
    const forged = join(folder.path, 'forged.json');
    writeFileSync(forged, readFileSync(checkpoint, 'utf8').replace('"size": 67', '"size": 66'));
    const run = await runCliInProcess(['verify', '--store', `sqlite:${copy()}`, '--checkpoint', forged, '--public-key', pub]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('The checkpoint signature does not hold');
    const other = join(folder.path, 'other.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const wrongKey = await runCliInProcess(['verify', '--store', `sqlite:${copy()}`, '--checkpoint', checkpoint, '--public-key', other]);
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stdout).toContain('not with the public key given');
  });

  it('a validly signed checkpoint of more events than the log holds fails (exit 2) without allocating for its size', async () => {
    const huge = join(folder.path, 'huge.json');
    const head = { size: 2 ** 40, rootHash: Buffer.alloc(32, 7), lastGlobalPosition: 2 ** 40 };
    writeFileSync(huge, formatCheckpoint(signCheckpoint({ logId: 'demo', head, time: new Date(), privateKey: ed25519PrivateKey(readFileSync(key)) })));
    const run = await runCliInProcess(['verify', '--store', `sqlite:${copy()}`, '--checkpoint', huge, '--public-key', pub]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('the log holds only 67');
  });

  it('two checkpoints: the newer log extends the older one (consistency proof), and not once the older part was rewritten', async () => {
    const early = copy();
    // The log as it stood at 30 events (its tree tables dropped, so the tree is built from those 30).
    tamper(early, (db) => db.exec('DELETE FROM disputekit_events WHERE global_position > 30; DROP TABLE disputekit_merkle_nodes; DROP TABLE disputekit_merkle_leaves; DROP TABLE disputekit_merkle_state;'));
    const older = join(folder.path, 'older.json');
    expect((await runCliInProcess(['checkpoint', '--store', `sqlite:${early}`, '--key', key, '--out', older])).code).toBe(0);
    const run = await runCliInProcess(['verify', '--store', `sqlite:${copy()}`, '--checkpoint', older, '--checkpoint', checkpoint, '--public-key', pub]);
    expect(run.stdout).toMatch(/checkpoint\.json \(67 events\) extends .*older\.json \(30 events\): consistency proof of \d+ hashes verified/);
    expect(run.code).toBe(0);

    const rewritten = copy();
    tamper(rewritten, (db) => db.prepare(`UPDATE disputekit_events SET metadata = replace(metadata, '"recordedAt":"2026', '"recordedAt":"2025') WHERE global_position = 5`).run());
    const fresh = join(rewritten.replace('.db', '-tree.db'));
    copyFileSync(rewritten, fresh);
    // A forger who rebuilds the tree from the rewritten log gets a newer checkpoint signed...
    tamper(fresh, (db) => db.exec('DELETE FROM disputekit_merkle_nodes; DELETE FROM disputekit_merkle_leaves; DELETE FROM disputekit_merkle_state;'));
    const newer = join(folder.path, 'newer.json');
    expect((await runCliInProcess(['checkpoint', '--store', `sqlite:${fresh}`, '--key', key, '--out', newer])).code).toBe(0);
    // ...but it does not extend the older one.
    const broken = await runCliInProcess(['verify', '--store', `sqlite:${fresh}`, '--checkpoint', older, '--checkpoint', newer, '--public-key', pub]);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toMatch(/No consistency proof from .*older\.json \(30 events\) to .*newer\.json \(67 events\) holds/);
  });

  it('checkpoint refuses to sign over a log changed under its tree, and works with a key made by openssl', async () => {
    const opensslKey = join(folder.path, 'openssl-key.pem');
    const opensslPub = join(folder.path, 'openssl-pub.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', opensslKey]);
    execFileSync('openssl', ['pkey', '-in', opensslKey, '-pubout', '-out', opensslPub]);
    const file = copy();
    const out = join(folder.path, 'openssl-checkpoint.json');
    expect((await runCliInProcess(['checkpoint', '--store', `sqlite:${file}`, '--key', opensslKey, '--out', out])).code).toBe(0);
    expect((await runCliInProcess(['verify', '--store', `sqlite:${file}`, '--checkpoint', out, '--public-key', opensslPub])).code).toBe(0);
    tamper(file, (db) => db.prepare('DELETE FROM disputekit_events WHERE global_position = 67').run());
    const refused = await runCliInProcess(['checkpoint', '--store', `sqlite:${file}`, '--key', opensslKey]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("The tree's last event (leaf 66, global position 67) is no longer in the log");
  });

  it('verify cross-checks order guards against disputes: a reservation without its dispute, a dispute without its reservation, a release that does not match', async () => {
    const findings = async (apply: (db: Database.Database) => void) => {
      const file = copy();
      tamper(file, apply);
      const run = await runCliInProcess(['verify', '--store', `sqlite:${file}`, '--json']);
      expect(run.code).toBe(2);
      return (JSON.parse(run.stdout) as { findings: Array<{ rule?: string; streamId: string }> }).findings.map((f) => `${f.rule ?? ''} ${f.streamId}`);
    };
    expect(await findings((db) => db.prepare(`DELETE FROM disputekit_events WHERE stream_id = 'dispute-cancel-5005'`).run())).toContain('G1 order-order-5005');
    expect(await findings((db) => db.prepare(`DELETE FROM disputekit_events WHERE stream_id = 'order-order-5005' AND version = 1`).run())).toContain('G2 dispute-cancel-5005');
    expect(await findings((db) => db.prepare(`DELETE FROM disputekit_events WHERE stream_id = 'dispute-seed-1001' AND version = 9`).run())).toContain('G3 order-order-1001');
  });

  it('bad keys and missing files are errors naming the file (exit 1), and nothing is written', async () => {
    const notKey = join(folder.path, 'not-a-key.pem');
    writeFileSync(notKey, 'hello');
    const run = await runCliInProcess(['checkpoint', '--store', `sqlite:${copy()}`, '--key', notKey, '--out', join(folder.path, 'never.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${notKey}: The private key is not a PEM private key`);
    const noKey = await runCliInProcess(['verify', '--store', `sqlite:${copy()}`, '--checkpoint', checkpoint]);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('needs the public key');
  });
});
