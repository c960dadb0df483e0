import * as E from 'fp-ts/lib/Either.js';
import { liabilityOf, millisOf, type Instant } from '@disputekit/core';
import { type ReadModelError } from '../readSide/readModelErrors';
import { type Row, type RowChange, type TableSpec } from '../readSide/rows';
import type { Projection, ProjectedEvent } from '../runner/projection';
import { countActive, queryActive, pagedQuery, type Page, type PageRequest, type ReadModelSource } from './readModelReader';

/** Per-dispute facts the scorecard keeps to count each dispute once (table `scorecard_disputes`). */
export interface ScorecardDispute {
  readonly disputeId: string;
  readonly sellerId: string;
  readonly currency: string;
  /** `sellerId|currency`: the scorecard row it counts in. */
  readonly scorecardKey: string;
  readonly openedAt: string;
  readonly escalated: boolean;
  /** Seconds from opening to closing, once closed. */
  readonly closeSeconds: number | null;
  readonly lastVersion: number;
  /** Minor units the resolution put on the platform (0 until resolved, and in histories without liability). */
  readonly platformShare: number;
  /** The latest resolution was for the buyer (a revised ruling may change it). */
  readonly buyerFavoured: boolean;
  /** Minor units that went back through the gateway and lost chargebacks: what the platform's share is paid from. */
  readonly givenBack: number;
  /** Minor units of `givenBack` counted as covered by the platform (at most its share). */
  readonly covered: number;
}

/** Counters per seller and currency (table `seller_scorecards`); rates and the median are computed on read. */
export interface ScorecardCounters {
  readonly scorecardKey: string;
  readonly sellerId: string;
  readonly currency: string;
  readonly disputesOpened: number;
  readonly openNow: number;
  readonly escalated: number;
  /** Disputes resolved (by agreement, ruling or silence); cancelled ones are not. */
  readonly resolved: number;
  readonly buyerFavour: number;
  /** Minor units the buyers got back in this seller's disputes in this currency: through the gateway, refunded by the seller elsewhere, or by lost chargebacks. */
  readonly refundedTotal: number;
  readonly closed: number;
  /** Deadlines that expired on the seller: SELLER_RESPONSE, RETURN_RECEIPT, and evidence requests to the seller. */
  readonly silenceCount: number;
  /** Minor units of those refunds the seller paid. */
  readonly sellerPaidTotal: number;
  /** Minor units of those refunds the platform covered (`Resolved.liability`). */
  readonly platformCoveredTotal: number;
}

/** A seller's scorecard in one currency. */
export interface SellerScorecard {
  readonly sellerId: string;
  readonly currency: string;
  readonly disputesOpened: number;
  readonly openNow: number;
  /** Escalated disputes ÷ disputes opened. */
  readonly escalationRate: number;
  /** Buyer-favour resolutions ÷ resolutions (`null` before the first resolution). */
  readonly buyerFavourRate: number | null;
  /** Minor units. */
  readonly refundedTotal: number;
  /** Median hours from opening to closing over closed disputes (`null` before the first close). */
  readonly medianHoursToClose: number | null;
  readonly silenceCount: number;
  /** Minor units of the refunds the seller paid: `refundedTotal` less what the platform covered. */
  readonly sellerPaidTotal: number;
  /** Minor units of the refunds the platform covered. */
  readonly platformCoveredTotal: number;
}

const DISPUTES = 'scorecard_disputes';
const CARDS = 'seller_scorecards';

/** The `scorecard_disputes` table. */
export const scorecardDisputesTable: TableSpec = {
  name: DISPUTES,
  key: 'disputeId',
  columns: {
    disputeId: { type: 'text' },
    sellerId: { type: 'text' },
    currency: { type: 'text' },
    scorecardKey: { type: 'text' },
    openedAt: { type: 'text' },
    escalated: { type: 'boolean' },
    closeSeconds: { type: 'integer', nullable: true },
    lastVersion: { type: 'integer' },
    platformShare: { type: 'integer' },
    buyerFavoured: { type: 'boolean' },
    givenBack: { type: 'integer' },
    covered: { type: 'integer' },
  },
  indexes: [['sellerId', 'currency', 'closeSeconds']],
};

/** The `seller_scorecards` table. */
export const sellerScorecardsTable: TableSpec = {
  name: CARDS,
  key: 'scorecardKey',
  columns: {
    scorecardKey: { type: 'text' },
    sellerId: { type: 'text' },
    currency: { type: 'text' },
    disputesOpened: { type: 'integer' },
    openNow: { type: 'integer' },
    escalated: { type: 'integer' },
    resolved: { type: 'integer' },
    buyerFavour: { type: 'integer' },
    refundedTotal: { type: 'integer' },
    closed: { type: 'integer' },
    silenceCount: { type: 'integer' },
    sellerPaidTotal: { type: 'integer' },
    platformCoveredTotal: { type: 'integer' },
  },
  indexes: [['sellerId']],
};

