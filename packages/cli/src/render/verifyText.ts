import type { LogFinding } from '@disputekit/core';
import type { Styles } from '../colour';
import { isEmptyOutcome, type VerifyOutcome } from '../verifyLog';
import { count, plural } from './format';
import { safeDeep } from './safeText';

const MAX_SHOWN = 50;

const findingLine = (f: LogFinding): string => {
  const where = `${f.streamId}${f.version === undefined ? '' : `@${f.version}`}`;
  const label = f.kind === 'RULE' ? `RULE ${f.rule ?? ''}` : f.kind === 'CHAIN' ? `CHAIN ${f.problem ?? ''}` : 'CORRUPT';
  return `  ${label.padEnd(22)} ${where.padEnd(28)} ${f.message}`;
};

/** Renders a verification summary for people (`verify`, `replay`, `import`'s check); stored text is escaped (`safeDeep`). */
export const renderVerification = (outcome: VerifyOutcome, s: Styles): string => {
  const v = safeDeep(outcome.verification);
  const unreadableLines = safeDeep(outcome.unreadableLines);
  const lines: string[] = [];
  const kinds = [
    plural(v.streams.disputes, 'dispute'),
    ...(v.streams.orderGuards > 0 ? [plural(v.streams.orderGuards, 'order guard')] : []),
    ...(v.streams.other > 0 ? [plural(v.streams.other, 'other stream')] : []),
  ];
  lines.push(`Checked ${plural(v.events, 'event')} in ${kinds.join(', ')} in ${outcome.seconds.toFixed(2)} s.`);
  if (isEmptyOutcome(outcome)) {
    lines.push('', s.yellow('Empty: there is no event to check (exit status 3).'));
    return lines.join('\n');
  }
  const statuses = Object.entries(v.disputesByStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${count(n ?? 0)} ${status}`);
  if (statuses.length > 0) lines.push(`Disputes: ${statuses.join(', ')}.`);
  const ok = (good: boolean, yes: string, no: string) => (good ? `${s.green('✔')} ${yes}` : `${s.red('✘')} ${no}`);
  lines.push(ok(v.chainBreaks === 0, 'hash chains intact', `${plural(v.chainBreaks, 'broken hash chain')}`));
  lines.push(ok(v.corruptEvents === 0, 'every event decodes', `${plural(v.corruptEvents, 'corrupt event')}`));
  if (v.corruptEvents > 0) lines.push(s.dim('  The read models park each dispute stream with a corrupt event (disputekit rebuild lists them); repair it, then run disputekit readmit.'));
  lines.push(ok(v.ruleViolations === 0, 'no rule violations', `${plural(v.ruleViolations, 'rule violation')}`));
  if (outcome.unreadableCount > 0) lines.push(`${s.red('✘')} ${plural(outcome.unreadableCount, 'unreadable line')}`);
  if (v.firstBrokenLink !== undefined) lines.push('', s.bold('First broken link: ') + v.firstBrokenLink.message);
  if (v.findings.length > 0 || unreadableLines.length > 0) {
    lines.push('', s.bold('Findings'));
    for (const u of unreadableLines.slice(0, MAX_SHOWN)) lines.push(`  ${'UNREADABLE'.padEnd(22)} ${`line ${u.line}`.padEnd(28)} ${u.message}`);
    for (const f of v.findings.slice(0, MAX_SHOWN)) lines.push(findingLine(f));
    const hidden = v.findings.length + v.findingsOmitted - Math.min(v.findings.length, MAX_SHOWN);
    if (hidden > 0) lines.push(s.dim(`  … and ${plural(hidden, 'more finding')} (use --json to see up to 1,000).`));
  }
  const clean = v.clean && outcome.unreadableCount === 0;
  lines.push('', clean ? s.green('Clean: every stream checks out.') : s.red('Problems found (exit status 2).'));
  return lines.join('\n');
};
