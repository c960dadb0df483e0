import { Instant, isBefore } from '../../codecs/instant';
import { businessCalendarFrom, type BusinessCalendar } from '../../policy/businessCalendar';
import { commandTypes, type CommandType } from '../commands';
import { mayIssue } from '../commandRoles';
import { passesChargebackHold } from '../decide/chargebacks';
import type { DisputeState, OpenedDispute } from '../state';
import type { Deadline, DeadlineKind, Party, Role } from '../vocabulary';
import type { ActionBounds, AvailableAction } from './actionBounds';
import { actionRules } from './actionRules';

/** Options of `availableActions`. */
export interface AvailableActionsOptions {
  /** The business calendar, when `decide` was made with `makeDecide({ calendar })` (default: the policy's own). */
  readonly calendar?: BusinessCalendar;
}

/** Who asks: a role and a user id (plain strings, as in a command). */
export interface AskingActor {
  readonly role: Role;
  readonly id: string;
}

/** Is this actor who they claim to be in this dispute (the decider's identity rules)? */
const actsAsThemselves = (s: OpenedDispute, actor: AskingActor): boolean =>
  actor.role === 'buyer'
    ? actor.id === s.buyerId
    : actor.role === 'seller'
      ? actor.id === s.sellerId
      : actor.role === 'mediator'
        ? actor.id !== s.buyerId && actor.id !== s.sellerId
        : true;

/** The deadline a party's action answers: its response, return or evidence deadline. */
const answers: Partial<Record<CommandType, (party: Party) => DeadlineKind>> = {
  MakeProposal: (p) => (p === 'seller' ? 'SELLER_RESPONSE' : 'BUYER_RESPONSE'),
  AcceptProposal: (p) => (p === 'seller' ? 'SELLER_RESPONSE' : 'BUYER_RESPONSE'),
  RejectProposal: (p) => (p === 'seller' ? 'SELLER_RESPONSE' : 'BUYER_RESPONSE'),
  SubmitEvidence: () => 'EVIDENCE_REQUEST',
  Escalate: () => 'NEGOTIATION_WINDOW',
  MarkReturnShipped: () => 'RETURN_SHIPMENT',
  ConfirmReturnReceived: () => 'RETURN_RECEIPT',
};

const deadlineFor = (s: OpenedDispute, type: CommandType, actor: AskingActor): Deadline | undefined => {
  const kindOf = answers[type];
  if (kindOf === undefined || (actor.role !== 'buyer' && actor.role !== 'seller')) return undefined;
  const kind = kindOf(actor.role);
  return s.deadlines.find((d) => d.kind === kind && (d.party === undefined || d.party === actor.role));
};

/**
 * Every command `actor` may send to the dispute at instant `at`, each with what bounds it: the
 * amounts allowed, the proposals that may be accepted, the deadlines due, the earliest and latest
 * instants, whether evidence was requested, and the deadline the action answers. Filled within its
 * bounds (with new ids), every listed command is accepted by `decide`; every command type not
 * listed is refused, however it is filled (a property test holds both). Pure, like `decide`.
 *
 * `at` is an ISO-8601 instant (any offset; anything else is a programmer error and throws).
 * For a stream with no dispute yet it lists `OpenDispute` for a buyer: whether the opening is
 * accepted depends on the order and the policy, which only the command carries.
 */
export const availableActions = (state: DisputeState, actor: AskingActor, at: string, options: AvailableActionsOptions = {}): ReadonlyArray<AvailableAction> => {
  const decoded = Instant.decode(at);
  if (decoded._tag === 'Left') throw new RangeError(`availableActions(): at must be an ISO-8601 instant, got ${JSON.stringify(at)}`);
  return actionsAt(state, actor, decoded.right, options);
};

const actionsAt = (state: DisputeState, actor: AskingActor, at: Instant, options: AvailableActionsOptions): ReadonlyArray<AvailableAction> => {
  if (state.status === 'NONE') return actor.role === 'buyer' ? [{ type: 'OpenDispute', bounds: { dependsOnOrder: true } }] : [];
  const s = state;
  if (s.status === 'CLOSED' || isBefore(at, s.lastEventAt) || !actsAsThemselves(s, actor)) return [];
  const ctx = { state: s, role: actor.role, at, calendar: options.calendar ?? businessCalendarFrom(s.policy.businessCalendar) };
  const actions: AvailableAction[] = [];
  for (const type of commandTypes) {
    if (!mayIssue(type, actor.role) || !passesChargebackHold(s, type)) continue;
    const bounds = (actionRules[type] as (c: typeof ctx) => ActionBounds[CommandType] | undefined)(ctx);
    if (bounds === undefined) continue;
    const deadline = deadlineFor(s, type, actor);
    actions.push({ type, bounds, ...(deadline === undefined ? {} : { deadline }) } as AvailableAction);
  }
  return actions;
};
