import type { Projection } from '../runner/projection';
import { deadlineQueueProjection, deadlineQueueQueries, type DeadlineQueueQueries } from './deadlineQueue';
import { disputeSummaryProjection, disputeSummaryQueries, type DisputeSummaryQueries } from './disputeSummary';
import { mediatorQueueProjection, mediatorQueueQueries, type MediatorQueueQueries } from './mediatorQueue';
import { platformCostProjection, platformCostQueries, type PlatformCostQueries } from './platformCost';
import type { ReadModelSource } from './readModelReader';
import { sellerScorecardProjection, sellerScorecardQueries, type SellerScorecardQueries } from './sellerScorecard';

/** The read models' projections, to hand to the runner. */
export const disputeProjections: ReadonlyArray<Projection> = [
  disputeSummaryProjection,
  sellerScorecardProjection,
  deadlineQueueProjection,
  mediatorQueueProjection,
  platformCostProjection,
];

/** Every read model's queries. */
export interface DisputeReadModels {
  readonly disputeSummary: DisputeSummaryQueries;
  readonly sellerScorecard: SellerScorecardQueries;
  readonly deadlineQueue: DeadlineQueueQueries;
  readonly mediatorQueue: MediatorQueueQueries;
  readonly platformCost: PlatformCostQueries;
}

/** The queries of every read model over a store the runner writes. */
export const createDisputeReadModels = (source: ReadModelSource): DisputeReadModels => ({
  disputeSummary: disputeSummaryQueries(source),
  sellerScorecard: sellerScorecardQueries(source),
  deadlineQueue: deadlineQueueQueries(source),
  mediatorQueue: mediatorQueueQueries(source),
  platformCost: platformCostQueries(source),
});
