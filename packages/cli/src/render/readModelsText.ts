import * as E from 'fp-ts/lib/Either.js';
import { formatMoney, OPENED_DISPUTE_STATUSES, type Money } from '@disputekit/core';
import type { DisputeReadModels } from '@disputekit/projections';
import type { Styles } from '../colour';
import { CliError } from '../cliError';
import { pad, when } from './format';
import { safeDeep } from './safeText';

const minor = (amount: number | null, currency: string): string => (amount === null ? '—' : formatMoney({ amount, currency } as Money));

/** The rows read, with every string escaped (`safeDeep`): read models hold what users typed. */
const need = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) throw new CliError(`Cannot read the read models: ${result.left.message}`, 'Run `disputekit rebuild --store URL` to rebuild them.');
  return safeDeep(result.right);
};

/** Renders the read models (dispute summary, seller scorecards, platform cost, deadline queue, mediator queue) as text. */
export const renderReadModels = async (readModels: DisputeReadModels, s: Styles, sellers: ReadonlyArray<string>): Promise<string> => {
  const lines: string[] = [];
  lines.push(s.bold('Dispute summary') + s.dim('  (read model disputeSummary)'));
  for (const status of OPENED_DISPUTE_STATUSES) {
    const page = need(await readModels.disputeSummary.byStatus(status, { limit: 100, order: 'oldest' }));
    for (const d of page.items) {
      const outcome = d.outcome === null ? '' : ` ${d.outcome}`;
      lines.push(
        `  ${pad(d.disputeId, 13)} ${pad(d.status + outcome, 38)} asked ${pad(minor(d.amountAsked, d.currency), 11)} refunded ${minor(d.amountRefunded, d.currency)}`,
        `  ${pad('', 13)} ${s.dim(`buyer ${d.buyerAction} · seller ${d.sellerAction}`)}`,
      );
    }
  }
  lines.push('', s.bold('Seller scorecards') + s.dim('  (read model sellerScorecard)'));
  for (const sellerId of sellers) {
    for (const card of need(await readModels.sellerScorecard.forSeller(sellerId))) {
      const rate = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
      lines.push(
        `  ${pad(card.sellerId, 20)} ${card.disputesOpened} opened, ${card.openNow} open · escalated ${rate(card.escalationRate)} · buyer favoured ${rate(card.buyerFavourRate)}`,
        `  ${pad('', 20)} refunded ${minor(card.refundedTotal, card.currency)} (seller paid ${minor(card.sellerPaidTotal, card.currency)}, platform covered ${minor(card.platformCoveredTotal, card.currency)}) · median ${card.medianHoursToClose === null ? '—' : `${card.medianHoursToClose.toFixed(1)} h`} to close · ${card.silenceCount} missed deadline(s)`,
      );
    }
  }
  lines.push('', s.bold('Platform cost') + s.dim('  (read model platformCost: refunds the platform took on)'));
  const costs = need(await readModels.platformCost.all());
  if (costs.length === 0) lines.push('  (none: every refund so far was the seller\'s)');
  for (const cost of costs) {
    lines.push(`  ${pad(cost.currency, 5)} ${cost.disputes} dispute(s) · committed ${minor(cost.committedTotal, cost.currency)} · covered ${minor(cost.coveredTotal, cost.currency)}`);
    for (const c of cost.byCause) lines.push(`  ${pad('', 5)} ${s.dim(`${pad(c.cause, 16)} ${c.disputes} dispute(s) · committed ${minor(c.committedTotal, cost.currency)} · covered ${minor(c.coveredTotal, cost.currency)}`)}`);
  }
  lines.push('', s.bold('Deadline queue') + s.dim('  (read model deadlineQueue: what the scheduler will fire)'));
  const deadlines = need(await readModels.deadlineQueue.all({ limit: 100 }));
  if (deadlines.items.length === 0) lines.push('  (empty: no deadline is running)');
  for (const d of deadlines.items) lines.push(`  ${pad(when(d.dueAt), 19)} ${pad(d.kind + (d.party === null ? '' : ` (${d.party})`), 26)} ${d.disputeId}`);
  lines.push('', s.bold('Mediator queue') + s.dim('  (read model mediatorQueue)'));
  const waiting = need(await readModels.mediatorQueue.waiting({ limit: 100 }));
  if (waiting.items.length === 0) lines.push('  (empty: no dispute waits for a mediator)');
  for (const m of waiting.items) {
    lines.push(
      `  ${pad(m.disputeId, 13)} escalated ${when(m.escalatedAt)} (${m.escalationReason}, ${m.round} round)`,
      `  ${pad('', 13)} asks ${minor(m.amountAsked, m.currency)} of ${minor(m.refundable, m.currency)} · ${m.openEvidenceRequestCount} open evidence request(s)`,
    );
  }
  return lines.join('\n');
};
