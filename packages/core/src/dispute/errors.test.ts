import { disputeError, disputeErrorTags, isDisputeError } from './errors';

/** Dispute errors: tagged values naming the broken rule. */
describe('disputeError', () => {
  it('builds an error with or without details', () => {
    expect(disputeError('DisputeClosed', 'closed')).toEqual({ _tag: 'DisputeClosed', message: 'closed' });
    expect(disputeError('DeadlineNotDue', 'not yet', { dueAt: 'x' })).toEqual({ _tag: 'DeadlineNotDue', message: 'not yet', details: { dueAt: 'x' } });
  });

  it('isDisputeError recognises only known tags', () => {
    expect(isDisputeError(disputeError('NotPermitted', 'no'))).toBe(true);
    expect(isDisputeError({ _tag: 'ValidationError', message: 'x' })).toBe(false);
    expect(isDisputeError({ _tag: 3 })).toBe(false);
    expect(isDisputeError(null)).toBe(false);
    expect(isDisputeError('NotPermitted')).toBe(false);
  });

  it('has one tag per rule, without duplicates', () => {
    expect(new Set(disputeErrorTags).size).toBe(disputeErrorTags.length);
  });
});
