/**
 * @disputekit/core — the Dispute aggregate of disputekit: a pure, event-sourced decider for
 * marketplace buyer disputes, with its io-ts codecs, policies and audit oracle.
 * @packageDocumentation
 */

// Identifiers, instants, text and shared codecs
export { assertNever } from './codecs/assertNever';
export { CommandId, DisputeId, EvidenceId, idCodec, Identifier, OrderId, ProposalId, UserId } from './codecs/ids';
export {
  CommandInstant, compareInstants, EARLIEST_INSTANT_MILLIS, Instant, instantFromMillis, isBefore,
  isCanonicalInstant, LATEST_COMMAND_YEAR, LATEST_INSTANT_MILLIS, millisOf,
} from './codecs/instant';
export type { StructOf, StructType, UnknownKeys } from './codecs/struct';
export type { AppendOnlySet } from './dispute/appendOnlySet';
export { Flag, LongText, Note } from './codecs/text';
export type { ValidationError, ValidationIssue } from './codecs/validationError';
export type { JsonSchema } from './codecs/jsonSchemaHints';

// Money: integer minor units and a currency
export { CurrencyCode, isCurrencyCode } from './money/currency';
export {
  addMoney, formatMoney, minorUnitDigits, MinorUnits, money, Money, moneyEquals, sameCurrency, subtractMoney,
  zero,
} from './money/money';

// Policy: durations, business calendars, custom policies and the marketplace presets
export {
  BusinessCalendarData, businessCalendarFrom, defaultBusinessCalendarData, IsoDate, MAX_HOLIDAYS, Weekday,
} from './policy/businessCalendar';
export type { BusinessCalendar } from './policy/businessCalendar';
export { customPolicy, parsePolicy } from './policy/customPolicy';
export { addDuration } from './policy/deadlineArithmetic';
export {
  BusinessDays, CalendarDays, Duration, formatDuration, MAX_BUSINESS_DAYS, MAX_CALENDAR_DAYS,
  PositiveDuration,
} from './policy/duration';
export {
  BindingParty, DeadlineDurations, DisputePolicy, Limit, MAX_POLICY_NAME_LENGTH, OnBuyerSilence,
  OnNegotiationExpiry, OnReturnReceiptSilence, OnSellerSilence, OpenWindow, WindowAnchor, WindowPoint,
} from './policy/policy';
export {
  aliexpressPolicy, ebayPolicy, isPresetName, paypalPolicy, policies, presetNames, seedPolicy,
} from './policy/presets';
export type { PresetName } from './policy/presets';

// The dispute: vocabulary, commands, events, state and errors
export {
  Actor, Deadline, DeadlineKind, deadlineKinds, DisputeKind, Evidence, EvidenceKind, OrderSnapshot, Party,
  Reason, reasonCodes, ReturnCondition, Role, RulingOutcome, Sha256Hex,
} from './dispute/vocabulary';
export type { ReasonGroup } from './dispute/vocabulary';
export {
  AcceptProposal, CancelDispute, commandCodecs, commandTypes, ConfirmReturnReceived, Escalate, ExpireDeadline,
  IssueRefund, IssueRuling, MakeProposal, MarkReturnShipped, OpenDispute, PolicyChoice, PostMessage,
  RecordRefundFailure, RejectProposal, RequestEvidence, RetryRefund, SubmitEvidence,
} from './dispute/commands';
export type { CommandType, DisputeCommand } from './dispute/commands';
export {
  CancellationReason, DeadlineExpired, DisputeCancelled, DisputeClosed, DisputeOpened, Escalated,
  EscalationReason, eventCodecs, eventTypes, EvidenceRequested, EvidenceSubmitted, MediationRound,
  MessagePosted, Outcome, ProposalAccepted, ProposalMade, ProposalRejected, RefundFailed, RefundIssued,
  ResolutionBasis, Resolved, returnPhaseEscalationReasons, ReturnReceived, ReturnRequested, ReturnShipped,
  PayoutHoldPlaced, PayoutHoldReleased, RefundBlocked, RefundBlockReason, RefundRetried, RulingIssued,
} from './dispute/events';
export type { DisputeEvent, EventOf, EventType } from './dispute/events';
export { initialState, isOpened, isTerminal, OPENED_DISPUTE_STATUSES } from './dispute/state';
export type {
  DisputeState, DisputeStatus, IssuedRefund, NoDispute, OpenedDispute, OpenEvidenceRequest, PendingReturn,
  ProposalStatus, ProposalView, Resolution,
} from './dispute/state';
export { disputeError, disputeErrorTags, isDisputeError } from './dispute/errors';
export type { DisputeError, DisputeErrorTag } from './dispute/errors';
export { encodeCommand, encodeEvent, parseCommand, parseEvent } from './dispute/parse';
export { proposalAuthor, proposalAuthorOfRole } from './dispute/proposalAuthor';
export type { ProposalAuthor } from './dispute/proposalAuthor';
export { windowAnchorInstant } from './dispute/windowAnchor';

