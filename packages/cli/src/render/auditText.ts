import { formatMoney, type DeadlineRecord, type DisputeAudit } from '@disputekit/core';
import type { Styles } from '../colour';
import { money, pad, plural, when } from './format';
import { safeDeep } from './safeText';

const statusAfter = (audit: DisputeAudit, version: number): string => {
  const state = audit.states.find((s) => s.version === version)?.state;
  if (state === undefined) return '';
  return state.outcome === undefined ? state.status : `${state.status} (${state.outcome})`;
};

const deadlineLine = (d: DeadlineRecord, s: Styles): string => {
  const name = `${d.kind}${d.party === undefined ? '' : ` (${d.party})`}`;
  const started = `started by v${d.startedBy.version} ${d.startedBy.type} at ${when(d.startedBy.at)}`;
  let end: string;
  switch (d.end.how) {
    case 'EXPIRED':
      end = s.yellow(
        `fired at ${when(d.end.at)} by ${d.end.by.role} ${d.end.by.id} (v${d.end.version} DeadlineExpired)${
          d.end.consequences.length === 0 ? '' : ` → ${d.end.consequences.join(', ')}`
        }`,
      );
      break;
    case 'STOPPED':
      end = `stopped by v${d.end.version} ${d.end.stoppedBy} (${d.end.by.role}) at ${when(d.end.at)}`;
      break;
    case 'RUNNING':
      end = d.end.overdue ? s.yellow('still running, overdue') : 'still running';
      break;
  }
  return `  ${pad(name, 26)} due ${when(d.dueAt)}  ${s.dim(started)}\n  ${' '.repeat(26)} ${end}`;
};

/**
 * Renders a dispute's audit for people: a header, the timeline with the state after each event,
 * the deadlines and what fired them, the rule violations, the hash chain check and a verdict. Every
 * string of the audit is escaped first (`safeDeep`): stored text never reaches the terminal raw.
 */
export const renderAudit = (stored: DisputeAudit, s: Styles): string => {
  const audit = safeDeep(stored);
  const lines: string[] = [];
  const head = audit.subject;
  lines.push(s.bold(`Dispute ${audit.disputeId}`) + s.dim(` · stream ${audit.streamId} · ${plural(audit.storedEvents, 'event')}`));
  if (head !== undefined) {
    lines.push(`Order ${head.orderId} · buyer ${head.buyerId} · seller ${head.sellerId} · paid ${formatMoney(head.paid)} · refundable ${formatMoney(head.refundable)}`);
    lines.push(`${head.kind} · ${head.reason} · policy ${head.policy} · opened ${when(head.openedAt)}`);
  }
  if (audit.asOf !== undefined) {
    lines.push(s.cyan(`As of ${audit.asOf}: ${plural(audit.shownEvents, 'event')} of ${audit.storedEvents} had happened.`));
  }
  const final = audit.finalState;
  const outcome = final.outcome === undefined ? '' : ` (${final.outcome})`;
  const elsewhere = final.refundedElsewhere === undefined ? '' : ` · refunded elsewhere ${formatMoney(final.refundedElsewhere)}`;
  const chargedBack = final.chargedBack === undefined ? '' : ` · lost to chargebacks ${formatMoney(final.chargedBack)}`;
  lines.push(`Status ${s.bold(`${final.status}${outcome}`)}${final.refunded === undefined ? '' : ` · refunded ${formatMoney(final.refunded)}`}${elsewhere}${chargedBack}`);

  lines.push('', s.bold('Timeline') + s.dim('  (v · when · who · what · money → state after)'));
  if (audit.timeline.length === 0) lines.push('  (no events)');
  for (const entry of audit.timeline) {
    const who = entry.who === undefined ? '?' : `${entry.who.role} ${entry.who.id}`;
    const amount = entry.money === undefined ? '' : s.cyan(` [${money(entry.money)}]`);
    const what = entry.valid ? entry.what : s.red(entry.what);
    const after = statusAfter(audit, entry.version);
    lines.push(`  ${pad(String(entry.version), 3)} ${pad(when(entry.at), 19)} ${pad(who, 26)} ${what}${amount}${after === '' ? '' : s.dim(` → ${after}`)}`);
  }

  lines.push('', s.bold('Deadlines'));
  if (audit.deadlines.length === 0) lines.push('  (none)');
  for (const d of audit.deadlines) lines.push(deadlineLine(d, s));

  lines.push('', s.bold('Checks'));
  lines.push(
    audit.corrupt.length === 0
      ? `  ${s.green('✔')} every event decodes`
      : `  ${s.red('✘')} ${audit.corrupt.length === 1 ? '1 event does' : `${audit.corrupt.length} events do`} not decode:\n${audit.corrupt.map((c) => `      v${c.version}: ${c.message}`).join('\n')}`,
  );
  lines.push(
    audit.violations.length === 0
      ? `  ${s.green('✔')} no violation of the process rules (checkHistory)`
      : `  ${s.red('✘')} ${plural(audit.violations.length, 'rule violation')}:\n${audit.violations
          .map((v) => `      ${v.rule}${v.version === undefined ? '' : ` at v${v.version}`}: ${v.message}`)
          .join('\n')}`,
  );
  const chain = audit.chain;
  lines.push(
    chain.ok
      ? `  ${s.green('✔')} hash chain intact (${plural(chain.events, 'event')}, every link checked)`
      : `  ${s.red('✘')} hash chain broken — first broken link: ${chain.firstBreak?.message ?? ''}`,
  );
  lines.push('', audit.clean ? s.green('Verdict: clean.') : s.red('Verdict: this history has problems (see above).'));
  return lines.join('\n');
};
