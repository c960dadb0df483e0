/**
 * @disputekit/projections — the read side of disputekit: a projection runner with checkpoints,
 * leases, batching and rebuilds; the dispute read models; and the reactors that fire deadlines and
 * pay refunds exactly once in effect.
 * @packageDocumentation
 */

// Read-side ports: rows, tables, read-model stores, checkpoints, leases and parked streams
export type {
  ColumnSpec, ColumnType, Condition, Row, RowChange, RowQuery, ScalarValue, TableSpec,
} from './readSide/rows';
export {
  checkpointConflict, invalidReadModelQuery, readModelClosed, readModelUnavailable,
} from './readSide/readModelErrors';
export type {
  CheckpointConflict, InvalidReadModelQuery, ReadModelClosed, ReadModelError, ReadModelUnavailable,
} from './readSide/readModelErrors';
export type { CommitBatch, ProjectionTarget, ReadModelStore } from './readSide/readModelStore';
export type { CheckpointStore, ProjectionCatalogEntry } from './readSide/checkpointStore';
export type { LeaseRequest, ProjectionLease, ReadSideStore } from './readSide/projectionLease';
export type { ParkedStream, ParkedStreamStore } from './readSide/parkedStreams';

// The projection runner
export type { ProjectedEvent, Projection, RowRef, RowView } from './runner/projection';
export { leaseHeld, projectionFailed, streamStillCorrupt, unknownProjection } from './runner/runnerErrors';
export type {
  LeaseHeld, ProjectionFailed, RunnerError, StreamStillCorrupt, UnknownProjection,
} from './runner/runnerErrors';
export { decodeRecordedEvent } from './runner/decodeRecordedEvent';
export type { ProjectionStatus, WorkerState } from './runner/projectionWorker';
export { createProjectionRunner } from './runner/projectionRunner';
export type { ProjectionLag, ProjectionRunner, ProjectionRunnerOptions } from './runner/projectionRunner';
export { readmitStream } from './runner/readmitStream';
export type { ReadmitOptions, ReadmitResult } from './runner/readmitStream';

// Merkle-log checkpoints written by the read side
export { checkpointFileName, folderCheckpointSink } from './checkpoints/checkpointSink';
export type { CheckpointSink } from './checkpoints/checkpointSink';
export { createLogCheckpointer } from './checkpoints/logCheckpointer';
export type { LogCheckpointer, LogCheckpointOptions } from './checkpoints/logCheckpointer';

// Read-side stores: memory, SQLite, PostgreSQL
export type { SqlStoreOptions } from './stores/sqlReadSideStore';
export { createMemoryReadSideStore } from './stores/memoryReadSideStore';
export { createSqliteReadSideStore } from './stores/sqliteReadSideStore';
export type { SqliteReadSideStoreOptions } from './stores/sqliteReadSideStore';
export { createPostgresReadSideStore } from './stores/postgresReadSideStore';
export type { PostgresReadSideStoreOptions } from './stores/postgresReadSideStore';

// The dispute read models and their queries
export type { StoredDisputeTrack } from './readModels/disputeTrack';
export { partyActions } from './readModels/disputeTrack';
export type { PartyAction, TrackedDeadline, TrackedEvidenceRequest } from './readModels/disputeTrack';
export { queryActive } from './readModels/readModelReader';
export type { Page, PageRequest, ReadModelSource } from './readModels/readModelReader';
export { disputeSummaryProjection, disputeSummaryQueries, disputeSummaryTable } from './readModels/disputeSummary';
export type { DisputeSummary, DisputeSummaryQueries, SummaryPageRequest } from './readModels/disputeSummary';
export {
  scorecardDisputesTable, sellerScorecardProjection, sellerScorecardQueries, sellerScorecardsTable,
} from './readModels/sellerScorecard';
export type {
  ScorecardCounters, ScorecardDispute, SellerScorecard, SellerScorecardQueries,
} from './readModels/sellerScorecard';
export {
  deadlineQueueProjection, deadlineQueueQueries, deadlineQueueTable, deadlineStreamsTable,
} from './readModels/deadlineQueue';
export type { DeadlineQueueQueries, QueuedDeadline } from './readModels/deadlineQueue';
export {
  mediatorQueueProjection, mediatorQueueQueries, mediatorQueueTable, mediatorStreamsTable,
} from './readModels/mediatorQueue';
export type { MediatorQueueItem, MediatorQueueQueries } from './readModels/mediatorQueue';
export { platformCostDisputesTable, platformCostProjection, platformCostQueries, platformCostsTable } from './readModels/platformCost';
export type { PlatformCost, PlatformCostDispute, PlatformCostQueries, PlatformCostRow } from './readModels/platformCost';
export { createDisputeReadModels, disputeProjections } from './readModels/readModels';
export type { DisputeReadModels } from './readModels/readModels';