const emptyCard = (sellerId: string, currency: string): ScorecardCounters => ({
  scorecardKey: `${sellerId}|${currency}`,
  sellerId,
  currency,
  disputesOpened: 0,
  openNow: 0,
  escalated: 0,
  resolved: 0,
  buyerFavour: 0,
  refundedTotal: 0,
  closed: 0,
  silenceCount: 0,
  sellerPaidTotal: 0,
  platformCoveredTotal: 0,
});

const upsert = (table: string, row: object): RowChange => ({ op: 'upsert', table, row: row as Row });

/**
 * Money that went back to the buyer, counted on the card and the dispute. What the gateway paid and
 * lost chargebacks took (`viaMerchant`) pay the platform's share first, up to that share; what the
 * seller refunded elsewhere is the seller's alone (decision 0005). A changed share (a revised
 * ruling) moves the covered part too.
 */
const givenBack = (card: ScorecardCounters, fact: ScorecardDispute, viaMerchant: number, elsewhere: number, platformShare = fact.platformShare): [ScorecardCounters, ScorecardDispute] => {
  const total = fact.givenBack + viaMerchant;
  const covered = Math.min(total, platformShare);
  const moved = covered - fact.covered;
  const added = viaMerchant + elsewhere;
  return [
    { ...card, refundedTotal: card.refundedTotal + added, sellerPaidTotal: card.sellerPaidTotal + added - moved, platformCoveredTotal: card.platformCoveredTotal + moved },
    { ...fact, platformShare, givenBack: total, covered },
  ];
};

/** A resolution or a revised ruling: its outcome and the platform's share replace the previous ones. */
const decided = (card: ScorecardCounters, fact: ScorecardDispute, outcome: string, platformShare: number, first: boolean): [ScorecardCounters, ScorecardDispute] => {
  const buyerFavoured = outcome === 'BUYER_FAVOUR';
  const counted = { ...card, resolved: card.resolved + (first ? 1 : 0), buyerFavour: card.buyerFavour + (buyerFavoured ? 1 : 0) - (!first && fact.buyerFavoured ? 1 : 0) };
  return givenBack(counted, { ...fact, buyerFavoured }, 0, 0, platformShare);
};

/** The `sellerScorecard` projection. */
export const sellerScorecardProjection: Projection = {
  name: 'seller_scorecard',
  // 2: what the seller paid and what the platform covered (liability). 3: refunds made elsewhere and lost
  // chargebacks count as given back; a revised ruling replaces the outcome and the platform's share.
  version: 3,
  tables: [scorecardDisputesTable, sellerScorecardsTable],
  reads: (e: ProjectedEvent) =>
    e.event.type === 'DisputeOpened'
      ? [
          { table: DISPUTES, key: e.event.data.disputeId },
          { table: CARDS, key: `${e.event.data.order.sellerId}|${e.event.data.refundable.currency}` },
        ]
      : [{ table: DISPUTES, key: e.event.data.disputeId }],
  apply: (rows, e) => {
    const event = e.event;
    const dispute = rows.get(DISPUTES, event.data.disputeId) as ScorecardDispute | undefined;
    if (dispute === undefined) {
      if (event.type !== 'DisputeOpened') return [];
      const sellerId = event.data.order.sellerId;
      const currency = event.data.refundable.currency;
      const key = `${sellerId}|${currency}`;
      const card = (rows.get(CARDS, key) as ScorecardCounters | undefined) ?? emptyCard(sellerId, currency);
      const fact: ScorecardDispute = {
        disputeId: event.data.disputeId,
        sellerId,
        currency,
        scorecardKey: key,
        openedAt: event.data.at,
        escalated: false,
        closeSeconds: null,
        lastVersion: e.version,
        platformShare: 0,
        buyerFavoured: false,
        givenBack: 0,
        covered: 0,
      };
      return [upsert(DISPUTES, fact), upsert(CARDS, { ...card, disputesOpened: card.disputesOpened + 1, openNow: card.openNow + 1 })];
    }
    if (e.version <= dispute.lastVersion) return [];
    const card = (rows.get(CARDS, dispute.scorecardKey) as ScorecardCounters | undefined) ?? emptyCard(dispute.sellerId, dispute.currency);
    let fact: ScorecardDispute = { ...dispute, lastVersion: e.version };
    let next: ScorecardCounters = card;
    switch (event.type) {
      case 'Escalated':
        if (!dispute.escalated) {
          fact = { ...fact, escalated: true };
          next = { ...card, escalated: card.escalated + 1 };
        }
        break;
      case 'Resolved':
        [next, fact] = decided(card, fact, event.data.outcome, liabilityOf(event.data).platform.amount, true);
        break;
      case 'RulingRevised':
        [next, fact] = decided(card, fact, event.data.outcome, liabilityOf(event.data).platform.amount, false);
        break;
      case 'RefundIssued':
        [next, fact] = givenBack(card, fact, event.data.amount.amount, 0);
        break;
      case 'ChargebackDecided':
        if (event.data.outcome === 'LOST') [next, fact] = givenBack(card, fact, event.data.amount.amount, 0);
        break;
      case 'ExternalRefundRecorded':
        [next, fact] = givenBack(card, fact, 0, event.data.amount.amount);
        break;
      case 'DeadlineExpired': {
        const k = event.data.kind;
        if (k === 'SELLER_RESPONSE' || k === 'RETURN_RECEIPT' || (k === 'EVIDENCE_REQUEST' && event.data.party === 'seller')) {
          next = { ...card, silenceCount: card.silenceCount + 1 };
        }
        break;
      }
      case 'DisputeClosed': {
        const seconds = Math.max(0, Math.floor((millisOf(event.data.at) - millisOf(dispute.openedAt as Instant)) / 1000));
        fact = { ...fact, closeSeconds: seconds };
        next = { ...card, openNow: card.openNow - 1, closed: card.closed + 1 };
        break;
      }
      default:
        break;
    }
    return next === card ? [upsert(DISPUTES, fact)] : [upsert(DISPUTES, fact), upsert(CARDS, next)];
  },
};

