import type { Role } from './vocabulary';

/**
 * Who a proposal speaks for: the buyer, the seller, or the platform (a mediator's or the system's
 * proposal). A dispute holds at most one current proposal per author; an author may not accept or
 * reject their own.
 */
export type ProposalAuthor = 'buyer' | 'seller' | 'mediator';

/** The author a proposal made by an actor of `role` speaks for. */
export const proposalAuthorOfRole = (role: Role): ProposalAuthor => (role === 'buyer' || role === 'seller' ? role : 'mediator');

/** The author of a proposal, from the actor who made it. */
export const proposalAuthor = (proposal: { readonly by: { readonly role: Role } }): ProposalAuthor => proposalAuthorOfRole(proposal.by.role);
