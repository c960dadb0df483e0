import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

/** Every CLI command, run in-process (the commander program the binary runs), against a SQLite store made by the demo. */
describe('disputekit on SQLite (in-process)', () => {
  const folder = tempFolder('cli');
  const db = join(folder.path, 'demo.db');
  const store = `sqlite:${db}`;
  let demo: Awaited<ReturnType<typeof runCliInProcess>>;
  const countRows = (file: string): number => {
    const handle = new Database(file, { readonly: true });
    try {
      return (handle.prepare('SELECT COUNT(*) AS n FROM disputekit_events').get() as { n: number }).n;
    } finally {
      handle.close();
    }
  };

  beforeAll(async () => {
    demo = await runCliInProcess(['demo', '--store', store]);
  }, 60_000);
  afterAll(() => folder.remove());

  it('demo plays the seven stories end to end and prints timelines, read models and a clean verification', () => {
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    for (const title of ["The seed's story", 'A return and refund', 'A silent seller', "A mediator's ruling", 'A cancelled dispute', 'A held payout']) {
      expect(demo.stdout).toContain(title);
    }
    expect(demo.stdout).toContain('fired at 2026-03-10 12:00Z by system deadline-scheduler');
    expect(demo.stdout).toContain('refunded 40.00 USD (gateway reference');
    for (const model of ['Dispute summary', 'Seller scorecards', 'Platform cost', 'Deadline queue', 'Mediator queue']) expect(demo.stdout).toContain(model);
    // seller-homewares at the end: 119.00 refunded through the gateway and 50.00 lost to the chargeback, all the seller's.
    expect(demo.stdout).toMatch(/refunded 169\.00 USD \(seller paid 169\.00 USD, platform covered 0\.00 USD\)/);
    expect(demo.stdout).toContain('Clean: every stream checks out.');
    expect(demo.stdout).not.toMatch(/\u001b\[/); // no colour when not on a terminal
  });

  it("demo shows a payout hold placed at the opening and released at the end, through the payout service", () => {
    expect(demo.stdout).toMatch(/2 +2026-03-27 10:00Z +buyer buyer-fay +held 60\.00 USD of the seller's payout/);
    expect(demo.stdout).toMatch(/7 +2026-03-29 19:00Z +system refund-processor +released 35\.00 USD of the held payout to the\s+seller \(25\.00 USD paid the refund\)/);
    const ledger = demo.stdout.slice(demo.stdout.indexOf('Seller payouts  ('));
    expect(ledger).toMatch(
      /^Seller payouts .*\n  held-6006 +hold +60\.00 USD  key dispute:held-6006:hold  ref po-1\n  held-6006 +release +35\.00 USD  key dispute:held-6006:release  ref po-2  \(25\.00 USD of it paid\s+the refund\)\n  chargeback-7007 hold +80\.00 USD  key dispute:chargeback-7007:hold  ref po-3\n  chargeback-7007 release +30\.00 USD  key dispute:chargeback-7007:release  ref po-4  \(50\.00 USD of\s+it paid the refund\)\n\n/,
    );
    expect(demo.stdout).toContain('2 payout holds placed and 2 payout holds released by the payout reactor');
  });

  it('demo shows a chargeback: the dispute suspended, the chargeback lost, the hold paying it', () => {
    // The timeline wraps its sentences: compare them with the wrapping undone.
    const timeline = demo.stdout.slice(demo.stdout.indexOf('chargeback-7007 · stream')).replace(/\s+/g, ' ');
    expect(timeline).toContain('system payments recorded a chargeback of 50.00 USD with visa (case visa-cb-7007, answer due by 2026-04-10T23:59:59.000Z) [50.00 USD] → CHARGEBACK_OPEN');
    expect(timeline).toContain('recorded chargeback visa-cb-7007 lost: 50.00 USD went back to the buyer through the card issuer');
    expect(timeline).toContain('released 30.00 USD of the held payout to the seller (50.00 USD paid the refund)');
    expect(demo.stdout).toMatch(/chargeback-7007 +CLOSED REFUNDED_PARTIAL/);
    // The audit's header says how the money went back: none through the gateway, all through the card issuer.
    expect(timeline).toContain('Status CLOSED (REFUNDED_PARTIAL) · refunded 0.00 USD · lost to chargebacks 50.00 USD');
  });

  it("demo leaves the payout reactor's cursor in the store, past the last event: a restart calls the payout service for nothing old", async () => {
    const { createSqliteReadSideStore } = await import('@disputekit/projections');
    const readSide = createSqliteReadSideStore({ filename: db });
    try {
      const cursor = await readSide.readReactorCursor('payouts');
      expect(cursor).toEqual({ _tag: 'Right', right: countRows(db) });
    } finally {
      await readSide.close();
    }
  });

  it('audit prints the timeline, states, deadlines and checks of one dispute', async () => {
    const run = await runCliInProcess(['audit', 'silent-3003', '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dispute silent-3003');
    expect(run.stdout).toMatch(/3 +2026-03-10 12:00Z +system deadline-scheduler +SELLER_RESPONSE deadline due 2026-03-10T12:00:00.000Z expired/);
    expect(run.stdout).toContain("accepted proposal p-buyer-1 on the silent seller's behalf: 24.50 USD");
    expect(run.stdout).toContain('→ CLOSED (REFUNDED_FULL)');
    expect(run.stdout).toContain('✔ hash chain intact (7 events');
    expect(run.stdout).toContain('Verdict: clean.');
  });

  it('audit --json has the documented shape', async () => {
    const run = await runCliInProcess(['audit', 'return-2002', '--store', store, '--json']);
    expect(run.code).toBe(0);
    const audit = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(audit).sort()).toEqual(
      ['chain', 'clean', 'corrupt', 'deadlines', 'disputeId', 'finalState', 'shownEvents', 'states', 'storedEvents', 'streamId', 'subject', 'timeline', 'violations'].sort(),
    );
    expect(audit).toMatchObject({
      disputeId: 'return-2002',
      streamId: 'dispute-return-2002',
      storedEvents: 8,
      clean: true,
      violations: [],
      chain: { ok: true, events: 8, streams: 1, breaks: [] },
      finalState: { status: 'CLOSED', outcome: 'REFUNDED_FULL', refunded: { amount: 8_900, currency: 'USD' } },
      subject: { orderId: 'order-2002', buyerId: 'buyer-ben', sellerId: 'seller-homewares', policy: 'seed' },
    });
    expect((audit['timeline'] as Array<Record<string, unknown>>)[0]).toMatchObject({
      version: 1,
      type: 'DisputeOpened',
      at: '2026-03-10T10:00:00.000Z',
      who: { role: 'buyer', id: 'buyer-ben' },
      money: { amount: 8_900, currency: 'USD' },
      valid: true,
    });
    expect((audit['deadlines'] as Array<Record<string, unknown>>).map((d) => d['kind'])).toEqual(['SELLER_RESPONSE', 'NEGOTIATION_WINDOW', 'RETURN_SHIPMENT', 'RETURN_RECEIPT']);
  });

  it('audit --as-of shows the dispute as it stood then', async () => {
    const run = await runCliInProcess(['audit', 'ruling-4004', '--store', store, '--as-of', '2026-03-17T00:00:00Z', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      asOf: '2026-03-17T00:00:00Z',
      storedEvents: 9,
      shownEvents: 4,
      finalState: { status: 'UNDER_MEDIATION', deadlines: [{ kind: 'EVIDENCE_REQUEST', party: 'seller', dueAt: '2026-03-19T10:00:00.000Z' }] },
    });
  });

  it('audit says what to do with an unknown dispute or a bad instant (exit 1)', async () => {
    const unknown = await runCliInProcess(['audit', 'nope', '--store', store]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/error: There is no dispute nope in sqlite:.*\nhint: /);
    const instant = await runCliInProcess(['audit', 'seed-1001', '--store', store, '--as-of', 'last tuesday']);
    expect(instant.code).toBe(1);
    expect(instant.stderr).toContain('hint: Write an ISO-8601 instant');
  });

  it('verify checks every stream and prints a summary; --json has the documented shape', async () => {
    const text = await runCliInProcess(['verify', '--store', store]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Checked 67 events in 7 disputes, 7 order guards');
    expect(text.stdout).toContain('✔ hash chains intact');
    const json = await runCliInProcess(['verify', '--store', store, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      store,
      seconds: expect.any(Number) as number,
      events: 67,
      streams: { disputes: 7, orderGuards: 7, other: 0 },
      disputesByStatus: { CLOSED: 7 },
      chainBreaks: 0,
      corruptEvents: 0,
      ruleViolations: 0,
      findings: [],
      findingsOmitted: 0,
      clean: true,
      unreadableLines: [],
      unreadableCount: 0,
      parked: [],
    });
  });

  it('verify --threads reads in a second thread when asked (the same summary), and refuses anything but 0 to 4 (exit 1)', async () => {
    const oneThread = JSON.parse((await runCliInProcess(['verify', '--store', store, '--json', '--threads', '0'])).stdout) as Record<string, unknown>;
    const twoThreads = await runCliInProcess(['verify', '--store', store, '--json', '--threads', '1']);
    expect(twoThreads.code).toBe(0);
    expect({ ...(JSON.parse(twoThreads.stdout) as Record<string, unknown>), seconds: 0 }).toEqual({ ...oneThread, seconds: 0 });
    for (const bad of ['5', '-1', '1.5', 'two', '']) {
      const refused = await runCliInProcess(['verify', '--store', store, '--threads', bad]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`error: --threads ${JSON.stringify(bad)} is not a number of threads from 0 to 4.`);
      expect(refused.stderr).toContain('hint: Give 0 to read and check in one thread');
    }
  });

  it('verify --save-heads and --heads anchor the store against a deleted tail', async () => {
    const heads = join(folder.path, 'heads.jsonl');
    const saved = await runCliInProcess(['verify', '--store', store, '--save-heads', heads]);
    expect(saved.code).toBe(0);
    expect(readFileSync(heads, 'utf8').trim().split('\n')).toHaveLength(14);
    const truncated = (name: string, statements: ReadonlyArray<string>): string => {
      const copy = join(folder.path, name);
      copyFileSync(db, copy);
      const handle = new Database(copy);
      for (const statement of statements) handle.prepare(statement).run();
      handle.close();
      return copy;
    };
    // Remove the cancellation (versions 3 and 4): what is left is a valid chain and a valid open dispute,
    // but the order guard's release (order-5005 version 2) says the dispute closed: the cross-check sees it.
    const disputeOnly = truncated('truncated-dispute.db', ["DELETE FROM disputekit_events WHERE stream_id = 'dispute-cancel-5005' AND version >= 3"]);
    const crossChecked = await runCliInProcess(['verify', '--store', `sqlite:${disputeOnly}`]);
    expect(crossChecked.code).toBe(2);
    expect(crossChecked.stdout).toMatch(/RULE G3 +order-order-5005@2 .*dispute cancel-5005 closed, but it is AWAITING_SELLER/);
    // Remove the release from the order guard too: every stream is consistent, and the chains and rules alone cannot see the deleted tails.
    const copy = truncated('truncated.db', [
      "DELETE FROM disputekit_events WHERE stream_id = 'dispute-cancel-5005' AND version >= 3",
      "DELETE FROM disputekit_events WHERE stream_id = 'order-order-5005' AND version >= 2",
    ]);
    expect((await runCliInProcess(['verify', '--store', `sqlite:${copy}`])).code).toBe(0);
    const anchored = await runCliInProcess(['verify', '--store', `sqlite:${copy}`, '--heads', heads, '--json']);
    expect(anchored.code).toBe(2);
    const report = JSON.parse(anchored.stdout) as { findings: Array<{ streamId: string; version: number; problem: string }> };
    expect(report).toMatchObject({ firstBrokenLink: { streamId: 'order-order-5005', version: 2, problem: 'TRUNCATED' } });
    expect(report.findings.map((f) => [f.streamId, f.version, f.problem])).toEqual([
      ['order-order-5005', 2, 'TRUNCATED'],
      ['dispute-cancel-5005', 3, 'TRUNCATED'],
    ]);
  });

  it('export writes JSON Lines; replay audits the file with no store', async () => {
    const all = await runCliInProcess(['export', '--store', store]);
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines).toHaveLength(67);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual(['streamId', 'version', 'globalPosition', 'type', 'data', 'metadata']);
    const one = await runCliInProcess(['export', '--store', store, '--dispute', 'seed-1001']);
    expect(one.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { streamId: string }).streamId)).toEqual(Array(9).fill('dispute-seed-1001'));

    const file = join(folder.path, 'history.jsonl');
    writeFileSync(file, all.stdout);
    const replay = await runCliInProcess(['replay', '--file', file]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('Dispute seed-1001');
    expect(replay.stdout).toContain('Clean: every stream checks out.');
    const json = await runCliInProcess(['replay', '--file', file, '--json']);
    const records = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; audit?: { disputeId: string } });
    expect(records.map((r) => r.kind)).toEqual(['dispute', 'dispute', 'dispute', 'dispute', 'dispute', 'dispute', 'dispute', 'summary']);
    expect(records.slice(0, 7).map((r) => r.audit?.disputeId).sort()).toEqual(['cancel-5005', 'chargeback-7007', 'held-6006', 'return-2002', 'ruling-4004', 'seed-1001', 'silent-3003']);
    expect(records[7]).toMatchObject({ kind: 'summary', file, clean: true, events: 67 });
  });

  it('import writes a checked history into an empty store, and refuses one that holds its streams', async () => {
    const history = (await runCliInProcess(['export', '--store', store])).stdout;
    const copy = join(folder.path, 'imported.db');
    const imported = await runCliInProcess(['import', '--store', `sqlite:${copy}`], { stdin: history });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 67 events in 14 streams');
    expect((await runCliInProcess(['verify', '--store', `sqlite:${copy}`])).code).toBe(0);
    const again = await runCliInProcess(['import', '--store', `sqlite:${copy}`], { stdin: history });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Nothing was imported');
    expect(countRows(copy)).toBe(67);
  });

  it('import writes nothing when the history is tampered (exit 2)', async () => {
    const lines = (await runCliInProcess(['export', '--store', store])).stdout.trim().split('\n');
    const edited = lines.map((line) => (line.includes('"dispute-seed-1001","version":7') ? line.replace('"amount":4000', '"amount":4999') : line));
    expect(edited).not.toEqual(lines);
    const target = join(folder.path, 'refused.db');
    const run = await runCliInProcess(['import', '--store', `sqlite:${target}`, '--json'], { stdin: `${edited.join('\n')}\n` });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ imported: 0, clean: false, firstBrokenLink: { streamId: 'dispute-seed-1001', version: 7, problem: 'CONTENT_CHANGED' } });
  });

  it('rebuild rebuilds the read models, all or one', async () => {
    const all = await runCliInProcess(['rebuild', '--store', store, '--json']);
    expect(all.code).toBe(0);
    const result = JSON.parse(all.stdout) as { projections: Array<{ projection: string; checkpoint: number }> };
    expect(result.projections.map((p) => p.projection).sort()).toEqual(['deadline_queue', 'dispute_summary', 'mediator_queue', 'platform_cost', 'seller_scorecard']);
    const one = await runCliInProcess(['rebuild', '--store', store, '--projection', 'dispute_summary']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/✔ dispute_summary +generation \d+/);
    const bad = await runCliInProcess(['rebuild', '--store', store, '--projection', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("error: option '--projection <name>' argument 'nope' is invalid");
  });

  it.each(['demo', 'audit', 'verify', 'export', 'import', 'replay', 'rebuild'])('%s --help explains the command (exit 0)', async (command) => {
    const run = await runCliInProcess([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: disputekit ${command}`);
  });

  it('an invalid flag, a missing store or an unknown store URL is a clear error (exit 1)', async () => {
    const flag = await runCliInProcess(['verify', '--store', store, '--frobnicate']);
    expect(flag).toMatchObject({ code: 1, stderr: expect.stringContaining("error: unknown option '--frobnicate'") as string });
    const missing = await runCliInProcess(['verify']);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining("required option '--store <url>' not specified") as string });
    const url = await runCliInProcess(['export', '--store', 'mysql://x']);
    expect(url.code).toBe(1);
    expect(url.stderr).toContain('hint: Use one of memory:, sqlite:PATH');
    const file = await runCliInProcess(['verify', '--store', `sqlite:${join(folder.path, 'absent.db')}`]);
    expect(file.code).toBe(1);
    expect(file.stderr).toContain('There is no SQLite file at');
    const kurrent = await runCliInProcess(['verify', '--store', 'kurrentdb://127.0.0.1:1?tls=false', '--json']);
    expect(kurrent.code).toBe(1);
    expect(kurrent.stdout).toBe('');
    expect(kurrent.stderr).toMatch(/error: The store kurrentdb:\/\/127\.0\.0\.1:1\?tls=false failed: .*\nhint: Check that the server is running/);
  });

  it('refuses rebuild and readmit on KurrentDB (no place for read models) before connecting, exit 1', async () => {
    for (const args of [['rebuild'], ['readmit', '--stream', 'dispute-d42']]) {
      const run = await runCliInProcess([...args, '--store', 'kurrentdb://127.0.0.1:1?tls=false']);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toContain(`error: disputekit ${args[0]!} cannot run on an EventStoreDB/KurrentDB store`);
      expect(run.stderr).toContain('hint: Run the projections in your service');
    }
  });
});
