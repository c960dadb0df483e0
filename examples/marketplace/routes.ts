/** One POST endpoint: the command it sends, and which path parameters go into it. */
export interface CommandRoute {
  readonly method: 'POST';
  /** A path with `:name` parameters, e.g. `/disputes/:disputeId/proposals/:proposalId/accept`. */
  readonly path: string;
  readonly command: string;
}

/** One GET endpoint and the read it serves. */
export interface ReadRoute {
  readonly method: 'GET';
  readonly path: string;
  readonly read: 'summary' | 'history' | 'byBuyer' | 'bySeller' | 'scorecard' | 'mediatorQueue' | 'deadlines';
}

/** Every endpoint of the example marketplace. The actor of a command comes from the request's identity, never from its body. */
export const routes: ReadonlyArray<CommandRoute | ReadRoute> = [
  // buyer
  { method: 'POST', path: '/disputes', command: 'OpenDispute' },
  { method: 'POST', path: '/disputes/:disputeId/escalate', command: 'Escalate' },
  { method: 'POST', path: '/disputes/:disputeId/cancel', command: 'CancelDispute' },
  { method: 'POST', path: '/disputes/:disputeId/return/shipped', command: 'MarkReturnShipped' },
  // seller
  { method: 'POST', path: '/disputes/:disputeId/return/received', command: 'ConfirmReturnReceived' },
  // buyer or seller (and mediators for proposals under mediation)
  { method: 'POST', path: '/disputes/:disputeId/proposals', command: 'MakeProposal' },
  { method: 'POST', path: '/disputes/:disputeId/proposals/:proposalId/accept', command: 'AcceptProposal' },
  { method: 'POST', path: '/disputes/:disputeId/proposals/:proposalId/reject', command: 'RejectProposal' },
  { method: 'POST', path: '/disputes/:disputeId/evidence', command: 'SubmitEvidence' },
  { method: 'POST', path: '/disputes/:disputeId/messages', command: 'PostMessage' },
  // mediator
  { method: 'POST', path: '/disputes/:disputeId/evidence-requests', command: 'RequestEvidence' },
  { method: 'POST', path: '/disputes/:disputeId/ruling', command: 'IssueRuling' },
  // reads
  { method: 'GET', path: '/disputes/:disputeId', read: 'summary' },
  { method: 'GET', path: '/disputes/:disputeId/history', read: 'history' },
  { method: 'GET', path: '/buyers/:buyerId/disputes', read: 'byBuyer' },
  { method: 'GET', path: '/sellers/:sellerId/disputes', read: 'bySeller' },
  { method: 'GET', path: '/sellers/:sellerId/scorecard', read: 'scorecard' },
  { method: 'GET', path: '/mediation/queue', read: 'mediatorQueue' },
  { method: 'GET', path: '/deadlines', read: 'deadlines' },
];

/** Finds the route of a request and its path parameters. */
export const matchRoute = (method: string, pathname: string): { readonly route: CommandRoute | ReadRoute; readonly params: Record<string, string> } | undefined => {
  const parts = pathname.split('/').filter((p) => p !== '');
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter((p) => p !== '');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((segment, i) => {
      const part = decodeURIComponent(parts[i]!);
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = part;
        return true;
      }
      return segment === part;
    });
    if (matches) return { route, params };
  }
  return undefined;
};
