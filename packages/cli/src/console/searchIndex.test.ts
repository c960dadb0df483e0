import fc from 'fast-check';
import type { DisputeSummary } from '@disputekit/projections';
import { createSearchIndex, SEARCH_FIELDS, type SearchField } from './searchIndex';

const summary = (n: number, fields: Partial<DisputeSummary> = {}): DisputeSummary =>
  ({
    disputeId: `d-${n}`,
    orderId: `order-${n}`,
    buyerId: `buyer-${n % 7}`,
    sellerId: `seller-${n % 3}`,
    status: n % 2 === 0 ? 'AWAITING_SELLER' : 'CLOSED',
    outcome: n % 2 === 0 ? null : 'REFUNDED_FULL',
    openedAt: new Date(Date.UTC(2026, 2, 1) + n * 60_000).toISOString(),
    ...fields,
  }) as DisputeSummary;

/** The obvious search, row by row: what the index must agree with. */
const naive = (rows: ReadonlyArray<DisputeSummary>, query: string, field: SearchField): ReadonlyArray<string> => {
  const q = query.trim().toLowerCase();
  const values = (r: DisputeSummary) => ({ id: r.disputeId, order: r.orderId, buyer: r.buyerId, seller: r.sellerId, status: `${r.status} ${r.outcome ?? ''}` });
  return [...rows]
    .sort((a, b) => (a.openedAt === b.openedAt ? (a.disputeId < b.disputeId ? 1 : -1) : a.openedAt < b.openedAt ? 1 : -1))
    .filter((r) => {
      const v = values(r);
      const looked = field === 'any' ? Object.values(v) : [v[field]];
      return q === '' || looked.some((x) => x.toLowerCase().includes(q));
    })
    .map((r) => r.disputeId);
};

describe('createSearchIndex', () => {
  const rows = Array.from({ length: 40 }, (_, n) => summary(n));
  const index = createSearchIndex(rows);

  it('finds by each field, newest opened first, with the total beyond the limit', () => {
    expect(index.search('SELLER-1', 'seller', 100).items.map((r) => r.disputeId)).toEqual(naive(rows, 'seller-1', 'seller'));
    expect(index.search('order-3', 'order', 100).items.map((r) => r.disputeId)).toEqual(['d-39', 'd-38', 'd-37', 'd-36', 'd-35', 'd-34', 'd-33', 'd-32', 'd-31', 'd-30', 'd-3']);
    expect(index.search('refunded_full', 'status', 5)).toMatchObject({ total: 20 });
    expect(index.search('refunded_full', 'status', 5).items).toHaveLength(5);
    expect(index.search('', 'any', 3)).toMatchObject({ total: 40, items: [{ disputeId: 'd-39' }, { disputeId: 'd-38' }, { disputeId: 'd-37' }] });
    expect(index.search('nothing-like-it', 'any', 10)).toEqual({ items: [], total: 0 });
  });

  it('never lets a match run from one row into the next', () => {
    const two = createSearchIndex([summary(1, { sellerId: 'ab' }), summary(2, { sellerId: 'cd' })]);
    expect(two.search('bc', 'seller', 10).total).toBe(0);
    expect(two.search('b\u0000c', 'seller', 10).total).toBe(0);
  });

  it('agrees with a row-by-row search on random ids and queries', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '-', '1', '<', '\u0000'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.record({ seller: text, buyer: text }), { maxLength: 25 }), text, fc.constantFrom(...SEARCH_FIELDS), (values, query, field) => {
        const some = values.map((v, n) => summary(n, { sellerId: v.seller, buyerId: v.buyer }));
        const got = createSearchIndex(some).search(query, field, 1_000).items.map((r) => r.disputeId);
        const q = query.replaceAll('\u0000', '');
        const expected = naive(
          some.map((r) => ({ ...r, sellerId: r.sellerId.replaceAll('\u0000', ''), buyerId: r.buyerId.replaceAll('\u0000', '') })),
          q,
          field,
        );
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
