import * as E from 'fp-ts/lib/Either.js';
import { liabilityOf } from '@disputekit/core';
import { type ReadModelError } from '../readSide/readModelErrors';
import { type Row, type RowChange, type TableSpec } from '../readSide/rows';
import type { Projection, ProjectedEvent } from '../runner/projection';
import { queryActive, type ReadModelSource } from './readModelReader';

/** A dispute whose resolution put part of its refund on the platform (table `platform_cost_disputes`). */
export interface PlatformCostDispute {
  readonly disputeId: string;
  readonly currency: string;
  /** Why the platform pays (`LiabilityCause`: a mediator's split, a cover rule, the policy's default). */
  readonly cause: string;
  /** Minor units the resolution put on the platform. */
  readonly platformShare: number;
  /** True once the refund went out. */
  readonly paid: boolean;
  readonly lastVersion: number;
}

/** What the platform pays in one currency for one cause (table `platform_costs`, key `currency|cause`). */
export interface PlatformCostRow {
  readonly costKey: string;
  readonly currency: string;
  readonly cause: string;
  /** Disputes resolved with a part on the platform. */
  readonly disputes: number;
  /** Minor units the platform took on at resolution. */
  readonly committedTotal: number;
  /** Minor units of it in refunds that went out. */
  readonly coveredTotal: number;
}

/** The platform's cost in one currency: totals, and the same split by cause. */
export interface PlatformCost {
  readonly currency: string;
  readonly disputes: number;
  readonly committedTotal: number;
  readonly coveredTotal: number;
  readonly byCause: ReadonlyArray<{ readonly cause: string; readonly disputes: number; readonly committedTotal: number; readonly coveredTotal: number }>;
}

const DISPUTES = 'platform_cost_disputes';
const COSTS = 'platform_costs';

/** The `platform_cost_disputes` table. */
export const platformCostDisputesTable: TableSpec = {
  name: DISPUTES,
  key: 'disputeId',
  columns: {
    disputeId: { type: 'text' },
    currency: { type: 'text' },
    cause: { type: 'text' },
    platformShare: { type: 'integer' },
    paid: { type: 'boolean' },
    lastVersion: { type: 'integer' },
  },
};

/** The `platform_costs` table. */
export const platformCostsTable: TableSpec = {
  name: COSTS,
  key: 'costKey',
  columns: {
    costKey: { type: 'text' },
    currency: { type: 'text' },
    cause: { type: 'text' },
    disputes: { type: 'integer' },
    committedTotal: { type: 'integer' },
    coveredTotal: { type: 'integer' },
  },
  indexes: [['currency']],
};

const upsert = (table: string, row: object): RowChange => ({ op: 'upsert', table, row: row as Row });

const costRow = (rows: { get(table: string, key: string): Row | undefined }, currency: string, cause: string): PlatformCostRow =>
  (rows.get(COSTS, `${currency}|${cause}`) as PlatformCostRow | undefined) ?? { costKey: `${currency}|${cause}`, currency, cause, disputes: 0, committedTotal: 0, coveredTotal: 0 };

/**
 * The `platformCost` projection: what the platform pays of refunds, per currency and cause. A
 * resolution with a part on the platform (`Resolved.liability.platform` above zero) counts the
 * dispute and commits that part; the refund going out (`RefundIssued`) covers it, up to the refund.
 * Resolutions stored before liability existed put nothing on the platform.
 */
export const platformCostProjection: Projection = {
  name: 'platform_cost',
  version: 1,
  tables: [platformCostDisputesTable, platformCostsTable],
  // Only a resolution and a refund matter: every other event reads and writes nothing.
  reads: (e: ProjectedEvent) => (e.event.type === 'Resolved' || e.event.type === 'RefundIssued' ? [{ table: DISPUTES, key: e.event.data.disputeId }] : []),
  apply: (rows, e) => {
    const event = e.event;
    if (event.type !== 'Resolved' && event.type !== 'RefundIssued') return [];
    const dispute = rows.get(DISPUTES, event.data.disputeId) as PlatformCostDispute | undefined;
    if (event.type === 'Resolved' && dispute === undefined) {
      const liability = liabilityOf(event.data);
      if (liability.platform.amount === 0) return [];
      const fact: PlatformCostDispute = {
        disputeId: event.data.disputeId,
        currency: liability.platform.currency,
        cause: liability.cause,
        platformShare: liability.platform.amount,
        paid: false,
        lastVersion: e.version,
      };
      const cost = costRow(rows, fact.currency, fact.cause);
      return [upsert(DISPUTES, fact), upsert(COSTS, { ...cost, disputes: cost.disputes + 1, committedTotal: cost.committedTotal + fact.platformShare })];
    }
    if (event.type !== 'RefundIssued' || dispute === undefined || dispute.paid || e.version <= dispute.lastVersion) return [];
    const cost = costRow(rows, dispute.currency, dispute.cause);
    const covered = Math.min(event.data.amount.amount, dispute.platformShare);
    return [upsert(DISPUTES, { ...dispute, paid: true, lastVersion: e.version }), upsert(COSTS, { ...cost, coveredTotal: cost.coveredTotal + covered })];
  },
};

/** Queries on the platform's cost of refunds. */
export interface PlatformCostQueries {
  /** The platform's cost in every currency it paid in, by currency. */
  all(): Promise<E.Either<ReadModelError, ReadonlyArray<PlatformCost>>>;
  /** The platform's cost in one currency (zeros when it never paid in it). */
  inCurrency(currency: string): Promise<E.Either<ReadModelError, PlatformCost>>;
}

const NAME = platformCostProjection.name;

/** Sums cost rows of one currency, with their split by cause. */
const summed = (currency: string, rows: ReadonlyArray<PlatformCostRow>): PlatformCost => ({
  currency,
  disputes: rows.reduce((n, r) => n + r.disputes, 0),
  committedTotal: rows.reduce((n, r) => n + r.committedTotal, 0),
  coveredTotal: rows.reduce((n, r) => n + r.coveredTotal, 0),
  byCause: rows.map((r) => ({ cause: r.cause, disputes: r.disputes, committedTotal: r.committedTotal, coveredTotal: r.coveredTotal })),
});

/** The platform-cost read model's queries over a store the runner writes. */
export const platformCostQueries = (source: ReadModelSource): PlatformCostQueries => ({
  async all() {
    const rows = await queryActive(source, NAME, COSTS, { orderBy: [{ column: 'currency' }, { column: 'cause' }] });
    if (E.isLeft(rows)) return rows;
    const byCurrency = new Map<string, PlatformCostRow[]>();
    for (const row of rows.right as unknown as ReadonlyArray<PlatformCostRow>) byCurrency.set(row.currency, [...(byCurrency.get(row.currency) ?? []), row]);
    return E.right([...byCurrency].map(([currency, list]) => summed(currency, list)));
  },
  async inCurrency(currency) {
    const rows = await queryActive(source, NAME, COSTS, { where: { currency }, orderBy: [{ column: 'cause' }] });
    return E.isLeft(rows) ? rows : E.right(summed(currency, rows.right as unknown as ReadonlyArray<PlatformCostRow>));
  },
});
