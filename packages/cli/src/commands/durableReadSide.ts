import { CliError } from '../cliError';
import { parseStoreUrl } from '../storeUrl';

/**
 * Refuses `rebuild` and `readmit` on a store whose read models have nowhere durable to live:
 * EventStoreDB/KurrentDB holds events only, so a rebuild there would fill read models in this
 * process's memory, report success and lose them on exit. Called before anything is opened.
 */
export const requireDurableReadSide = (url: string, command: 'rebuild' | 'readmit'): void => {
  if (parseStoreUrl(url).kind !== 'eventstoredb') return;
  throw new CliError(
    `disputekit ${command} cannot run on an EventStoreDB/KurrentDB store: it has no place for read models, so they would be built in memory and lost when the command ends.`,
    'Run the projections in your service with a SQLite or PostgreSQL read side (createProjectionRunner), or copy the events there first (disputekit export | disputekit import) and run the command on that store.',
  );
};
