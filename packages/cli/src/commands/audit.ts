import { auditDispute, disputeStreamId, isAuditInstant, type AuditOptions, type DisputeAudit, isDisputeStreamId } from '@disputekit/core';
import * as E from 'fp-ts/lib/Either.js';
import { CliError, EXIT_EMPTY, EXIT_FINDINGS, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { disputeCheckpointChecks, readGivenCheckpoint } from '../checkpointChecks';
import { readHeadsFile } from '../headsFile';
import { writeLine } from '../io';
import { readStreamTolerant } from '../readLog';
import { writeAuditReport } from '../html/writeReport';
import { renderAudit } from '../render/auditText';
import { openStore, type OpenedStore } from '../storeUrl';
import { safeJson, safeText } from '../render/safeText';

/** Options of `disputekit audit`. */
export interface AuditCommandOptions {
  readonly store: string;
  readonly asOf?: string;
  readonly json?: boolean;
  readonly heads?: string;
  /** Write a self-contained HTML report to this file instead of printing the audit. */
  readonly html?: string;
  /** A signed checkpoint to check this dispute's events against (needs `publicKey`). */
  readonly checkpoint?: string;
  readonly publicKey?: string;
}

/**
 * Reads one dispute's stream (by its id, or by its stream id `dispute-…`), going around events the
 * store cannot read back, and audits it; `undefined` when the store has no such stream.
 */
export const loadAudit = async (store: OpenedStore, disputeId: string, options: Omit<AuditOptions, 'unreadable'> = {}): Promise<DisputeAudit | undefined> => {
  let streamId = disputeStreamId(disputeId);
  let read = await readStreamTolerant(store.events, store.label, streamId);
  if (read.records.length + read.unreadable.length === 0 && isDisputeStreamId(disputeId)) {
    streamId = disputeId;
    read = await readStreamTolerant(store.events, store.label, streamId);
  }
  if (read.records.length + read.unreadable.length === 0) return undefined;
  return auditDispute(streamId, read.records, { ...options, unreadable: read.unreadable.map((u) => ({ location: u.unreadableEvent, why: u.why })) });
};

/**
 * `disputekit audit <disputeId>`: reads one dispute's stream and prints its audit (timeline, state
 * after each event, deadlines, rule violations, hash chain), or with `--html FILE` writes it as a
 * self-contained HTML report. Exit 0 when clean, 2 when not.
 */
export const auditCommand = async (disputeId: string, options: AuditCommandOptions, ctx: CommandContext): Promise<number> => {
  if (options.asOf !== undefined && !isAuditInstant(options.asOf)) {
    throw new CliError(`--as-of ${JSON.stringify(options.asOf)} is not an instant.`, 'Write an ISO-8601 instant with a time zone, such as 2026-03-24T12:00:00Z.');
  }
  const heads = options.heads === undefined ? undefined : await readHeadsFile(options.heads);
  const signed = await readGivenCheckpoint('audit', options);
  const store = await openStore(options.store, { create: false });
  try {
    const audit = await loadAudit(store, disputeId, {
      ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
      ...(heads === undefined ? {} : { heads }),
    });
    if (audit === undefined) {
      const any = await store.events.readAll({ maxCount: 1 });
      if (E.isRight(any) && any.right.length === 0) {
        ctx.io.stderr.write(`Empty: the store ${store.label} holds no event, so no dispute ${safeText(disputeId)}.\n`);
        return EXIT_EMPTY;
      }
      throw new CliError(`There is no dispute ${disputeId} in ${store.label}.`, 'Check the id; `disputekit export --store URL` lists every stored event with its stream.');
    }
    const checks =
      signed === undefined
        ? []
        : await disputeCheckpointChecks(store, (await readStreamTolerant(store.events, store.label, audit.streamId)).records, signed);
    if (options.html !== undefined) await writeAuditReport(audit, options.html, store.label, ctx, checks);
    else if (options.json === true) writeLine(ctx.io.stdout, safeJson(signed === undefined ? audit : { ...audit, checkpoint: checks }, 2));
    else writeLine(ctx.io.stdout, [renderAudit(audit, ctx.out), ...checks.map((c) => `${c.ok ? ctx.out.green('✔') : ctx.out.red('✘')} ${safeText(`${c.name}: ${c.detail}`)}`)].join('\n'));
    return audit.clean && checks.every((c) => c.ok) ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    await store.close();
  }
};