// The decider: decide, evolve, replay
export { decide, describeCommand, makeDecide, refundIdempotencyKey } from './dispute/decide';
export type { DecideOptions, Decision } from './dispute/decide';
export { evolve } from './dispute/evolve';
export { DisputeFolder, foldDisputeEvents } from './dispute/fold';
export { disputeDecider, replay } from './dispute/decider';
export type { DisputeDecider } from './dispute/decider';
export { advanceDisputeTrack, openingTrack } from './dispute/disputeTrack';
export type { DisputeTrack } from './dispute/disputeTrack';

// Typed command input and the actions available to an actor
export { disputeCommand, mayIssue, typedCommand } from './dispute/commandInput/index';
export type {
  CommandFields, CommandInput, CommandRoles, DisputeCommandInput, RoleFor,
} from './dispute/commandInput/index';
export { availableActions } from './dispute/availableActions/index';
export type {
  ActionBounds, AmountRange, AskingActor, AvailableAction, AvailableActionOf, AvailableActionsOptions,
  ProposalTerms, RulingOption,
} from './dispute/availableActions/index';

// JSON Schemas of the commands and events
export {
  commandJsonSchema, commandJsonSchemas, disputeCommandJsonSchema, eventJsonSchema, eventJsonSchemas,
  JSON_SCHEMA_DIALECT, jsonSchemaOf, knownDifferencesIn, schemaKnownDifferences,
} from './schemas/index';

// Invariants: the audit oracle over a history
export { checkHistory, checkOrderHistories } from './dispute/invariants';
export type { HistoryEntry, InvariantRule, Violation } from './dispute/invariants';

// Clocks
export { fixedClock, nowInstant, systemClock } from './clock/clock';
export type { Clock } from './clock/clock';
export { createSimulatedClock } from './clock/simulatedClock';
export type { SimulatedClock } from './clock/simulatedClock';

// Event store port: the interface every store implements, stream ids and store errors
export {
  DISPUTE_STREAM_PREFIX, disputeIdOfStream, DISPUTEKIT_STREAM_PREFIXES, disputeStreamId, isDisputeStreamId,
  isOrderGuardStreamId, ORDER_GUARD_STREAM_PREFIX, orderGuardStreamId,
} from './eventStore/streamIds';
export { StoreFollowError } from './eventStore/eventStore';
export type {
  AppendResult, CorruptEvent, DuplicateEvent, EventMetadata, EventStore, ExpectedVersion, FollowAllOptions,
  NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent, StoreClosed, StoreError, StoreRefused,
  StoreUnavailable, StreamAppend, StreamDeleted, StreamId, WrongExpectedVersion,
} from './eventStore/eventStore';
export {
  corruptEvent, duplicateEvent, storeClosed, storeRefused, storeUnavailable, streamDeleted,
  wrongExpectedVersion,
} from './eventStore/storeErrors';