/** Queries on seller scorecards. */
export interface SellerScorecardQueries {
  /** A seller's scorecards, one per currency they had disputes in. */
  forSeller(sellerId: string): Promise<E.Either<ReadModelError, ReadonlyArray<SellerScorecard>>>;
  /** Sellers by disputes opened, most first. */
  mostDisputed(page?: PageRequest): Promise<E.Either<ReadModelError, Page<SellerScorecard>>>;
}

const NAME = sellerScorecardProjection.name;

/** The seller scorecard's queries over a store the runner writes. */
export const sellerScorecardQueries = (source: ReadModelSource): SellerScorecardQueries => {
  const median = async (card: ScorecardCounters): Promise<E.Either<ReadModelError, number | null>> => {
    const where = { sellerId: card.sellerId, currency: card.currency, closeSeconds: { notNull: true } } as const;
    const n = await countActive(source, NAME, DISPUTES, where);
    if (E.isLeft(n)) return n;
    if (n.right === 0) return E.right(null);
    const middle = await queryActive(source, NAME, DISPUTES, {
      where,
      orderBy: [{ column: 'closeSeconds' }, { column: 'disputeId' }],
      offset: Math.floor((n.right - 1) / 2),
      limit: n.right % 2 === 1 ? 1 : 2,
    });
    if (E.isLeft(middle)) return middle;
    const seconds = middle.right.map((r) => r.closeSeconds as number);
    const value = seconds.reduce((a, b) => a + b, 0) / seconds.length;
    return E.right(value / 3600);
  };
  const toScorecard = async (card: ScorecardCounters): Promise<E.Either<ReadModelError, SellerScorecard>> => {
    const m = await median(card);
    if (E.isLeft(m)) return m;
    return E.right({
      sellerId: card.sellerId,
      currency: card.currency,
      disputesOpened: card.disputesOpened,
      openNow: card.openNow,
      escalationRate: card.disputesOpened === 0 ? 0 : card.escalated / card.disputesOpened,
      buyerFavourRate: card.resolved === 0 ? null : card.buyerFavour / card.resolved,
      refundedTotal: card.refundedTotal,
      medianHoursToClose: m.right,
      silenceCount: card.silenceCount,
      sellerPaidTotal: card.sellerPaidTotal,
      platformCoveredTotal: card.platformCoveredTotal,
    });
  };
  const all = async (cards: ReadonlyArray<Row>): Promise<E.Either<ReadModelError, SellerScorecard[]>> => {
    const out: SellerScorecard[] = [];
    for (const card of cards) {
      const s = await toScorecard(card as unknown as ScorecardCounters);
      if (E.isLeft(s)) return s;
      out.push(s.right);
    }
    return E.right(out);
  };
  return {
    async forSeller(sellerId) {
      const cards = await queryActive(source, NAME, CARDS, { where: { sellerId }, orderBy: [{ column: 'currency' }] });
      return E.isLeft(cards) ? cards : all(cards.right);
    },
    async mostDisputed(page) {
      const cards = await pagedQuery<Row>(
        source,
        NAME,
        CARDS,
        { orderBy: [{ column: 'disputesOpened', direction: 'desc' }, { column: 'scorecardKey' }] },
        page,
      );
      if (E.isLeft(cards)) return cards;
      const items = await all(cards.right.items);
      return E.isLeft(items) ? items : E.right({ ...cards.right, items: items.right });
    },
  };
};
