import * as E from 'fp-ts/lib/Either.js';
import { minorUnitDigits, disputeIdOfStream, isDisputeStreamId } from '@disputekit/core';
import { when } from '../render/format';
import { text } from '../html/escapeHtml';
import type { PageChart } from '../html/htmlPage';
import type { ConsoleData } from './consoleData';
import { amount, consolePage, disputeLink, table, type ConsoleFrame } from './consoleLayout';
import { SEARCH_FIELDS, type SearchField } from './searchIndex';

/** Most rows a search shows. */
const SEARCH_LIMIT = 100;

const need = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(`Cannot read the read models: ${result.left.message}`);
  return result.right;
};

const money = (minor: number | null, currency: string) => text(amount(minor, currency, minorUnitDigits(currency)));

/** The search page: a form, and the disputes whose id, order, buyer, seller or status contains the query. */
export const searchPage = (frame: ConsoleFrame, data: ConsoleData, query: string, field: SearchField): string => {
  const started = process.hrtime.bigint();
  const result = data.index().search(query, field, SEARCH_LIMIT);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const options = SEARCH_FIELDS.map((f) => `<option value="${f}"${f === field ? ' selected' : ''}>${f === 'any' ? 'any field' : f}</option>`).join('');
  const rows = result.items.map((d) => [
    disputeLink(d.disputeId),
    text(d.orderId),
    text(d.buyerId),
    text(d.sellerId),
    text(`${d.status}${d.outcome === null ? '' : ` (${d.outcome})`}`),
    money(d.amountAsked, d.currency),
    money(d.amountRefunded, d.currency),
    text(when(d.openedAt)),
  ]);
  const body = `<h1>Search disputes</h1>
<form class="search" method="get" action="/" role="search">
<input type="search" name="q" id="q" value="${text(query)}" placeholder="dispute id, order, buyer, seller or status" autofocus>
<select name="field" id="field">${options}</select>
<button type="submit">Search</button>
</form>
<p class="note" id="search-summary">${result.total.toLocaleString('en-US')} of ${data.index().size.toLocaleString('en-US')} disputes match${
    result.total > result.items.length ? ` (showing the newest ${result.items.length})` : ''
  } · searched in ${ms.toFixed(1)} ms</p>
${table('results', ['dispute', 'order', 'buyer', 'seller', 'status', 'asked', 'refunded', 'opened'], rows, 'No dispute matches.')}`;
  return consolePage(frame, 'Search', body);
};

const perDay = (instants: ReadonlyArray<string>): { readonly labels: string[]; readonly counts: number[] } => {
  const counts = new Map<string, number>();
  for (const at of instants) counts.set(at.slice(0, 10), (counts.get(at.slice(0, 10)) ?? 0) + 1);
  const labels = [...counts.keys()].sort();
  return { labels, counts: labels.map((l) => counts.get(l)!) };
};

/** The queues: running deadlines (what the scheduler will fire) and disputes waiting for a mediator, with charts. */
export const queuesPage = async (frame: ConsoleFrame, data: ConsoleData): Promise<string> => {
  const deadlines = need(await data.readModels.deadlineQueue.all({ limit: 1_000 }));
  const waiting = need(await data.readModels.mediatorQueue.waiting({ limit: 1_000 }));
  const due = perDay(deadlines.items.map((d) => d.dueAt));
  const escalated = perDay(waiting.items.map((m) => m.escalatedAt));
  const charts: PageChart[] = [];
  if (due.labels.length > 0) charts.push({ kind: 'bars', target: 'deadline-queue-chart', data: { xLabel: 'due (UTC day)', labels: due.labels, series: [{ label: 'deadlines due', values: due.counts }] } });
  if (escalated.labels.length > 0) {
    charts.push({ kind: 'bars', target: 'mediator-queue-chart', data: { xLabel: 'escalated (UTC day)', labels: escalated.labels, series: [{ label: 'waiting for a mediator', values: escalated.counts }] } });
  }
  const body = `<h1>Queues</h1>
<h2>Deadline queue <span class="sub">(${deadlines.total.toLocaleString('en-US')} running; what the scheduler will fire)</span></h2>
<div class="chart" id="deadline-queue-chart"></div>
${table('deadline-queue', ['due', 'deadline', 'dispute'], deadlines.items.slice(0, 200).map((d) => [text(when(d.dueAt)), text(`${d.kind}${d.party === null ? '' : ` (${d.party})`}`), disputeLink(d.disputeId)]), 'Empty: no deadline is running.')}
<h2>Mediator queue <span class="sub">(${waiting.total.toLocaleString('en-US')} waiting, longest first)</span></h2>
<div class="chart" id="mediator-queue-chart"></div>
${table(
  'mediator-queue',
  ['dispute', 'escalated', 'why', 'round', 'asks', 'open evidence requests'],
  waiting.items.slice(0, 200).map((m) => [
    disputeLink(m.disputeId),
    text(when(m.escalatedAt)),
    text(m.escalationReason),
    text(m.round),
    `${money(m.amountAsked, m.currency)} of ${money(m.refundable, m.currency)}`,
    text(m.openEvidenceRequestCount),
  ]),
  'Empty: no dispute waits for a mediator.',
)}`;
  return consolePage(frame, 'Queues', body, charts);
};

