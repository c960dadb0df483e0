import * as E from 'fp-ts/lib/Either.js';
import { chainNewEvents, headHashOf } from '../../audit/eventHash';
import { nowInstant } from '../../clock/clock';
import type { DisputeCommand } from '../../dispute/commands';
import { replay } from '../../dispute/decider';
import type { DisputeEvent } from '../../dispute/events';
import { isOpened, type DisputeState } from '../../dispute/state';
import type { AppendResult, NewEvent, StreamAppend } from '../../eventStore/eventStore';
import type { DisputeStream } from '../disputeStream';
import type { HandleError } from '../handleError';
import { toNewEvents } from './newDisputeEvents';
import { prepareRelease, reserveOpening } from './orderGuard';
import type { ServiceContext } from './serviceContext';

/** A decision to store: the command, the stream it was decided on, its events and the state after them. */
export interface Decided {
  readonly command: DisputeCommand;
  readonly stream: DisputeStream;
  readonly events: ReadonlyArray<DisputeEvent>;
  readonly after: DisputeState;
}

/** What to append for a decision, once the order guard had its say. */
export interface AppendPlan {
  /** The events to store: the decided ones, or those an earlier reservation of the opening holds. */
  readonly events: ReadonlyArray<DisputeEvent>;
  /** The state after `events`. */
  readonly after: DisputeState;
  /** `events` encoded, with their metadata, chained to the stream's head. */
  readonly newEvents: ReadonlyArray<NewEvent>;
  /** Set when the events were already stored together with the guard's reservation. */
  readonly written?: AppendResult;
  /** The guard's release, to append in the same transaction as a closing command's events. */
  readonly release?: StreamAppend;
  /** True when the command closes the dispute and its release is to be recorded after the append. */
  readonly releaseLater: boolean;
}

/** The events of a decision, encoded and chained to the stream's head (tamper evidence, see docs/audits.md). */
const chained = (decided: Decided, events: ReadonlyArray<DisputeEvent>, recordedAt: string): ReadonlyArray<NewEvent> => {
  const { stream, command } = decided;
  const head = { streamId: stream.streamId, version: stream.version, hash: headHashOf(stream.records[stream.records.length - 1]) };
  return chainNewEvents(head, toNewEvents(events, command.commandId, recordedAt));
};

/** An opening goes through the order guard first; `RESTART` when another command's opening must be decided against. */
const planOpening = async (
  ctx: ServiceContext,
  decided: Decided,
  opened: Extract<DisputeEvent, { type: 'DisputeOpened' }>,
): Promise<E.Either<HandleError, AppendPlan | 'RESTART'>> => {
  const { command, stream } = decided;
  const recordedAt = nowInstant(ctx.clock);
  const newEvents = chained(decided, decided.events, recordedAt);
  const canTogether = ctx.store.appendToStreams !== undefined && stream.version === 0;
  const reserved = await reserveOpening(ctx, {
    orderId: opened.data.order.orderId,
    disputeId: command.disputeId,
    commandId: command.commandId,
    order: opened.data.order,
    policy: opened.data.policy,
    openedAt: opened.data.at,
    events: decided.events,
    recordedAt,
    ...(canTogether ? { together: { streamId: stream.streamId, events: newEvents, expectedVersion: 'no_stream' as const } } : {}),
  });
  if (E.isLeft(reserved)) return reserved;
  const outcome = reserved.right;
  if (outcome.kind === 'RESTART') return E.right('RESTART');
  if (outcome.written !== undefined) return E.right({ events: decided.events, after: decided.after, newEvents, written: outcome.written, releaseLater: false });
  // The reservation is the commit point: append exactly what it holds.
  const { events, reservedAt } = outcome.reservation;
  const after = events === decided.events ? decided.after : replay(events, decided.stream.state);
  return E.right({ events, after, newEvents: chained(decided, events, reservedAt), releaseLater: false });
};

/**
 * A closing command's release, prepared to go in the same transaction when the store can; a guard
 * that cannot be read does not stop the command: its release is then deferred (recorded after the append).
 */
const planOther = async (ctx: ServiceContext, decided: Decided): Promise<AppendPlan> => {
  const { stream, after, events, command } = decided;
  const newEvents = chained(decided, events, nowInstant(ctx.clock));
  const closes = stream.state.status !== 'CLOSED' && isOpened(after) && after.status === 'CLOSED';
  if (!closes || ctx.store.appendToStreams === undefined) return { events, after, newEvents, releaseLater: closes };
  const prepared = await prepareRelease(ctx, { records: stream.records, state: after }, command.commandId);
  if (E.isLeft(prepared)) return { events, after, newEvents, releaseLater: true };
  return { events, after, newEvents, ...(prepared.right === undefined ? {} : { release: prepared.right }), releaseLater: false };
};

/**
 * What to append for a decision: an opening is reserved in its order's guard first (the reservation
 * may have stored the events already, or hold those of an earlier attempt); a closing command
 * prepares its guard release. `RESTART`: decide again on a fresh read.
 */
export const planAppend = async (ctx: ServiceContext, decided: Decided): Promise<E.Either<HandleError, AppendPlan | 'RESTART'>> => {
  const opened = decided.events.find((event) => event.type === 'DisputeOpened');
  return opened?.type === 'DisputeOpened' ? planOpening(ctx, decided, opened) : E.right(await planOther(ctx, decided));
};
