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
  /** Minor units that went back through the gateway and lost chargebacks: what the platform's share is paid from. */
  readonly givenBack: number;
  /** Minor units of the platform's share paid so far: `min(givenBack, platformShare)`. */
  readonly covered: number;
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
    givenBack: { type: 'integer' },
    covered: { type: 'integer' },
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

/** What `apply` reads rows through. */
type RowReader = { get(table: string, key: string): Row | undefined };

const costRow = (rows: RowReader, currency: string, cause: string): PlatformCostRow =>
  (rows.get(COSTS, `${currency}|${cause}`) as PlatformCostRow | undefined) ?? { costKey: `${currency}|${cause}`, currency, cause, disputes: 0, committedTotal: 0, coveredTotal: 0 };

/** The events that move the platform's cost: a resolution or its revision, and money going back through the merchant. */
const MOVES: ReadonlyArray<string> = ['Resolved', 'RulingRevised', 'RefundIssued', 'ChargebackDecided'];

/** Adds (`sign` 1) or takes back (−1) one dispute's part in its cost row. */
const counted = (rows: RowReader, fact: PlatformCostDispute, sign: 1 | -1, changed: Map<string, PlatformCostRow>): void => {
  if (fact.platformShare === 0) return;
  const key = `${fact.currency}|${fact.cause}`;
  const row = changed.get(key) ?? costRow(rows, fact.currency, fact.cause);
  changed.set(key, {
    ...row,
    disputes: row.disputes + sign,
    committedTotal: row.committedTotal + sign * fact.platformShare,
    coveredTotal: row.coveredTotal + sign * fact.covered,
  });
};

/** The dispute's fact after one event: the share and cause a resolution sets, what went back, what that covered. */
const factAfter = (prior: PlatformCostDispute | undefined, e: ProjectedEvent): PlatformCostDispute | undefined => {
  const event = e.event;
  const base: PlatformCostDispute = prior ?? { disputeId: event.data.disputeId, currency: '', cause: 'POLICY_DEFAULT', platformShare: 0, givenBack: 0, covered: 0, lastVersion: 0 };
  let next: PlatformCostDispute;
  if (event.type === 'Resolved' || event.type === 'RulingRevised') {
    const liability = liabilityOf(event.data);
    next = { ...base, currency: liability.platform.currency, cause: liability.cause, platformShare: liability.platform.amount };
  } else if (event.type === 'RefundIssued' || (event.type === 'ChargebackDecided' && event.data.outcome === 'LOST')) {
    next = { ...base, currency: base.currency === '' ? event.data.amount.currency : base.currency, givenBack: base.givenBack + event.data.amount.amount };
  } else {
    return undefined;
  }
  return { ...next, covered: Math.min(next.givenBack, next.platformShare), lastVersion: e.version };
};

/**
 * The `platformCost` projection: what the platform pays of refunds, per currency and cause. A
 * resolution with a part on the platform (`Resolved.liability.platform` above zero) counts the
 * dispute and commits that part; a revised ruling (`RulingRevised`) replaces it. Money going back
 * through the merchant — the gateway's refund and lost chargebacks — covers it, up to that part;
 * refunds the seller made elsewhere are the seller's alone. Resolutions stored before liability
 * existed put nothing on the platform.
 */
export const platformCostProjection: Projection = {
  name: 'platform_cost',
  // 2: lost chargebacks cover the platform's share as refunds do; a revised ruling replaces the share.
  version: 2,
  tables: [platformCostDisputesTable, platformCostsTable],
  // Only the events that move the cost: every other event reads and writes nothing.
  reads: (e: ProjectedEvent) => (MOVES.includes(e.event.type) ? [{ table: DISPUTES, key: e.event.data.disputeId }] : []),
  apply: (rows, e) => {
    if (!MOVES.includes(e.event.type)) return [];
    const prior = rows.get(DISPUTES, e.event.data.disputeId) as PlatformCostDispute | undefined;
    if (prior !== undefined && e.version <= prior.lastVersion) return [];
    const next = factAfter(prior, e);
    if (next === undefined) return [];
    const changed = new Map<string, PlatformCostRow>();
    if (prior !== undefined) counted(rows, prior, -1, changed);
    counted(rows, next, 1, changed);
    // A row left with no dispute (a revised ruling moved its only one to another cause) is removed, as if never written.
    const costs = [...changed.values()].map((row): RowChange => (row.disputes === 0 ? { op: 'delete', table: COSTS, key: row.costKey } : upsert(COSTS, row)));
    return [upsert(DISPUTES, next), ...costs];
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
