import * as E from 'fp-ts/lib/Either.js';
import { createProjectionRunner, disputeProjections } from '@disputekit/projections';
import { safeJson, safeText } from '../render/safeText';
import { CliError, EXIT_FINDINGS, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { writeLine } from '../io';
import { openStore } from '../storeUrl';
import { requireDurableReadSide } from './durableReadSide';
import { parkedLines } from './parkedReport';

/** Options of `disputekit readmit`. */
export interface ReadmitCommandOptions {
  readonly store: string;
  readonly stream: string;
  readonly json?: boolean;
}

/**
 * `disputekit readmit`: re-admits a repaired stream that the read models parked (an event of it
 * could not be decoded). Refused while the stream still holds such an event. Each read model that
 * parked it is rebuilt beside the one in service; when another process holds a read model's lease,
 * that process does the rebuild at its next lease renewal. Exit 0, or 2 when streams stay parked.
 */
export const readmitCommand = async (options: ReadmitCommandOptions, ctx: CommandContext): Promise<number> => {
  requireDurableReadSide(options.store, 'readmit');
  const store = await openStore(options.store, { create: false });
  try {
    const readSide = await store.openReadSide();
    const runner = createProjectionRunner({ events: store.events, readSide, projections: disputeProjections, batchSize: 1_000, owner: `disputekit-readmit-${process.pid}` });
    const readmitted = await runner.readmit(options.stream);
    if (E.isLeft(readmitted)) {
      throw new CliError(
        readmitted.left.message,
        readmitted.left._tag === 'StreamStillCorrupt' ? 'Repair the event (disputekit verify names what is wrong with it), then run readmit again.' : 'Check the store, then try again.',
      );
    }
    const { rebuilding } = readmitted.right;
    let rebuiltHere = false;
    if (rebuilding.length > 0) {
      const caught = await runner.catchUp();
      if (E.isLeft(caught) && caught.left._tag !== 'LeaseHeld') throw new CliError(`The rebuild failed: ${caught.left.message}`, 'Run disputekit readmit again: the rebuild starts over safely.');
      rebuiltHere = E.isRight(caught);
    }
    const status = runner.status();
    await runner.stop();
    const stillParked = rebuiltHere ? status.flatMap((s) => s.parked.map((p) => ({ projection: s.projection, ...p }))) : [];
    if (options.json === true) {
      writeLine(ctx.io.stdout, safeJson({ store: store.label, stream: options.stream, rebuilding, rebuiltHere, parked: stillParked }, 2));
    } else if (rebuilding.length === 0) {
      writeLine(ctx.io.stdout, `No read model of ${store.label} had parked ${safeText(options.stream)}: nothing to do.`);
    } else {
      writeLine(
        ctx.io.stdout,
        rebuiltHere
          ? `${ctx.out.green('✔')} Re-admitted ${safeText(options.stream)}: rebuilt ${rebuilding.join(', ')}.`
          : `${ctx.out.green('✔')} Re-admitted ${safeText(options.stream)}: the runner that holds the leases rebuilds ${rebuilding.join(', ')} at its next lease renewal.`,
      );
      for (const line of parkedLines(stillParked, ctx)) writeLine(ctx.io.stdout, line);
    }
    return stillParked.length === 0 ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    await store.close();
  }
};
