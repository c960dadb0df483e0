import { disputeCommand, typed, type CommandInput, type DisputeService } from '@disputekit/core';

/** The seller offers 25.00 USD without a return and the buyer accepts: commands your code builds, checked by the compiler. */
export const settleForPartialRefund = async (service: DisputeService, disputeId: string, at: string) => {
  const offer = disputeCommand('MakeProposal', {
    disputeId, commandId: `${disputeId}:offer-2`, at, actor: { role: 'seller', id: 'seller-lucky-store' },
    proposalId: 'p-2', amount: { amount: 2_500, currency: 'USD' }, returnRequired: false,
  });
  const accept: CommandInput<'AcceptProposal'> = {
    type: 'AcceptProposal', disputeId, commandId: `${disputeId}:accept-2`, at, actor: { role: 'buyer', id: 'buyer-ana' }, proposalId: 'p-2',
  };
  await service.handle(offer);
  return typed(service).handle(accept); // typed(service).handle({ ...accept, proposalID: 'p-2' }) does not compile
};
