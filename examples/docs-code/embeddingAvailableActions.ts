import * as E from 'fp-ts/lib/Either.js';
import { availableActions, type DisputeService } from '@disputekit/core';

/** The buttons to show buyer `userId` in dispute `disputeId` now: every command they may send, its bounds, its deadline. */
export const buyerActions = async (service: DisputeService, disputeId: string, userId: string, now: string) => {
  const loaded = await service.load(disputeId);
  if (E.isLeft(loaded)) throw new Error(loaded.left.message);
  return availableActions(loaded.right.state, { role: 'buyer', id: userId }, now);
};