// Reactors: commands back to the service, deadlines, refunds and the payment gateway port
export type { CommandFailure, CommandSender, DisputeLoader, SystemActor } from './reactors/commandSender';
export type { PaymentGateway, RefundNotPaid, RefundPaid, RefundRequest } from './reactors/paymentGateway';
export { createInMemoryPaymentGateway } from './reactors/inMemoryPaymentGateway';
export type {
  GatewayBehaviour, GatewayCall, InMemoryPaymentGateway, InMemoryPaymentGatewayOptions, Payout,
} from './reactors/inMemoryPaymentGateway';
export { createDeadlineScheduler, expireCommandId } from './reactors/deadlineScheduler';
export type { DeadlineScheduler, DeadlineSchedulerOptions, SchedulerTick } from './reactors/deadlineScheduler';
export {
  createRefundProcessor, defaultRefundBackoff, issueRefundCommandId, refundFailureCommandId, gatewayRefundOwed,
} from './reactors/refundProcessor';
export type { RefundProcessor, RefundProcessorOptions, RefundTick } from './reactors/refundProcessor';

// Notifications: the reactor, its ledger, sinks and signed webhooks
export {
  createMemoryNotificationCheckpoint, createMemoryNotificationLedger, createMemoryNotificationSink,
  createNotificationLedger, createNotificationReactor, createReminders, createWebhookSink,
  DEFAULT_NOTIFICATION_REACTOR, defaultWebhookBackoff, notificationsFromEvent, NotificationStateError,
  reminderId, signWebhook, verifyWebhookSignature, WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER,
  webhookSignature,
} from './notifications/index';
export type {
  DeadLetter, DeadLetterQuery, DeadLetterStatus, DeliveryOutcome, DisputeParties, EventSource,
  MemoryNotificationSink, Notification, NotificationCheckpoint, NotificationCommit, NotificationKind,
  NotificationLedger, NotificationReactor, NotificationReactorError, NotificationReactorOptions,
  NotificationRecipient, NotificationSink, NotificationStore, NotificationTick,
  ReadSideStoreWithNotifications, ReminderOptions, RequiredAction, StoredDeadLetter, VerifyWebhookOptions,
  WebhookSink, WebhookSinkOptions, WebhookVerificationError,
} from './notifications/index';

// Payout holds: the port a marketplace implements, an in-memory one, and the reactor that calls it once per key
export type { PayoutDone, PayoutHoldRequest, PayoutNotDone, PayoutPort, PayoutReleaseRequest } from './reactors/payoutPort';
export { createInMemoryPayoutPort } from './reactors/inMemoryPayoutPort';
export type { InMemoryPayoutPort, PayoutBehaviour, PayoutMovement } from './reactors/inMemoryPayoutPort';
export { createInMemoryPayoutCursor, createPayoutReactor } from './reactors/payoutReactor';
export type { PayoutCursor, PayoutReactor, PayoutReactorOptions, PayoutTick } from './reactors/payoutReactor';

// The payout reactor's durable cursor, kept by the read-side stores beside the read models
export { createReadSidePayoutCursor } from './reactors/readSidePayoutCursor';
export type { ReadSidePayoutCursorOptions } from './reactors/readSidePayoutCursor';
export type { ReactorCursorStore } from './readSide/reactorCursors';
