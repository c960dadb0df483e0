import type { DisputeAudit } from '@disputekit/core';
import { text } from './escapeHtml';
import { disputeSection, type IntegrityCheck } from './disputePage';
import { htmlPage } from './htmlPage';

/** Options of `renderAuditHtml`. */
export interface AuditHtmlOptions {
  /** Where the events came from (store label or history file). */
  readonly source: string;
  /** When the report was made (ISO-8601), printed in its footer. */
  readonly generatedAt: string;
  /** Further integrity checks (a signed checkpoint, a Merkle proof) to show beside the hash chain. */
  readonly checks?: ReadonlyArray<IntegrityCheck>;
}

/**
 * One dispute's audit as a self-contained HTML report (no network: styles, uPlot and the chart
 * script inline, under a hash-only Content-Security-Policy), to mail, archive or print to PDF.
 */
export const renderAuditHtml = (audit: DisputeAudit, options: AuditHtmlOptions): string => {
  const section = disputeSection(audit, { source: options.source, ...(options.checks === undefined ? {} : { checks: options.checks }) });
  return htmlPage({
    title: `Dispute ${audit.disputeId} — disputekit audit`,
    body: `${section.body}
<footer>disputekit audit report · made ${text(options.generatedAt)} · ${audit.clean ? 'clean' : 'problems found'} · self-contained: no network, scripts allowed only by hash</footer>`,
    charts: section.charts,
  });
};
