import type { EventOf } from '../events';
import { proposalAuthorOfRole } from '../proposalAuthor';
import { fmt, sameMoney, type EventCheck } from './audit';

/** The proposal rules: S6 (each proposal once, answered while open, not by its author, on its terms), S5 and S8 around them. */

/** A proposal: not after settlement (S5), a mediator's only under mediation (S8), a fresh id (S6); it supersedes its author's last. */
export const checkProposalMade = (c: EventCheck, event: EventOf<'ProposalMade'>): void => {
  const e = event.data;
  const t = c.t;
  if (t.settled) c.report('S5', 'A proposal was made after the dispute was settled by an acceptance or a ruling.');
  if (e.by.role === 'mediator' && c.statusBefore !== 'UNDER_MEDIATION') {
    c.report('S8', `A mediator made a proposal while the dispute was ${c.statusBefore}, not under mediation.`);
  }
  if (t.proposals.has(e.proposalId)) {
    c.report('S6', `Proposal id ${e.proposalId} is used twice.`);
    return;
  }
  const author = proposalAuthorOfRole(e.by.role);
  const previous = t.current[author];
  const superseded = previous === undefined ? undefined : t.proposals.get(previous);
  if (superseded !== undefined && superseded.status === 'OPEN') superseded.status = 'SUPERSEDED';
  t.proposals.set(e.proposalId, { author, amount: e.amount, returnRequired: e.returnRequired, status: 'OPEN' });
  t.current[author] = e.proposalId;
};

/** An acceptance: the only one, before any ruling (S5); of an open proposal of someone else, binding, on its terms (S6). */
export const checkProposalAccepted = (c: EventCheck, event: EventOf<'ProposalAccepted'>): void => {
  const e = event.data;
  const t = c.t;
  const policy = c.dispute.policy;
  if (t.acceptances > 0) c.report('S5', 'A second acceptance: at most one proposal is ever accepted.');
  if (t.rulings.DISPUTE + t.rulings.RETURN > 0) c.report('S5', 'A proposal was accepted after a ruling.');
  t.acceptances += 1;
  t.settled = true;
  const proposal = t.proposals.get(e.proposalId);
  if (proposal === undefined) {
    c.report('S6', `Proposal ${e.proposalId} was accepted but was never made.`);
    return;
  }
  if (proposal.status !== 'OPEN') c.report('S6', `Proposal ${e.proposalId} was accepted while ${proposal.status.toLowerCase()}.`);
  const accepter = e.by.role === 'system' ? e.onBehalfOf : e.by.role;
  if (accepter !== undefined && accepter === proposal.author) c.report('S6', `The ${accepter} accepted their own proposal ${e.proposalId}.`);
  if (proposal.author === 'mediator' && (accepter === 'buyer' || accepter === 'seller') && !policy.mediatorProposalBindingOn.includes(accepter)) {
    c.report('S6', `Under the ${policy.name} policy the ${accepter}'s acceptance of a mediator's proposal is not binding.`);
  }
  if (!sameMoney(proposal.amount, e.amount) || proposal.returnRequired !== e.returnRequired) {
    c.report('S6', `The acceptance of ${e.proposalId} does not carry the proposal's terms (${fmt(proposal.amount)}, return ${proposal.returnRequired}).`);
  }
  proposal.status = 'ACCEPTED';
};

/** A rejection: not after settlement (S5); of an open proposal that was made, not by its author (S6). */
export const checkProposalRejected = (c: EventCheck, event: EventOf<'ProposalRejected'>): void => {
  const e = event.data;
  if (c.t.settled) c.report('S5', 'A proposal was rejected after the dispute was settled.');
  const proposal = c.t.proposals.get(e.proposalId);
  if (proposal === undefined) {
    c.report('S6', `Proposal ${e.proposalId} was rejected but was never made.`);
    return;
  }
  if (proposal.status !== 'OPEN') c.report('S6', `Proposal ${e.proposalId} was rejected while ${proposal.status.toLowerCase()}.`);
  if (proposalAuthorOfRole(e.by.role) === proposal.author) c.report('S6', `The ${proposal.author} rejected their own proposal ${e.proposalId}.`);
  proposal.status = 'REJECTED';
};