/** Seller scorecards: the most disputed sellers, with a chart of disputes opened and still open. */
export const sellersPage = async (frame: ConsoleFrame, data: ConsoleData): Promise<string> => {
  const cards = need(await data.readModels.sellerScorecard.mostDisputed({ limit: 50 })).items;
  const rate = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
  const top = cards.slice(0, 20);
  const charts: PageChart[] =
    top.length === 0
      ? []
      : [
          {
            kind: 'bars',
            target: 'scorecard-chart',
            data: {
              xLabel: 'seller',
              labels: top.map((c) => c.sellerId),
              series: [
                { label: 'disputes opened', values: top.map((c) => c.disputesOpened) },
                { label: 'missed deadlines', values: top.map((c) => c.silenceCount) },
              ],
            },
          },
        ];
  const body = `<h1>Seller scorecards</h1>
<div class="chart" id="scorecard-chart"></div>
${table(
  'scorecards',
  ['seller', 'currency', 'opened', 'open now', 'escalated', 'buyer favoured', 'refunded', 'median to close', 'missed deadlines'],
  cards.map((c) => [
    `<a href="/?field=seller&amp;q=${encodeURIComponent(c.sellerId)}">${text(c.sellerId)}</a>`,
    text(c.currency),
    text(c.disputesOpened),
    text(c.openNow),
    text(rate(c.escalationRate)),
    text(rate(c.buyerFavourRate)),
    money(c.refundedTotal, c.currency),
    text(c.medianHoursToClose === null ? '—' : `${c.medianHoursToClose.toFixed(1)} h`),
    text(c.silenceCount),
  ]),
  'No seller has had a dispute.',
)}`;
  return consolePage(frame, 'Sellers', body, charts);
};

/** The store's verification: counts, and the findings in red. */
/** The signed checkpoint's part of the verify page (nothing without `--checkpoint`). */
const checkpointSection = (frame: ConsoleFrame): string => {
  const status = frame.checkpoint;
  if (status === undefined) return '';
  const head = `<section id="checkpoint"><h2>Signed ${text(status.name)}</h2>`;
  if (status.state === 'running') return `${head}<p class="warn" id="checkpoint-result">Checking… reload this page to see the result.</p></section>`;
  if (status.state === 'failed') return `${head}<p class="bad" id="checkpoint-result">The check failed: ${text(status.message)}</p></section>`;
  const holds = status.checks.every((c) => c.ok);
  return `${head}<p id="checkpoint-result" class="${holds ? 'ok' : 'bad'}">${holds ? '✔ The checkpoint holds.' : '✘ The checkpoint does not hold.'}</p>
<ul class="checks">${status.checks.map((c) => `<li class="${c.ok ? 'ok' : 'bad'}">${c.ok ? '✔' : '✘'} ${text(c.name)}: ${text(c.detail)}</li>`).join('')}</ul>
<p>Checked ${text(status.at)}. Each dispute's page shows whether its events are in the signed log.</p></section>`;
};

export const verifyPage = (frame: ConsoleFrame, data: ConsoleData): string => {
  const status = data.verifyStatus();
  let body = '<h1>Verification of the whole store</h1>';
  if (status.state === 'running') body += `<p class="warn" id="verify-result">Verifying since ${text(status.since)}… reload this page to see the result.</p>`;
  else if (status.state === 'failed') body += `<p class="bad" id="verify-result">The verification failed: ${text(status.message)}</p>`;
  else {
    const v = status.verification;
    body += `<p id="verify-result" class="${v.clean ? 'ok' : 'bad'}">${v.clean ? '✔ Clean: every stream checks out.' : '✘ This store has problems.'}</p>
<ul class="checks">
<li>${v.events.toLocaleString('en-US')} events · ${v.streams.disputes.toLocaleString('en-US')} disputes · ${v.streams.orderGuards.toLocaleString('en-US')} order guards · ${v.streams.other} other streams · verified ${text(status.at)} in ${status.seconds.toFixed(2)} s</li>
<li class="${v.chainBreaks === 0 ? 'ok' : 'bad'}">${v.chainBreaks} broken hash chains</li>
<li class="${v.corruptEvents === 0 ? 'ok' : 'bad'}">${v.corruptEvents} events that do not decode</li>
<li class="${v.ruleViolations === 0 ? 'ok' : 'bad'}">${v.ruleViolations} rule violations (checkHistory)</li>
</ul>
${table(
  'findings',
  ['kind', 'stream', 'version', 'what'],
  v.findings.map((f) => [text(f.kind), isDisputeStreamId(f.streamId) ? disputeLink(disputeIdOfStream(f.streamId)!) : text(f.streamId), text(f.version ?? ''), `<span class="bad">${text(f.message)}</span>`]),
  'No findings.',
)}`;
  }
  body += checkpointSection(frame);
  body += '<p class="noprint"><a href="/verify?again=1">Verify again</a></p>';
  return consolePage(frame, 'Verify', body);
};
