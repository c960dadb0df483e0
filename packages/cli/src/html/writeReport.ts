import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DisputeAudit } from '@disputekit/core';
import { CliError } from '../cliError';
import type { CommandContext } from '../context';
import { writeLine } from '../io';
import { renderAuditHtml } from './auditHtml';
import type { IntegrityCheck } from './disputePage';

/** Writes an audit's HTML report (with any further integrity `checks`) to `file` and says so on stdout; a file that cannot be written is a `CliError`. */
export const writeAuditReport = async (audit: DisputeAudit, file: string, source: string, ctx: CommandContext, checks: ReadonlyArray<IntegrityCheck> = []): Promise<void> => {
  const path = resolve(file);
  const html = renderAuditHtml(audit, { source, generatedAt: new Date().toISOString(), checks });
  try {
    await writeFile(path, html, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot write the report to ${path}: ${error instanceof Error ? error.message : String(error)}`, 'Check that the folder exists and that you may write there.');
  }
  const verdict = audit.clean && checks.every((c) => c.ok) ? ctx.out.green('clean') : ctx.out.red('problems found');
  writeLine(ctx.io.stdout, `Wrote the audit of dispute ${audit.disputeId} (${audit.timeline.length} events, ${verdict}) to ${path}`);
};
