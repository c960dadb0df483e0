import type { CommandType } from '@disputekit/core';

/** One POST endpoint: the command it sends, and which path parameters go into it. */
export interface CommandRoute {
  readonly method: 'POST';
  /** A path with `:name` parameters, e.g. `/disputes/:disputeId/proposals/:proposalId/accept`. */
  readonly path: string;
  readonly command: CommandType;
  /** One line for the OpenAPI document. */
  readonly summary: string;
}

/** One GET endpoint and the read it serves. */
export interface ReadRoute {
  readonly method: 'GET';
  readonly path: string;
  readonly read: 'summary' | 'history' | 'byBuyer' | 'bySeller' | 'scorecard' | 'mediatorQueue' | 'deadlines';
  /** One line for the OpenAPI document, saying who may read it. */
  readonly summary: string;
}

/** Every endpoint of the example marketplace. The actor of a command comes from the request's identity, never from its body. */
export const routes: ReadonlyArray<CommandRoute | ReadRoute> = [
  // buyer
  { method: 'POST', path: '/disputes', command: 'OpenDispute', summary: 'The buyer opens a dispute about an order.' },
  { method: 'POST', path: '/disputes/:disputeId/escalate', command: 'Escalate', summary: 'Ask for a mediator.' },
  { method: 'POST', path: '/disputes/:disputeId/cancel', command: 'CancelDispute', summary: 'The buyer withdraws the dispute.' },
  { method: 'POST', path: '/disputes/:disputeId/return/shipped', command: 'MarkReturnShipped', summary: 'The buyer has shipped the return.' },
  // seller
  { method: 'POST', path: '/disputes/:disputeId/return/received', command: 'ConfirmReturnReceived', summary: 'The seller has received the return.' },
  // buyer or seller (and mediators for proposals under mediation)
  { method: 'POST', path: '/disputes/:disputeId/proposals', command: 'MakeProposal', summary: 'Propose a resolution (an amount, with or without a return).' },
  { method: 'POST', path: '/disputes/:disputeId/proposals/:proposalId/accept', command: 'AcceptProposal', summary: "Accept the other side's proposal." },
  { method: 'POST', path: '/disputes/:disputeId/proposals/:proposalId/reject', command: 'RejectProposal', summary: "Reject the other side's proposal." },
  { method: 'POST', path: '/disputes/:disputeId/evidence', command: 'SubmitEvidence', summary: 'Add evidence (photos, documents, tracking).' },
  { method: 'POST', path: '/disputes/:disputeId/messages', command: 'PostMessage', summary: 'Post a message to the dispute.' },
  // mediator
  { method: 'POST', path: '/disputes/:disputeId/evidence-requests', command: 'RequestEvidence', summary: 'A mediator asks a party for evidence, by a deadline.' },
  { method: 'POST', path: '/disputes/:disputeId/ruling', command: 'IssueRuling', summary: 'A mediator rules.' },
  // reads
  { method: 'GET', path: '/disputes/:disputeId', read: 'summary', summary: "The dispute's summary read model (its buyer, its seller, mediators)." },
  { method: 'GET', path: '/disputes/:disputeId/history', read: 'history', summary: "The dispute's audit: timeline, deadlines, rules, hash chain (its buyer, its seller, mediators)." },
  { method: 'GET', path: '/buyers/:buyerId/disputes', read: 'byBuyer', summary: "A buyer's disputes (that buyer, mediators)." },
  { method: 'GET', path: '/sellers/:sellerId/disputes', read: 'bySeller', summary: "A seller's disputes (that seller, mediators)." },
  { method: 'GET', path: '/sellers/:sellerId/scorecard', read: 'scorecard', summary: "A seller's scorecard (that seller, mediators)." },
  { method: 'GET', path: '/mediation/queue', read: 'mediatorQueue', summary: 'Disputes waiting for a mediator (mediators).' },
  { method: 'GET', path: '/deadlines', read: 'deadlines', summary: 'Running deadlines, soonest first (mediators).' },
];

/** The path parameters of a route path (`/disputes/:disputeId` → `['disputeId']`). */
export const pathParameters = (path: string): ReadonlyArray<string> => path.split('/').filter((part) => part.startsWith(':')).map((part) => part.slice(1));
