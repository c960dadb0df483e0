import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { runCliInProcess } from '../../packages/cli/src/testing/runCliInProcess';

const HISTORY = resolve(__dirname, 'history.jsonl');

/** Runs `disputekit ...args` in-process (the commander program the built bin runs), as the README's commands do. */
const disputekit = (args: ReadonlyArray<string>, stdin = '') => runCliInProcess(args, { stdin });

/** The commands of examples/audit/README.md, run on the bundled history. */
describe('examples/audit: auditing a history with one tampered event', () => {
  const temp = testTempFolder('audit_example');
  const folder = temp.path;
  afterAll(() => temp.remove());

  it('the bundled history is the demo export of its first five disputes with exactly one line changed (the demo is deterministic; the file keeps hash version 1)', async () => {
    const store = `sqlite:${join(folder, 'demo.db')}`;
    expect((await disputekit(['demo', '--store', store])).code).toBe(0);
    // The file was written before hash version 2 and before five policy fields existed (issue 15: maxRefundFailures,
    // deadlines.refundDue, payoutHold, liability, onChargeback; a policy without them decodes with the defaults the demo now writes),
    // and before rulings and resolutions recorded who pays (liability; absent reads as all on the seller). Its chain
    // fields, those policy fields and those liabilities differ from a fresh export's; everything else is the same.
    const withoutPolicyFieldsSince = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(withoutPolicyFieldsSince);
      if (typeof value !== 'object' || value === null) return value;
      const entries = Object.entries(value).filter(([key, inner]) => !(key === 'liability' && typeof inner === 'object' && inner !== null && 'cause' in inner)).map(([key, inner]) => {
        if (key !== 'policy' || typeof inner !== 'object' || inner === null) return [key, withoutPolicyFieldsSince(inner)];
        const { maxRefundFailures: _max, payoutHold: _hold, liability: _liability, onChargeback: _chargeback, deadlines, ...policy } = inner as Record<string, unknown>;
        const { refundDue: _due, ...olderDeadlines } = deadlines as Record<string, unknown>;
        return [key, { ...policy, deadlines: olderDeadlines }];
      });
      return Object.fromEntries(entries);
    };
    const withoutChain = (line: string): string => {
      const { metadata, ...event } = JSON.parse(line) as { metadata: Record<string, unknown> };
      const { hash: _hash, previousHash: _previous, hashVersion: _version, ...rest } = metadata;
      return JSON.stringify(withoutPolicyFieldsSince({ ...event, metadata: rest }));
    };
    // It was also written before decision 0003 read the seed literally: its `seed` policy has the three values the
    // preset had then, and its orders no refused cancellation (the demo's orders carry one since). The fresh export
    // is put back to those, field by field, so that everything else is still compared.
    const exported = (await disputekit(['export', '--store', store])).stdout.trim().split('\n');
    // The demo has since gained scenes played after the first five end (the held payout, held-6006, and the
    // chargeback, chargeback-7007): they come after the file's 47 events in the log, and are all the fresh export has beyond them.
    const freshLines = exported.slice(0, 47);
    expect([...new Set(exported.slice(47).map((line) => (JSON.parse(line) as { streamId: string }).streamId))].sort()).toEqual(['dispute-chargeback-7007', 'dispute-held-6006', 'order-order-6006', 'order-order-7007']);
    const opened = freshLines.map((line) => JSON.parse(line) as { type: string; data: { order: Record<string, unknown>; policy: Record<string, unknown> } }).filter((e) => e.type === 'DisputeOpened');
    expect(opened).toHaveLength(5);
    for (const e of opened) {
      expect(typeof e.data.order['cancellationRefusedAt']).toBe('string');
      expect(e.data.policy).toMatchObject({ name: 'seed', requireCancellationRefused: true, strictPartialForKeptItem: true, onBuyerSilence: 'ESCALATE' });
    }
    const beforeDecision0003 = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(beforeDecision0003);
      if (typeof value !== 'object' || value === null) return value;
      const entries = Object.entries(value).map(([key, inner]): [string, unknown] => {
        if (key === 'order') {
          const { cancellationRefusedAt: _refused, ...order } = inner as Record<string, unknown>;
          return [key, order];
        }
        if (key === 'policy') return [key, { ...(inner as object), requireCancellationRefused: false, strictPartialForKeptItem: false, onBuyerSilence: 'ACCEPT_STANDING_OFFER' }];
        return [key, beforeDecision0003(inner)];
      });
      return Object.fromEntries(entries);
    };
    const fresh = freshLines.map((line) => withoutChain(JSON.stringify(beforeDecision0003(JSON.parse(line)))));
    const bundledLines = readFileSync(HISTORY, 'utf8').trim().split('\n');
    expect(bundledLines.every((line) => !line.includes('hashVersion'))).toBe(true);
    const bundled = bundledLines.map(withoutChain);
    expect(bundled).toHaveLength(fresh.length);
    const changed = bundled.flatMap((line, i) => (line === fresh[i] ? [] : [JSON.parse(line) as { streamId: string; version: number; type: string }]));
    expect(changed.map((e) => [e.streamId, e.version, e.type])).toEqual([['dispute-ruling-4004', 6, 'RulingIssued']]);
  });

  it('replay finds the edited ruling and names the first broken link (exit 2)', async () => {
    const run = await disputekit(['replay', '--file', HISTORY, '--summary']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('First broken link: dispute-ruling-4004@6 (global position 28) does not match its hash');
    expect(run.stdout).toMatch(/RULE M3 +dispute-ruling-4004@7 +The resolution refunds 3000 USD, but 9000 USD was settled\./);
  });

  it('replay --dispute shows one dispute’s audit; --json tells the four clean disputes from the tampered one', async () => {
    const one = await disputekit(['replay', '--file', HISTORY, '--dispute', 'ruling-4004']);
    expect(one.stdout).toContain("ruled in the buyer's favour (DISPUTE round): refund 90.00 USD");
    expect(one.stdout).toContain('✘ hash chain broken — first broken link: dispute-ruling-4004@6');
    const json = await disputekit(['replay', '--file', HISTORY, '--json']);
    const audits = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; audit?: { disputeId: string; clean: boolean } })
      .filter((r) => r.kind === 'dispute');
    expect(Object.fromEntries(audits.map((r) => [r.audit!.disputeId, r.audit!.clean]))).toEqual({
      'silent-3003': true,
      'return-2002': true,
      'ruling-4004': false,
      'cancel-5005': true,
      'seed-1001': true,
    });
  });

  it('import refuses the history and writes nothing (exit 2)', async () => {
    const target = join(folder, 'imported.db');
    const run = await disputekit(['import', '--store', `sqlite:${target}`], readFileSync(HISTORY, 'utf8'));
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Nothing was imported: the history must check out in full first.');
    expect(existsSync(target)).toBe(false); // the store was not even opened
  });
});
