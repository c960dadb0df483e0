import { minorUnitDigits, type DeadlineRecord, type DisputeAudit } from '@disputekit/core';

/** One line of the money chart: a label and a value (minor units) at each instant of `x`, `null` before it has one. */
export interface MoneySeries {
  readonly label: string;
  readonly values: ReadonlyArray<number | null>;
}

/** One deadline as a bar on the time axis: from the event that started it to the one that ended it (or its due time). */
export interface DeadlineBar {
  readonly label: string;
  /** Unix seconds. */
  readonly start: number;
  readonly end: number;
  readonly due: number;
  /** What started it and what ended it, in words. */
  readonly started: string;
  readonly ended: string;
  readonly how: DeadlineRecord['end']['how'];
}

/** What the report's charts draw (all times in Unix seconds, amounts in minor units of `currency`). */
export interface ChartData {
  readonly currency: string;
  readonly digits: number;
  readonly x: ReadonlyArray<number>;
  readonly series: ReadonlyArray<MoneySeries>;
  readonly deadlines: ReadonlyArray<DeadlineBar>;
  /** The time axis shared by both charts. */
  readonly range: readonly [number, number];
}

const seconds = (instant: string): number => Math.floor(Date.parse(instant) / 1000);

/** Which line of the chart an event's amount moves, from its type and who caused it. */
const lineOf = (type: string, role: string | undefined): string | undefined => {
  switch (type) {
    case 'DisputeOpened':
      return 'asked';
    case 'ProposalMade':
      return role === 'buyer' ? 'asked' : role === 'seller' ? 'offered' : 'proposed by mediator';
    case 'RulingIssued':
    case 'Resolved':
    case 'ReturnRequested':
    case 'RulingRevised':
      return 'ruled / resolved';
    case 'RefundIssued':
      return 'refunded';
    case 'ChargebackDecided':
      return 'charged back';
    default:
      return undefined;
  }
};

const LINES = ['asked', 'offered', 'proposed by mediator', 'ruled / resolved', 'refunded', 'charged back', 'held'] as const;

const deadlineBar = (d: DeadlineRecord): DeadlineBar => {
  const due = seconds(d.dueAt);
  const name = `${d.kind}${d.party === undefined ? '' : ` (${d.party})`}`;
  const started = `started by v${d.startedBy.version} ${d.startedBy.type}`;
  switch (d.end.how) {
    case 'EXPIRED':
      return {
        label: name, start: seconds(d.startedBy.at), end: seconds(d.end.at), due, started, how: d.end.how,
        ended: `fired by ${d.end.by.role} ${d.end.by.id} (v${d.end.version})${d.end.consequences.length === 0 ? '' : ` → ${d.end.consequences.join(', ')}`}`,
      };
    case 'STOPPED':
      return { label: name, start: seconds(d.startedBy.at), end: seconds(d.end.at), due, started, how: d.end.how, ended: `stopped by v${d.end.version} ${d.end.stoppedBy} (${d.end.by.role})` };
    case 'RUNNING':
      return { label: name, start: seconds(d.startedBy.at), end: due, due, started, how: d.end.how, ended: d.end.overdue ? 'still running, overdue' : 'still running' };
  }
};

/**
 * The chart data of an audit: the money lines over time (asked, offered, proposed by a mediator,
 * ruled or resolved, refunded, charged back by a lost chargeback, and held — refundable not yet
 * refunded while the dispute is open)
 * as step lines at each event's instant, and each deadline as a bar. Pure; amounts come from the
 * timeline's `money` and the states, never recomputed from rules.
 */
export const chartDataOf = (audit: DisputeAudit): ChartData => {
  const currency = audit.subject?.refundable.currency ?? audit.timeline.find((e) => e.money !== undefined)?.money?.currency ?? 'USD';
  const stateAt = new Map(audit.states.map((s) => [s.version, s.state]));
  const x: number[] = [];
  const current = new Map<string, number | null>(LINES.map((l) => [l, null]));
  const columns = new Map<string, Array<number | null>>(LINES.map((l) => [l, []]));
  for (const entry of audit.timeline) {
    if (entry.at === undefined) continue;
    const line = lineOf(entry.type, entry.who?.role);
    if (line !== undefined && entry.money !== undefined && entry.money.currency === currency) current.set(line, entry.money.amount);
    const state = stateAt.get(entry.version);
    if (state?.refundable !== undefined) {
      current.set('held', state.status === 'CLOSED' ? 0 : state.refundable.amount - (state.refunded?.amount ?? 0));
    }
    const t = seconds(entry.at);
    if (x.length > 0 && x[x.length - 1] === t) for (const l of LINES) columns.get(l)!.pop();
    else x.push(t);
    for (const l of LINES) columns.get(l)!.push(current.get(l) ?? null);
  }
  const deadlines = audit.deadlines.map(deadlineBar);
  const times = [...x, ...deadlines.flatMap((d) => [d.start, d.end, d.due])];
  const min = times.length === 0 ? 0 : Math.min(...times);
  const max = times.length === 0 ? 1 : Math.max(...times);
  return {
    currency,
    digits: minorUnitDigits(currency),
    x,
    series: LINES.map((label) => ({ label, values: columns.get(label)! })).filter((s) => s.values.some((v) => v !== null)),
    deadlines,
    range: [min, max === min ? min + 3600 : max],
  };
};
