import type { Actor } from './authenticate';

/** The people a dispute concerns: its order's buyer and seller. */
export interface DisputeParties {
  readonly buyerId: string;
  readonly sellerId: string;
}

/** Whether `actor` may read a dispute: its buyer, its seller, or any mediator. */
export const mayReadDispute = (actor: Actor, parties: DisputeParties): boolean =>
  actor.role === 'mediator' || (actor.role === 'buyer' && actor.id === parties.buyerId) || (actor.role === 'seller' && actor.id === parties.sellerId);

/** Whether `actor` may list a buyer's disputes: that buyer, or a mediator. */
export const mayReadBuyer = (actor: Actor, buyerId: string): boolean => actor.role === 'mediator' || (actor.role === 'buyer' && actor.id === buyerId);

/** Whether `actor` may list a seller's disputes or see their scorecard: that seller, or a mediator. */
export const mayReadSeller = (actor: Actor, sellerId: string): boolean => actor.role === 'mediator' || (actor.role === 'seller' && actor.id === sellerId);

/** Whether `actor` may see the marketplace-wide queues (mediation queue, deadlines): mediators only. */
export const mayReadQueues = (actor: Actor): boolean => actor.role === 'mediator';
