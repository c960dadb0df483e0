import type { Identifier } from '../../codecs/ids';
import type { Party } from '../vocabulary';
import type { CommandHandler } from './context';
import { emit, fail } from './decision';
import { limitReached } from './wording';

/** A party attaches evidence metadata; it answers the party's open evidence request, if any. */
export const submitEvidence: CommandHandler<'SubmitEvidence'> = (c, { state: s, common }) => {
  const party: Party = c.actor.role === 'seller' ? 'seller' : 'buyer';
  if (limitReached(s.policy.maxEvidencePerParty, s.evidenceCount[party])) {
    return fail('EvidenceLimitReached', `Each party may attach at most ${String(s.policy.maxEvidencePerParty)} pieces of evidence.`);
  }
  if (s.seen.evidenceIds.has(c.evidence.evidenceId)) {
    return fail('DuplicateEvidence', `Evidence ${c.evidence.evidenceId} is already attached to this dispute.`);
  }
  const request = s.openEvidenceRequests.find((r) => r.from === party);
  return emit({
    type: 'EvidenceSubmitted',
    data: { ...common, evidence: c.evidence, ...(request === undefined ? {} : { answersRequestId: request.requestId as Identifier }) },
  });
};

/** A party writes in the dispute's conversation (at any status before the closing). */
export const postMessage: CommandHandler<'PostMessage'> = (c, { common }) =>
  emit({ type: 'MessagePosted', data: { ...common, messageId: c.messageId, text: c.text } });
