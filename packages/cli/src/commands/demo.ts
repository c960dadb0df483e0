import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { auditDispute, disputeStreamId, formatMoney } from '@disputekit/core';
import { EXIT_FINDINGS, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { writeLine } from '../io';
import { readLogPages, readStreamOrFail } from '../readLog';
import { renderAudit } from '../render/auditText';
import { renderPayoutMovements } from '../render/payoutsText';
import { renderReadModels } from '../render/readModelsText';
import { renderVerification } from '../render/verifyText';
import { plural } from '../render/format';
import { wrapText } from '../render/wrap';
import { createProgress } from '../progress';
import { openStore } from '../storeUrl';
import { verifyLog } from '../verifyLog';
import { createDemoWorld, playStories } from '../demo/simulation';
import { demoStories } from '../demo/stories';
import { safeText } from '../render/safeText';

/** Options of `disputekit demo`. */
export interface DemoCommandOptions {
  readonly store?: string;
}

/** The simulated clock starts here, before the first story. */
const DEMO_START = '2026-03-05T00:00:00.000Z';
/** The read models are shown once mid-way, at this instant. */
const DEMO_MIDPOINT = '2026-03-17T12:00:00.000Z';

/** The demo's output fits this many columns (a terminal of 100 columns, or a log viewer). */
export const DEMO_WIDTH = 100;

/** A fresh SQLite file in a new temporary folder. */
const defaultStoreUrl = (): string => `sqlite:${join(mkdtempSync(join(tmpdir(), 'disputekit-demo-')), 'disputekit.db')}`;

/**
 * `disputekit demo`: plays six realistic disputes end to end on a simulated clock — the dispute
 * service writing a hash-chained log, the projection runner keeping the read models, the deadline
 * scheduler, the refund processor and the payout reactor reacting — then prints each dispute's
 * timeline, the read models (mid-way and at the end), the refunds paid, the payout holds and
 * releases, a verification of the whole store, and what to try next.
 */
export const demoCommand = async (options: DemoCommandOptions, ctx: CommandContext): Promise<number> => {
  const url = options.store ?? defaultStoreUrl();
  const store = await openStore(url, { create: true });
  const s = ctx.out;
  // Every line fits DEMO_WIDTH columns: long timeline entries wrap under their description column.
  const out = (...lines: string[]) => (lines.length === 0 ? [''] : lines).forEach((line) => writeLine(ctx.io.stdout, wrapText(line, DEMO_WIDTH)));
  try {
    const readSide = await store.openReadSide();
    const world = createDemoWorld(store.events, readSide, DEMO_START);
    const sellers = [...new Set(demoStories.map((story) => String((story.steps[0]?.command['order'] as { sellerId?: string } | undefined)?.sellerId)))];

    out(s.bold('disputekit demo') + s.dim(` — ${demoStories.length} disputes in March 2026 on a simulated clock, stored in ${store.label}`));
    out(s.dim('People act (buyer, seller, mediator); the deadline scheduler, the refund processor and the payout reactor do the rest.'));
    const run = await playStories(world, demoStories, {
      pauseAt: DEMO_MIDPOINT,
      pause: async () => {
        out('', s.bold(s.cyan(`═══ Read models on ${DEMO_MIDPOINT.slice(0, 16).replace('T', ' ')}Z, mid-way ═══`)));
        out(await renderReadModels(world.readModels, s, sellers));
      },
    });
    await world.runner.stop();

    for (const story of demoStories) {
      const streamId = disputeStreamId(story.disputeId);
      const audit = auditDispute(streamId, await readStreamOrFail(store.events, store.label, streamId));
      out('', s.bold(s.cyan(`═══ ${story.title} ═══`)));
      out(renderAudit(audit, s));
    }

    out('', s.bold(s.cyan('═══ Read models at the end ═══')));
    out(await renderReadModels(world.readModels, s, sellers));
    out('', s.bold('Payments') + s.dim('  (the in-memory gateway: money that actually moved, once per dispute)'));
    for (const payout of world.gateway.payouts()) {
      out(safeText(`  ${payout.disputeId.padEnd(13)} ${formatMoney(payout.amount).padStart(10)}  key ${payout.idempotencyKey}  ref ${payout.gatewayReference}`));
    }
    out('', s.bold('Seller payouts') + s.dim('  (the in-memory payout service: each hold and release once per dispute)'));
    out(renderPayoutMovements(world.payouts.movements(), s));

    const verified = await verifyLog(
      {
        pages: readLogPages(store.events, store.label),
        readStreams: async (ids) => new Map(await Promise.all(ids.map(async (id) => [id, await readStreamOrFail(store.events, store.label, id)] as const))),
      },
      { progress: createProgress(ctx.io.stderr, 'verifying') },
    );
    out('', s.bold(s.cyan('═══ Verification of the whole store ═══')));
    out(renderVerification(verified, s));
    out(
      '',
      s.dim(`${plural(run.commands, "command")} from people, ${plural(run.deadlinesFired, "deadline")} fired by the scheduler, ${plural(run.refundsPaid, "refund")} paid by the refund processor, ${plural(run.payoutHolds, "payout hold")} placed and ${plural(run.payoutReleases, "payout hold")} released by the payout reactor.`),
    );
    if (store.spec.kind !== 'memory') {
      const cli = invokedAs();
      out('', s.bold('Try next:'));
      const tryNext = [
        `${cli} audit seed-1001 --store ${store.label}`,
        `${cli} audit ruling-4004 --store ${store.label} --as-of 2026-03-17T00:00:00Z`,
        `${cli} verify --store ${store.label}`,
        `${cli} export --store ${store.label} > history.jsonl`,
        `${cli} replay --file history.jsonl`,
      ];
      // Commands are not wrapped like prose: a long one is split with shell line continuations, so it still pastes.
      for (const command of tryNext) shellLines(command, DEMO_WIDTH).forEach((line) => writeLine(ctx.io.stdout, line));
    }
    return verified.verification.clean ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    await store.close();
  }
};

/** A shell command on lines of at most `width` columns (unless one word is longer), continued with a trailing backslash. */
const shellLines = (command: string, width: number): string[] => {
  const lines: string[] = [];
  let current = '  ';
  for (const word of command.split(' ')) {
    const candidate = current.trim() === '' ? `${current}${word}` : `${current} ${word}`;
    if (candidate.length + 2 > width && current.trim() !== '') {
      lines.push(`${current} \\`);
      current = `      ${word}`;
    } else current = candidate;
  }
  lines.push(current);
  return lines;
};

/**
 * How the user can run the CLI again: `disputekit` when installed as a command, or `node <path>` when
 * it was started from a checkout (`node packages/cli/dist/bin.js`, as the README's main command does).
 */
const invokedAs = (): string => {
  const script = process.argv[1] ?? '';
  return /[\\/]bin\.(js|ts)$/.test(script) ? `node ${relative(process.cwd(), script) || script}` : 'disputekit';
};
