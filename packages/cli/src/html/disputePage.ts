import { formatMoney, type DisputeAudit, type TimelineEntry } from '@disputekit/core';
import { plural, when } from '../render/format';
import { text } from './escapeHtml';
import type { PageChart } from './htmlPage';
import { chartDataOf } from './moneyChart';
import { ruleContext } from './ruleContext';
import { changedFields, stateRows, type StateRow } from './stateRows';

/**
 * An integrity check beyond the hash chain, shown in the report's integrity section: for example a
 * signed checkpoint or a Merkle proof the stream was checked against (the seam for that issue).
 */
export interface IntegrityCheck {
  /** What was checked, e.g. `checkpoint #12 (signed by ops-key-1)`. */
  readonly name: string;
  readonly ok: boolean;
  /** The result in words. */
  readonly detail: string;
}

/** Options of `disputeSection`. */
export interface DisputeSectionOptions {
  /** Where the events came from (a store label or a history file), shown in the header. */
  readonly source: string;
  /** Further integrity checks (checkpoints, proofs) to show beside the hash chain. */
  readonly checks?: ReadonlyArray<IntegrityCheck>;
}

/** The markup and charts of one dispute's audit, for the report file and the console's dispute page. */
export interface DisputeSection {
  readonly body: string;
  readonly charts: ReadonlyArray<PageChart>;
}

const statusOf = (audit: DisputeAudit, version: number): string => {
  const state = audit.states.find((s) => s.version === version)?.state;
  if (state === undefined) return '';
  return state.outcome === undefined ? state.status : `${state.status} (${state.outcome})`;
};

const subjectList = (audit: DisputeAudit): string => {
  const s = audit.subject;
  if (s === undefined) return '<p class="bad">The stream does not start with a valid DisputeOpened: no order or parties to show.</p>';
  const item = (term: string, value: string, id?: string) => `<dt>${term}</dt><dd${id === undefined ? '' : ` id="${id}"`}>${text(value)}</dd>`;
  return `<dl class="subject">${[
    item('order', s.orderId),
    item('policy', s.policy),
    item('buyer', s.buyerId),
    item('seller', s.sellerId),
    item('paid', formatMoney(s.paid)),
    item('refundable', formatMoney(s.refundable)),
    item('kind', s.kind),
    item('reason', s.reason),
    item('opened', when(s.openedAt)),
    item('status', `${audit.finalState.status}${audit.finalState.outcome === undefined ? '' : ` (${audit.finalState.outcome})`}`, 'final-status'),
  ].join('')}</dl>`;
};

const check = (ok: boolean, line: string, findings: ReadonlyArray<string> = []): string =>
  `<li class="${ok ? 'ok' : 'bad'}">${ok ? '✔' : '✘'} ${line}${
    findings.length === 0 ? '' : `<ul class="findings">${findings.map((f) => `<li>${f}</li>`).join('')}</ul>`
  }</li>`;

const integritySection = (audit: DisputeAudit, checks: ReadonlyArray<IntegrityCheck>): string => {
  const chain = audit.chain;
  const clean = audit.clean && checks.every((c) => c.ok);
  const items = [
    chain.ok
      ? check(true, `hash chain intact: ${text(plural(chain.events, 'event'))}, every link checked`)
      : check(false, 'hash chain broken', [`first broken link: ${text(chain.firstBreak?.message ?? 'unknown')}`]),
    audit.corrupt.length === 0
      ? check(true, 'every event decodes')
      : check(false, `${text(plural(audit.corrupt.length, 'event'))} do not decode`, audit.corrupt.map((c) => `v${c.version}: ${text(c.message)}`)),
    audit.violations.length === 0
      ? check(true, 'no violation of the process rules (checkHistory)')
      : check(
          false,
          `${text(plural(audit.violations.length, 'rule violation'))} (checkHistory)`,
          audit.violations.map((v) => `${text(v.rule)}${v.version === undefined ? '' : ` at v${v.version}`}: ${text(v.message)}`),
        ),
    ...checks.map((c) => check(c.ok, `${text(c.name)}: ${text(c.detail)}`)),
  ];
  return `<section id="integrity" data-integrity="${clean ? 'clean' : 'problems'}">
<h2>Integrity</h2>
<p><span class="badge ${clean ? 'ok' : 'bad'}" id="verdict">${clean ? 'clean' : 'problems found'}</span></p>
<ul class="checks">${items.join('')}</ul>
</section>`;
};

const stateDetails = (entry: TimelineEntry, rows: ReadonlyArray<StateRow> | undefined, changed: ReadonlySet<string>): string => {
  if (rows === undefined) return '<p class="note">No state after this event (a history cannot be folded past an event that does not decode).</p>';
  const body = rows.map((r) => `<tr${changed.has(r.field) ? ' class="changed"' : ''}><td>${text(r.field)}</td><td>${text(r.value)}</td></tr>`).join('');
  return `<details><summary>State after v${entry.version}${changed.size === 0 ? '' : ` — ${changed.size} changed`}</summary><table><tbody>${body}</tbody></table></details>`;
};

