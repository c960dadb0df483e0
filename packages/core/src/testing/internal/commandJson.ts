import { actors, day, openNotReceivedJson, usd, type ActorName } from '../fixtures';
import type { DisputePolicy } from '../../policy/policy';
import type { PresetName } from '../../policy/presets';

/** Options shared by the command builders of the service tests. */
export interface Envelope {
  readonly disputeId: string;
  readonly commandId: string;
  /** Days after the fixture order's payment (default 5). */
  readonly day?: number;
}

const envelope = (e: Envelope, actor: ActorName) => ({ disputeId: e.disputeId, commandId: e.commandId, actor: actors[actor], at: day(e.day ?? 5) });

/**
 * `OpenDispute` as JSON for the fixture order (or `orderId`): the item never arrived, the buyer asks
 * for everything not yet refunded (`alreadyRefunded`, default 0).
 */
export const openJson = (
  e: Envelope & { readonly orderId?: string; readonly alreadyRefunded?: number; readonly policy?: PresetName | DisputePolicy; readonly currency?: string },
): Record<string, unknown> =>
  openNotReceivedJson({
    at: day(e.day ?? 1),
    disputeId: e.disputeId,
    commandId: e.commandId,
    order: {
      ...(e.orderId === undefined ? {} : { orderId: e.orderId }),
      alreadyRefunded: usd(e.alreadyRefunded ?? 0, e.currency),
      ...(e.currency === undefined ? {} : { paid: usd(10_000, e.currency) }),
    },
    requested: 10_000 - (e.alreadyRefunded ?? 0),
    ...(e.currency === undefined ? {} : { currency: e.currency }),
    ...(e.policy === undefined ? {} : { policy: e.policy }),
  });

/** `PostMessage` as JSON. */
export const messageJson = (e: Envelope & { readonly by?: 'buyer' | 'seller'; readonly messageId?: string }): Record<string, unknown> => ({
  type: 'PostMessage',
  ...envelope(e, e.by ?? 'buyer'),
  messageId: e.messageId ?? `m-${e.commandId}`,
  text: 'Any news?',
});

/** `MakeProposal` as JSON (by the seller unless `by` says otherwise). */
export const proposalJson = (
  e: Envelope & { readonly proposalId: string; readonly amount: number; readonly by?: 'buyer' | 'seller' | 'mediator' },
): Record<string, unknown> => ({
  type: 'MakeProposal',
  ...envelope(e, e.by ?? 'seller'),
  proposalId: e.proposalId,
  amount: usd(e.amount),
  returnRequired: false,
});

/** `AcceptProposal` as JSON. */
export const acceptJson = (e: Envelope & { readonly proposalId: string; readonly by: 'buyer' | 'seller' }): Record<string, unknown> => ({
  type: 'AcceptProposal',
  ...envelope(e, e.by),
  proposalId: e.proposalId,
});

/** `IssueRefund` as JSON. */
export const refundJson = (e: Envelope & { readonly amount: number }): Record<string, unknown> => ({
  type: 'IssueRefund',
  ...envelope(e, 'system'),
  refundId: `r-${e.disputeId}`,
  amount: usd(e.amount),
  gatewayReference: `gw-${e.disputeId}`,
});

/** `CancelDispute` as JSON. */
export const cancelJson = (e: Envelope): Record<string, unknown> => ({ type: 'CancelDispute', ...envelope(e, 'buyer') });
