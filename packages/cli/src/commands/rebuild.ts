import * as E from 'fp-ts/lib/Either.js';
import { createProjectionRunner, disputeProjections } from '@disputekit/projections';
import { CliError, EXIT_FINDINGS, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { writeLine } from '../io';
import { createProgress } from '../progress';
import { countStoreEvents, totalIfShown } from '../progressTotals';
import { openStore } from '../storeUrl';
import { safeJson } from '../render/safeText';
import { requireDurableReadSide } from './durableReadSide';
import { parkedLines } from './parkedReport';

/** Options of `disputekit rebuild`. */
export interface RebuildCommandOptions {
  readonly store: string;
  readonly projection?: string;
  readonly json?: boolean;
}

/** The read models `rebuild` knows, by name. */
export const projectionNames = (): ReadonlyArray<string> => disputeProjections.map((p) => p.name);

/**
 * `disputekit rebuild`: rebuilds read models from the global log. Each projection gets a new
 * generation built beside the one in service, swapped in once it has caught up (the projection
 * runner's rebuild), so readers never see a half-built model. Progress on stderr.
 */
export const rebuildCommand = async (options: RebuildCommandOptions, ctx: CommandContext): Promise<number> => {
  const names = projectionNames();
  if (options.projection !== undefined && !names.includes(options.projection)) {
    throw new CliError(`There is no projection ${JSON.stringify(options.projection)}.`, `Use one of: ${names.join(', ')}.`);
  }
  requireDurableReadSide(options.store, 'rebuild');
  const store = await openStore(options.store, { create: false });
  try {
    const readSide = await store.openReadSide();
    const selected = disputeProjections.filter((p) => options.projection === undefined || p.name === options.projection);
    const runner = createProjectionRunner({ events: store.events, readSide, projections: selected, batchSize: 1_000, owner: `disputekit-rebuild-${process.pid}` });
    for (const projection of selected) {
      const requested = runner.rebuild(projection.name);
      if (E.isLeft(requested)) throw new CliError(requested.left.message);
    }
    // Each projection reads the whole log: the work is the store's events times the projections.
    const events = await totalIfShown(ctx.io.stderr, () => countStoreEvents(store.spec));
    const progress = createProgress(ctx.io.stderr, 'rebuilding', events === undefined ? undefined : events * selected.length);
    const started = Date.now();
    const timer = setInterval(() => {
      const applied = runner.status().reduce((sum, s) => sum + s.eventsApplied, 0);
      progress.update(applied, selected.map((p) => p.name).join(', '));
    }, 100);
    let caught: Awaited<ReturnType<typeof runner.catchUp>>;
    try {
      caught = await runner.catchUp();
    } finally {
      clearInterval(timer);
      progress.done();
    }
    if (E.isLeft(caught)) {
      const held = caught.left._tag === 'LeaseHeld';
      throw new CliError(
        `The rebuild failed: ${caught.left.message}`,
        held ? 'Another process runs these projections (it holds the lease): rebuild from there, or stop it and try again when its lease expires.' : 'Check the store, then run the rebuild again (it starts over safely).',
      );
    }
    const status = runner.status();
    await runner.stop();
    const seconds = (Date.now() - started) / 1000;
    const rows = status.map((s) => ({ projection: s.projection, generation: s.active?.generation ?? null, checkpoint: s.active?.checkpoint ?? 0, eventsApplied: s.eventsApplied }));
    const parked = status.flatMap((s) => s.parked.map((p) => ({ projection: s.projection, ...p })));
    if (options.json === true) writeLine(ctx.io.stdout, safeJson({ store: store.label, seconds, projections: rows, parked }, 2));
    else {
      for (const row of rows) {
        writeLine(ctx.io.stdout, `${ctx.out.green('✔')} ${row.projection.padEnd(18)} generation ${row.generation ?? '—'} · up to global position ${row.checkpoint.toLocaleString('en-US')} · ${row.eventsApplied.toLocaleString('en-US')} events applied`);
      }
      writeLine(ctx.io.stdout, `Rebuilt ${rows.length} read model${rows.length === 1 ? '' : 's'} of ${store.label} in ${seconds.toFixed(2)} s.`);
      for (const line of parkedLines(parked, ctx)) writeLine(ctx.io.stdout, line);
    }
    // Parked streams are findings: the read models lack those disputes until they are repaired.
    return parked.length === 0 ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    await store.close();
  }
};
