/** Every figure of the bench, in report order. */
import type { Figure } from '../harness';
import { commandFigures } from './commands';
import { projectionFigures } from './projections';
import { readStreamFigures } from './readStreams';
import { rehydrationFigures } from './rehydration';
import { snapshotFigures } from './snapshots';
import { verifyFigures } from './verify';

/** All figures; `pnpm bench <part>` runs those whose `part` (or id) matches. */
export const allFigures: Figure[] = [...rehydrationFigures, ...snapshotFigures, ...commandFigures, ...readStreamFigures, ...projectionFigures, ...verifyFigures];