// The dispute service and the order guard's errors and events
export { createDisputeService } from './service/disputeService';
export type { DisputeService, DisputeServiceOptions, HandleResult, LoadResult } from './service/disputeService';
export { typed } from './service/typedDisputeService';
export type { TypedDisputeService } from './service/typedDisputeService';
export { concurrencyConflict } from './service/handleError';
export type { ConcurrencyConflict, HandleError } from './service/handleError';
export type { RecordedDisputeEvent } from './service/recordedDisputeEvent';
export type { ServiceObservation } from './service/serviceObservation';
export { DISPUTE_EVENT_SCHEMA_VERSION } from './service/internal/newDisputeEvents';
export {
  alreadyRefundedTooLow, disputeLimitReached, orderCurrencyMismatch, orderHasOpenDispute,
  orderTimeWentBackwards, reopenAfterCancelNotAllowed,
} from './orderGuard/errors';
export type {
  AlreadyRefundedTooLow, DisputeLimitReached, OrderCurrencyMismatch, OrderGuardError, OrderHasOpenDispute,
  OrderTimeWentBackwards, ReopenAfterCancelNotAllowed,
} from './orderGuard/errors';
export type { OrderDisputeReleased, OrderDisputeReserved, OrderGuardEvent, ReleaseReason } from './orderGuard/events';

// Audit: hash chain, verification, timelines and dispute audits
export { canonicalJson, NotCanonicalJson } from './audit/canonicalJson';
export { chainMetadata, eventHash, GENESIS_HASH, HASH_VERSION, headHashOf, isHashHex } from './audit/eventHash';
export type { ChainHead, ChainMetadata, EventToChain, HashedEvent, StoredEventContent } from './audit/eventHash';
export { withHashChain } from './audit/hashChainedStore';
export { createChainVerifier, verifyChain } from './audit/verifyChain';
export type {
  ChainBreak, ChainedEvent, ChainProblem, ChainVerification, ChainVerifier, ChainVerifierOptions,
  EventLocation,
} from './audit/verifyChain';
export { createLogVerifier } from './audit/logVerifier';
export type { LogFinding, LogVerification, LogVerifier, LogVerifierOptions } from './audit/logVerifier';
export { decodeRecords } from './audit/auditRecords';
export type { AuditRecord, DecodedRecord } from './audit/auditRecords';
export { auditDispute, isAuditInstant } from './audit/disputeAudit';
export type {
  AuditOptions, AuditViolation, CorruptRecord, DisputeAudit, DisputeSubject, StateAfterEvent,
} from './audit/disputeAudit';
export { asOf } from './audit/asOf';
export { describeEvent } from './audit/describeEvent';
export type { EventDescription } from './audit/describeEvent';
export { timelineOf } from './audit/timeline';
export type { TimelineEntry } from './audit/timeline';
export { snapshotState } from './audit/stateSnapshot';
export type { OpenProposal, StateSnapshot } from './audit/stateSnapshot';
export { deadlinesOf } from './audit/deadlineHistory';
export type { DeadlineEnd, DeadlineRecord } from './audit/deadlineHistory';

export type { GuardRule } from './audit/guardCrossCheck';

// Merkle log: signed checkpoints, inclusion and consistency proofs, dispute proofs, tree stores
export {
  buildDisputeProof, CHECKPOINT_FORMAT, CheckpointError, checkpointSignatureProblem, checkpointSignedText,
  consistencyProof, createInMemoryTreeStore, createMerkleLog, DISPUTE_PROOF_FORMAT, ed25519PrivateKey,
  ed25519PublicKey, EMPTY_TREE_HASH, eventLeafHash, firstChange, formatCheckpoint, formatDisputeProof,
  inclusionProof, keyIdOf, leafHash, LogTreeRecorder, MerkleFrontier, nodeHash, parseCheckpoint,
  parseDisputeProof, ProofError, rootOfLeafHashes, signCheckpoint, StrictJsonError, TreeDiverged,
  TreeReadFailed, verifyConsistency, verifyDisputeProof, verifyInclusion,
} from './audit/merkle/index';
export type {
  Checkpoint, DisputeProof, DisputeProofVerification, LeafEvent, LeafRecord, LogChange, LogChangeKind,
  MerkleLog, MerkleLogOptions, ProvenEvent, SubtreeSource, TreeGrowth, TreeHead, TreeState, TreeStore,
} from './audit/merkle/index';
export type { SubtreeNode } from './audit/merkle/frontier';

