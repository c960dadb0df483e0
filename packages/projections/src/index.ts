/**
 * @disputekit/projections — the read side of disputekit: a projection runner with checkpoints,
 * leases, batching and rebuilds; the dispute read models; and the reactors that fire deadlines and
 * pay refunds exactly once in effect.
 * @packageDocumentation
 */
export * from './readSide/rows';
export * from './readSide/readModelErrors';
export * from './readSide/readModelStore';
export * from './readSide/checkpointStore';
export * from './readSide/projectionLease';
export * from './readSide/parkedStreams';
export * from './runner/projection';
export * from './runner/runnerErrors';
export * from './runner/decodeRecordedEvent';
export type { ProjectionStatus, WorkerState } from './runner/projectionWorker';
export * from './runner/projectionRunner';
export * from './runner/readmitStream';
export * from './checkpoints/checkpointSink';
export * from './checkpoints/logCheckpointer';
export * from './stores/memoryReadSideStore';
export * from './stores/sqliteReadSideStore';
export * from './stores/postgresReadSideStore';
export * from './readModels/disputeTrack';
export * from './readModels/readModelReader';
export * from './readModels/disputeSummary';
export * from './readModels/sellerScorecard';
export * from './readModels/deadlineQueue';
export * from './readModels/mediatorQueue';
export * from './readModels/readModels';
export * from './reactors/commandSender';
export * from './reactors/paymentGateway';
export * from './reactors/inMemoryPaymentGateway';
export * from './reactors/deadlineScheduler';
export * from './reactors/refundProcessor';
export * from './reactors/payoutPort';
export * from './reactors/inMemoryPayoutPort';
export * from './reactors/payoutReactor';
export * from './notifications/index';
