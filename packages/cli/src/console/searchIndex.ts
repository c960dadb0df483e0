import type { DisputeSummary } from '@disputekit/projections';

/** The fields a search may look in; `any` looks in all of them. */
export const SEARCH_FIELDS = ['any', 'id', 'order', 'buyer', 'seller', 'status'] as const;

/** A field a search may look in. */
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** The answer to a search: the first `limit` matches (newest opened first) and how many matched in all. */
export interface SearchResult {
  readonly items: ReadonlyArray<DisputeSummary>;
  readonly total: number;
}

/** An in-memory index over the dispute summaries: case-insensitive substring search on one field or all. */
export interface SearchIndex {
  readonly size: number;
  search(query: string, field: SearchField, limit: number): SearchResult;
  /** Distinct seller ids, in order of first appearance. */
  sellers(): ReadonlyArray<string>;
}

/**
 * Builds the index: the rows sorted newest opened first, and for each row its five searchable
 * values in lower case. A search is one pass over the rows (100,000 in a few milliseconds); an
 * empty query matches every row.
 */
export const createSearchIndex = (summaries: ReadonlyArray<DisputeSummary>): SearchIndex => {
  const rows = [...summaries].sort((a, b) => (a.openedAt === b.openedAt ? (a.disputeId < b.disputeId ? 1 : -1) : a.openedAt < b.openedAt ? 1 : -1));
  const keys = {
    id: rows.map((r) => r.disputeId.toLowerCase()),
    order: rows.map((r) => r.orderId.toLowerCase()),
    buyer: rows.map((r) => r.buyerId.toLowerCase()),
    seller: rows.map((r) => r.sellerId.toLowerCase()),
    status: rows.map((r) => `${r.status} ${r.outcome ?? ''}`.toLowerCase()),
  };
  const fields = ['id', 'order', 'buyer', 'seller', 'status'] as const;
  return {
    size: rows.length,
    search(query, field, limit) {
      const q = query.trim().toLowerCase();
      const items: DisputeSummary[] = [];
      let total = 0;
      const looked = field === 'any' ? fields : [field];
      for (let i = 0; i < rows.length; i++) {
        let hit = q === '';
        for (let f = 0; !hit && f < looked.length; f++) hit = keys[looked[f]!][i]!.includes(q);
        if (!hit) continue;
        total++;
        if (items.length < limit) items.push(rows[i]!);
      }
      return { items, total };
    },
    sellers: () => [...new Set(rows.map((r) => r.sellerId))],
  };
};
