import type { FastifyReply } from 'fastify';
import { text } from '../html/escapeHtml';
import { htmlPage, type PageChart } from '../html/htmlPage';
import type { CheckpointStatus } from './consoleCheckpoint';
import type { VerifyStatus } from './consoleData';

/** What every console page shows in its top bar. */
export interface ConsoleFrame {
  readonly storeLabel: string;
  readonly verify: VerifyStatus;
  readonly refreshedAt: string;
  /** Events left out of the read models (they do not decode or cannot be read back). */
  readonly skipped: number;
  /** The signed checkpoint's status, when `serve --checkpoint` gave one. */
  readonly checkpoint?: CheckpointStatus;
}

/** The checkpoint's status in a few words, with its class (ok, bad, warn). */
const checkpointBadge = (status: CheckpointStatus): { readonly text: string; readonly cls: string } => {
  if (status.state === 'running') return { text: 'checking the checkpoint…', cls: 'warn' };
  if (status.state === 'failed') return { text: 'checkpoint check failed', cls: 'bad' };
  return status.checks.every((c) => c.ok) ? { text: 'checkpoint holds', cls: 'ok' } : { text: 'checkpoint does not hold', cls: 'bad' };
};

/** The verification in a few words, with its class (ok, bad, warn). */
const verifyBadge = (status: VerifyStatus): { readonly text: string; readonly cls: string } => {
  switch (status.state) {
    case 'running':
      return { text: 'verifying…', cls: 'warn' };
    case 'failed':
      return { text: 'verification failed', cls: 'bad' };
    case 'done': {
      const v = status.verification;
      return v.clean ? { text: `verified clean (${v.events.toLocaleString('en-US')} events)`, cls: 'ok' } : { text: `problems found (${v.findings.length + v.findingsOmitted})`, cls: 'bad' };
    }
  }
};

const checkpointPart = (frame: ConsoleFrame): string => {
  if (frame.checkpoint === undefined) return '';
  const badge = checkpointBadge(frame.checkpoint);
  return ` · <a href="/verify#checkpoint" id="checkpoint-status" class="badge ${badge.cls}">${text(badge.text)}</a>`;
};

/** A console page: the top bar (navigation, store, verification, refresh) around `body`. */
export const consolePage = (frame: ConsoleFrame, title: string, body: string, charts: ReadonlyArray<PageChart> = []): string => {
  const badge = verifyBadge(frame.verify);
  const topBar = `<header class="top"><span class="brand">disputekit console</span>
<nav><a href="/">Search</a> · <a href="/queues">Queues</a> · <a href="/sellers">Sellers</a> · <a href="/verify">Verify</a></nav>
<span class="status">${text(frame.storeLabel)} · read-only · <span id="verify-status" class="badge ${badge.cls}">${text(badge.text)}</span>${checkpointPart(frame)} · read models as of ${text(frame.refreshedAt.slice(0, 19))}Z${
    frame.skipped === 0 ? '' : ` · <span class="badge bad" id="skipped">${frame.skipped} events left out (see Verify)</span>`
  } · <a href="/refresh">refresh</a></span></header>`;
  return htmlPage({ title: `${title} — disputekit console`, body, charts, topBar });
};

/** Minor units of `currency` for a table cell (two decimals unless the currency has none). */
export const amount = (minor: number | null, currency: string, digits: number): string =>
  minor === null ? '—' : `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;

/** A table with a header row; `rows` are already-escaped cell markup. */
export const table = (id: string, headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, empty: string): string =>
  rows.length === 0
    ? `<p class="note" id="${id}">${text(empty)}</p>`
    : `<table id="${id}"><thead><tr>${headers.map((h) => `<th>${text(h)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;

/** A link to a dispute's page. */
export const disputeLink = (disputeId: string): string => `<a href="/disputes/${encodeURIComponent(disputeId)}">${text(disputeId)}</a>`;

/** Sends a whole page (the security headers are added by the server's hook). */
export const sendPage = (reply: FastifyReply, html: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(html);
