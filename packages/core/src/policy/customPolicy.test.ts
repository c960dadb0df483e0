import * as E from 'fp-ts/lib/Either.js';
import { expectLeft } from '../testing/either';
import { customPolicy, parsePolicy } from './customPolicy';
import { policies, seedPolicy } from './presets';

/** Building a marketplace's own policy by overriding a preset (process rules §8, last sentence). */
const issuesOf = (result: ReturnType<typeof customPolicy>) => expectLeft(result).issues.map((issue) => issue.message);

describe('customPolicy', () => {
  it('replaces top-level fields and keeps the rest of the preset', () => {
    const result = customPolicy('seed', { name: 'acme', maxBuyerRevisions: 3, onBuyerSilence: 'ESCALATE' });
    expect(result).toEqual(E.right({ ...seedPolicy, name: 'acme', maxBuyerRevisions: 3, onBuyerSilence: 'ESCALATE' }));
  });

  it('merges deadlines one level deep: only the named deadline changes', () => {
    const result = customPolicy('paypal', { deadlines: { sellerResponse: { businessDays: 2 } } });
    expect(result).toEqual(E.right({ ...policies.paypal, deadlines: { ...policies.paypal.deadlines, sellerResponse: { businessDays: 2 } } }));
  });

  it('merges the business calendar one level deep', () => {
    const result = customPolicy('ebay', { businessCalendar: { holidays: ['2026-12-25'] } });
    expect(E.isRight(result) && result.right.businessCalendar).toEqual({ weekendDays: [0, 6], holidays: ['2026-12-25'] });
  });

  it('replaces other object fields whole (openWindow)', () => {
    const result = customPolicy('aliexpress', { openWindow: { closes: { from: 'PAID_AT', after: { days: 60 } } } });
    expect(E.isRight(result) && result.right.openWindow).toEqual({ closes: { from: 'PAID_AT', after: { days: 60 } } });
  });

  it('starts from a whole policy as well as from a preset name', () => {
    const acme = { ...seedPolicy, name: 'acme' };
    expect(customPolicy(acme, { sellerMayEscalate: true })).toEqual(E.right({ ...acme, sellerMayEscalate: true }));
  });

  it('skips overrides that are undefined', () => {
    expect(customPolicy('seed', { maxBuyerRevisions: undefined })).toEqual(E.right(seedPolicy));
  });

  it('reports an unknown field', () => {
    expect(issuesOf(customPolicy('seed', { sellerResponseDays: 3 }))).toEqual(['sellerResponseDays: unknown field (got 3)']);
  });

  it('reports an unknown deadline name inside the merged deadlines', () => {
    expect(issuesOf(customPolicy('seed', { deadlines: { sellerReply: { days: 3 } } }))).toEqual([
      'deadlines.sellerReply: unknown field (got {"days":3})',
    ]);
  });

  it('reports a negative duration with its path', () => {
    expect(issuesOf(customPolicy('seed', { deadlines: { sellerResponse: { days: -1 } } }))).toEqual([
      'deadlines.sellerResponse.days: expected a safe integer ≥ 0, got -1',
    ]);
    expect(issuesOf(customPolicy('seed', { escalateEarliestAfter: { businessDays: -3 } }))).toEqual([
      'escalateEarliestAfter.businessDays: expected a safe integer ≥ 0, got -3',
    ]);
  });

  it('reports a deadline of zero days (every deadline must fall after the event that starts it)', () => {
    expect(issuesOf(customPolicy('seed', { deadlines: { buyerResponse: { days: 0 } } }))).toEqual([
      'deadlines.buyerResponse: expected a duration of at least 1 day, such as { "days": 5 } or { "businessDays": 3 }, got {"days":0}',
    ]);
  });

  it('allows escalation from the start (escalateEarliestAfter of zero)', () => {
    expect(E.isRight(customPolicy('seed', { escalateEarliestAfter: { days: 0 } }))).toBe(true);
  });

  it('reports every problem at once, and wrong types', () => {
    const result = customPolicy('seed', { maxBuyerRevisions: -1, onBuyerSilence: 'SHRUG', manualEscalation: 'yes' });
    expect(issuesOf(result)).toEqual([
      'maxBuyerRevisions: expected a safe integer ≥ 0 or "UNLIMITED", got -1',
      'manualEscalation: expected true or false, got "yes"',
      'onBuyerSilence: expected one of "ACCEPT_STANDING_OFFER", "CLOSE_SELLER_FAVOUR", "ESCALATE", got "SHRUG"',
    ]);
    expect(E.isLeft(result) && result.left.subject).toBe('policy override');
    expect(E.isLeft(result) && result.left.message.startsWith('Invalid policy override: maxBuyerRevisions')).toBe(true);
  });

  it('reports an unknown preset name and overrides that are not an object', () => {
    expect(issuesOf(customPolicy('amazon' as 'seed', {}))).toEqual(['base: expected one of seed, aliexpress, paypal, ebay, got "amazon"']);
    expect(issuesOf(customPolicy('seed', [1]))).toEqual(['(root): expected an object of policy fields, got [1]']);
    expect(issuesOf(customPolicy('seed', null))).toEqual(['(root): expected an object of policy fields, got null']);
  });
});

describe('parsePolicy', () => {
  it('decodes a whole policy from JSON', () => {
    expect(parsePolicy(JSON.parse(JSON.stringify(policies.ebay)))).toEqual(E.right(policies.ebay));
  });

  it('reports what is missing or wrong', () => {
    const { name: _name, ...withoutName } = seedPolicy;
    const result = parsePolicy(withoutName);
    expect(E.isLeft(result) && result.left.subject).toBe('policy');
    expect(E.isLeft(result) && result.left.issues.map((i) => i.message)).toEqual(['name: is required (non-blank text of at most 200 characters)']);
  });
});