const timelineSection = (audit: DisputeAudit): string => {
  const rowsAt = new Map(audit.states.map((s) => [s.version, stateRows(s.state)]));
  let previous: ReadonlyArray<StateRow> | undefined;
  const items = audit.timeline.map((entry) => {
    const rows = rowsAt.get(entry.version);
    const changed = rows === undefined ? new Set<string>() : changedFields(previous, rows);
    if (rows !== undefined) previous = rows;
    const who = entry.who === undefined ? '?' : `${entry.who.role} ${entry.who.id}`;
    const after = statusOf(audit, entry.version);
    return `<li class="event${entry.valid ? '' : ' invalid'}" data-version="${entry.version}" data-type="${text(entry.type)}">
<div class="line1"><span class="v">v${entry.version}</span><span class="when">${text(when(entry.at ?? entry.recordedAt))}</span><span class="who">${text(who)}</span><span class="what${entry.valid ? '' : ' bad'}">${text(entry.what)}</span>${
      entry.money === undefined ? '' : `<span class="money">${text(formatMoney(entry.money))}</span>`
    }${after === '' ? '' : `<span class="after">→ ${text(after)}</span>`}</div>
<p class="rule">${text(ruleContext(entry.type))}</p>
${stateDetails(entry, rows, changed)}
</li>`;
  });
  return `<section id="timeline-section">
<h2>Timeline</h2>
<p class="note">When (UTC), who, what, how much, and the status after each event; the rule behind each event in plain words; open a step to see the whole state after it, with what changed highlighted.</p>
<div class="toolbar"><button type="button" data-dk-expand="open">Expand every state</button><button type="button" data-dk-expand="close">Collapse</button></div>
<ol class="timeline" id="timeline">${items.length === 0 ? '<li>(no events)</li>' : items.join('')}</ol>
</section>`;
};

const deadlineTable = (audit: DisputeAudit): string => {
  const rows = chartDataOf(audit).deadlines;
  if (rows.length === 0) return '<p class="note">No deadline was ever started.</p>';
  const instant = (s: number) => when(new Date(s * 1000).toISOString().replace('.000Z', 'Z'));
  return `<table id="deadline-table"><thead><tr><th>deadline</th><th>due</th><th>started</th><th>ended</th></tr></thead><tbody>${rows
    .map(
      (d) =>
        `<tr><td>${text(d.label)}</td><td>${text(instant(d.due))}</td><td>${text(`${d.started} at ${instant(d.start)}`)}</td><td class="${d.how === 'EXPIRED' ? 'warn' : ''}">${text(
          d.how === 'RUNNING' ? d.ended : `${d.ended} at ${instant(d.end)}`,
        )}</td></tr>`,
    )
    .join('')}</tbody></table>`;
};

/**
 * One dispute's audit as HTML: the header (order, parties, policy, status), the integrity checks
 * (hash chain, decoding, `checkHistory` findings in red, and any further `checks`), the money chart
 * with the deadlines as bars on the same time axis, and the timeline with rule context and the
 * state after each step. Every string from the events is escaped.
 */
export const disputeSection = (audit: DisputeAudit, options: DisputeSectionOptions): DisputeSection => {
  const chart = chartDataOf(audit);
  const asOf = audit.asOf === undefined ? '' : `<p class="warn">As of ${text(audit.asOf)}: ${text(plural(audit.shownEvents, 'event'))} of ${audit.storedEvents} had happened.</p>`;
  const body = `<h1>Dispute <span id="dispute-id">${text(audit.disputeId)}</span></h1>
<p class="sub">stream ${text(audit.streamId)} · ${text(plural(audit.storedEvents, 'event'))} · from ${text(options.source)}</p>
${asOf}${subjectList(audit)}
${integritySection(audit, options.checks ?? [])}
<section id="charts">
<h2>Money and deadlines over time</h2>
<p class="note">Amounts in ${text(chart.currency)}: asked (buyer), offered (seller), proposed by a mediator, ruled or resolved, refunded, and held (refundable not yet refunded while the dispute is open). Below, each deadline as a bar on the same time axis, from what started it to what fired or stopped it (red: fired, green: stopped, amber: running).</p>
<div class="chart" id="money-chart" role="img" aria-label="money over time"></div>
<div class="chart" id="deadline-chart" role="img" aria-label="deadlines over time"></div>
${deadlineTable(audit)}
</section>
${timelineSection(audit)}`;
  const charts: PageChart[] = [{ kind: 'money', target: 'money-chart', data: chart }];
  if (chart.deadlines.length > 0) charts.push({ kind: 'deadlines', target: 'deadline-chart', data: chart });
  return { body, charts };
};
