import * as E from 'fp-ts/lib/Either.js';
import { DisputePolicy, Limit, OpenWindow } from './policy';
import { seedPolicy } from './presets';

/** The DisputePolicy codec (process rules §8): plain data, validated field by field. */
describe('DisputePolicy codec', () => {
  it('Limit is a safe integer ≥ 0 or UNLIMITED', () => {
    expect(Limit.decode('UNLIMITED')).toEqual(E.right('UNLIMITED'));
    expect(Limit.decode(0)).toEqual(E.right(0));
    expect(E.isLeft(Limit.decode(-1))).toBe(true);
    expect(E.isLeft(Limit.decode('unlimited'))).toBe(true);
    expect(Limit.is(3)).toBe(true);
    expect(Limit.is(1.5)).toBe(false);
  });

  it('an open window needs its closing point; the opening point is optional', () => {
    expect(E.isRight(OpenWindow.decode({ closes: { from: 'PAID_AT', after: { days: 30 } } }))).toBe(true);
    expect(E.isLeft(OpenWindow.decode({ opens: { from: 'PAID_AT', after: { days: 30 } } }))).toBe(true);
  });

  it('rejects an unknown window anchor, an empty dispute limit and more than two binding parties', () => {
    expect(E.isLeft(DisputePolicy.decode({ ...seedPolicy, openWindow: { closes: { from: 'ORDERED_AT', after: { days: 1 } } } }))).toBe(true);
    expect(E.isLeft(DisputePolicy.decode({ ...seedPolicy, maxDisputesPerOrder: 0 }))).toBe(true);
    expect(E.isLeft(DisputePolicy.decode({ ...seedPolicy, mediatorProposalBindingOn: ['buyer', 'seller', 'buyer'] }))).toBe(true);
    expect(E.isLeft(DisputePolicy.decode({ ...seedPolicy, mediatorProposalBindingOn: ['mediator'] }))).toBe(true);
  });
});
