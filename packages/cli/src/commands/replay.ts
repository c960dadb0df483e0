import { auditDispute, type ChainedEvent, isDisputeStreamId } from '@disputekit/core';
import { EXIT_EMPTY, EXIT_FINDINGS, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import type { Sink } from '../io';
import { drain, writeLine } from '../io';
import { createProgress } from '../progress';
import { countFileLines, totalIfShown } from '../progressTotals';
import { CliError } from '../cliError';
import { writeAuditReport } from '../html/writeReport';
import { renderAudit } from '../render/auditText';
import { renderVerification } from '../render/verifyText';
import { isEmptyOutcome, verifyLog, type LogSource } from '../verifyLog';
import { historyFileSource } from './historySource';
import { verificationJson } from './verify';
import { safeJson, safeText } from '../render/safeText';

/** Options of `disputekit replay`. */
export interface ReplayCommandOptions {
  readonly file: string;
  readonly json?: boolean;
  /** Show only this dispute's audit (the whole file is still verified). */
  readonly dispute?: string;
  /** Show no dispute audits, only the verification summary. */
  readonly summary?: boolean;
  /** Write the audit of `dispute` as a self-contained HTML report to this file (needs `dispute`). */
  readonly html?: string;
}

/**
 * Wraps a source so that each dispute's audit is printed as soon as its stream closes (and the rest
 * at the end): a dispute's events are kept only while it is open.
 */
const auditing = (source: LogSource, print: (streamId: string, records: ReadonlyArray<ChainedEvent>) => Promise<void>, wanted: (streamId: string) => boolean) => {
  const open = new Map<string, ChainedEvent[]>();
  const pages = (async function* () {
    for await (const page of source.pages) {
      if (!('unreadable' in page) && !('unreadableEvent' in page)) {
        for (const event of 'chainHashes' in page ? page.events : page) {
          if (!isDisputeStreamId(event.streamId) || !wanted(event.streamId)) continue;
          const records = open.get(event.streamId) ?? [];
          records.push(event);
          open.set(event.streamId, records);
          if (event.type === 'DisputeClosed') {
            open.delete(event.streamId);
            await print(event.streamId, records);
          }
        }
      }
      yield page;
    }
    for (const [streamId, records] of open) await print(streamId, records);
    open.clear();
  })();
  return { ...source, pages };
};

/**
 * `disputekit replay --file history.jsonl`: the audit of an exported history with no store. Streams
 * the file once: each dispute's audit (timeline, states, deadlines, violations, chain) is printed
 * when the dispute closes, then the verification of the whole file. With `--json`, JSON Lines: one
 * `{"kind":"dispute","audit":…}` per dispute, then one `{"kind":"summary",…}`.
 */
export const replayCommand = async (options: ReplayCommandOptions, ctx: CommandContext): Promise<number> => {
  if (options.html !== undefined && options.dispute === undefined) {
    throw new CliError('replay --html needs --dispute ID: a report shows one dispute.', 'Add --dispute ID, for example: disputekit replay --file history.jsonl --dispute seed-1001 --html seed-1001.html');
  }
  const json = options.json === true;
  const out: Sink = ctx.io.stdout;
  const target = options.dispute === undefined ? undefined : `dispute-${options.dispute}`;
  const wanted = (streamId: string) => options.summary !== true && (target === undefined || streamId === target);
  let shown = 0;
  const print = async (streamId: string, records: ReadonlyArray<ChainedEvent>) => {
    const audit = auditDispute(streamId, records);
    shown++;
    if (options.html !== undefined) await writeAuditReport(audit, options.html, options.file, ctx);
    else if (json) writeLine(out, safeJson({ kind: 'dispute', audit }));
    else writeLine(out, `${renderAudit(audit, ctx.out)}\n${'─'.repeat(72)}`);
    await drain(out);
  };
  const outcome = await verifyLog(auditing(historyFileSource(options.file), print, wanted), { progress: createProgress(ctx.io.stderr, 'replaying', await totalIfShown(ctx.io.stderr, () => countFileLines(options.file))) });
  const clean = outcome.verification.clean && outcome.unreadableCount === 0;
  if (json) writeLine(out, safeJson({ kind: 'summary', ...verificationJson(outcome, { file: options.file }) }));
  else {
    if (target !== undefined && shown === 0) writeLine(out, ctx.out.yellow(`No dispute ${safeText(options.dispute!)} in ${safeText(options.file)}.`));
    writeLine(out, renderVerification(outcome, ctx.out));
  }
  if (isEmptyOutcome(outcome)) return EXIT_EMPTY;
  return clean ? EXIT_OK : EXIT_FINDINGS;
};