// Snapshots of long dispute streams (see docs/service.md, "Snapshots")
export type { SnapshotOptions, SnapshotStore, StoredSnapshot } from './snapshots/snapshotStore';
export { decodeSnapshot, DISPUTE_SNAPSHOT_SCHEMA_VERSION, encodeSnapshot, snapshotHash } from './snapshots/disputeSnapshot';
export { OpenedDisputeCodec } from './snapshots/disputeStateCodec';
export { createInMemorySnapshotStore } from './snapshots/inMemorySnapshotStore';
export { readDisputeFromSnapshot } from './service/snapshotRead';
export type { SnapshotIgnored } from './service/snapshotRead';

// Hashing a log in worker threads (checkpoints and their checks over large logs)
export { createHashPool } from './audit/merkle/hashPool';
export type { HashPool, HashPoolOptions } from './audit/merkle/hashPool';

// Worker threads that read a store's log themselves, a range of positions each (first builds of the tree, checkpoint checks)
export { defaultLogThreads, leafChunks } from './audit/merkle/leafChunks';
export type { LeafChunk, LeafChunksOptions } from './audit/merkle/leafChunks';
export type { LogRangeOpener, LogRangeReader, RangedLog } from './audit/merkle/logRanges';
export { chainedLogChunks } from './audit/merkle/chainedLogChunks';
export type { ChainedChunk, ChainedLogChunksOptions } from './audit/merkle/chainedLogChunks';
export { chainedPageEvents } from './audit/merkle/chainedPage';
export type { ChainHashedPage } from './audit/merkle/chainedPage';
export { RANGED_CATCH_UP_MINIMUM } from './audit/merkle/merkleLog';

// For store authors: records a store validated and froze itself are decoded once (see docs/guides/writing-an-adapter.md)
export { isFrozenRecord, markFrozenRecord } from './eventStore/frozenRecords';

// Payout holds: the amount a policy holds, what an ending releases, and the payout port's idempotency keys
export { payoutHoldAmount, payoutHoldKey, payoutHoldRelease, payoutReleaseKey } from './dispute/decide/payoutHold';

// Liability: who pays a refund (seller or platform), the policy's rules, and how stored events read
export { Liability, LiabilityCause, liabilityOf, LiabilitySplit, liabilitySplitProblem, platformPays, sellerPays } from './dispute/liability';
export { LiabilityParty, LiabilityPolicy, liabilityPolicyOf, PlatformCoverRule } from './policy/liabilityPolicy';
// Refunds made elsewhere (decision 0005): what the buyer got back outside the gateway, what the gateway still owes, what is at stake
export { ExternalRefundMethod } from './dispute/vocabulary';
export { RecordExternalRefund, RuleAgain } from './dispute/commands';
export { ExternalRefundRecorded, RulingRevised } from './dispute/events';
export type { ExternalRefund } from './dispute/state';
export { amountAtStake, externallyRefundedOf, refundIsDue, refundStillDue, stillRefundable } from './dispute/refundDue';
// Chargebacks (decision 0006): the commands and events, the policy's onChargeback, the open chargeback and what lost ones gave back
export { ChargebackOutcome } from './dispute/vocabulary';
export { RecordChargeback, RecordChargebackOutcome } from './dispute/commands';
export { ChargebackDecided, ChargebackOpened, SuspendedStatus } from './dispute/events';
export type { Chargeback } from './dispute/state';
export { chargedBackOf, openChargebackOf } from './dispute/chargebacks';
export { OnChargeback } from './policy/policy';
export { DEFAULT_ON_CHARGEBACK, onChargebackOf } from './policy/chargebackPolicy';
