import type { FastifyInstance } from 'fastify';
import { loadAudit } from '../commands/audit';
import { renderAuditHtml } from '../html/auditHtml';
import { disputeSection } from '../html/disputePage';
import { text } from '../html/escapeHtml';
import type { OpenedStore } from '../storeUrl';
import type { CheckpointWatch } from './consoleCheckpoint';
import type { ConsoleData } from './consoleData';
import { readStreamTolerant } from '../readLog';
import type { DisputeAudit } from '@disputekit/core';
import { consolePage, sendPage, type ConsoleFrame } from './consoleLayout';
import { queuesPage, searchPage, sellersPage, verifyPage } from './consolePages';
import { SEARCH_FIELDS, type SearchField } from './searchIndex';

/**
 * The console's pages, all GET: `/` (search), `/queues`, `/sellers`, `/verify` (`?again` reruns
 * it and the checkpoint's check), `/refresh`, `/disputes/:id` and `/disputes/:id/report.html` (the report as a download).
 */
export const installRoutes = (server: FastifyInstance, store: OpenedStore, data: ConsoleData, frame: () => ConsoleFrame, checkpoint?: CheckpointWatch): void => {
  const checksOf = async (audit: DisputeAudit) =>
    checkpoint === undefined ? [] : checkpoint.checksFor((await readStreamTolerant(store.events, store.label, audit.streamId)).records);
  server.get('/', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const field = (SEARCH_FIELDS as ReadonlyArray<string>).includes(query['field'] ?? '') ? (query['field'] as SearchField) : 'any';
    return sendPage(reply, searchPage(frame(), data, query['q'] ?? '', field));
  });
  server.get('/queues', async (_request, reply) => sendPage(reply, await queuesPage(frame(), data)));
  server.get('/sellers', async (_request, reply) => sendPage(reply, await sellersPage(frame(), data)));
  server.get('/verify', async (request, reply) => {
    if ((request.query as Record<string, string | undefined>)['again'] !== undefined) {
      data.startVerify();
      checkpoint?.start();
      return reply.redirect('/verify', 303);
    }
    return sendPage(reply, verifyPage(frame(), data));
  });
  server.get('/refresh', async (_request, reply) => {
    await data.refresh();
    return reply.redirect('/', 303);
  });
  server.get<{ Params: { id: string } }>('/disputes/:id', async (request, reply) => {
    const audit = await loadAudit(store, request.params.id);
    if (audit === undefined) return sendPage(reply, consolePage(frame(), 'Not found', `<h1>No dispute ${text(request.params.id)}</h1><p><a href="/">Back to the search</a></p>`), 404);
    const section = disputeSection(audit, { source: store.label, checks: await checksOf(audit) });
    const link = `<p class="noprint"><a href="/disputes/${encodeURIComponent(audit.disputeId)}/report.html" id="report-link">Download this audit as a self-contained HTML report</a></p>`;
    return sendPage(reply, consolePage(frame(), `Dispute ${audit.disputeId}`, `${link}${section.body}`, section.charts));
  });
  server.get<{ Params: { id: string } }>('/disputes/:id/report.html', async (request, reply) => {
    const audit = await loadAudit(store, request.params.id);
    if (audit === undefined) return sendPage(reply, consolePage(frame(), 'Not found', `<h1>No dispute ${text(request.params.id)}</h1>`), 404);
    const file = `dispute-${audit.disputeId.replace(/[^A-Za-z0-9._-]/g, '_')}.html`;
    reply.header('Content-Disposition', `attachment; filename="${file}"`);
    return sendPage(reply, renderAuditHtml(audit, { source: store.label, generatedAt: new Date().toISOString(), checks: await checksOf(audit) }));
  });
  server.setNotFoundHandler((_request, reply) => sendPage(reply, consolePage(frame(), 'Not found', '<h1>Not found</h1><p><a href="/">Back to the search</a></p>'), 404));
  server.setErrorHandler((error, _request, reply) =>
    sendPage(reply, consolePage(frame(), 'Error', `<h1>Something went wrong</h1><p class="bad">${text(error instanceof Error ? error.message : String(error))}</p>`), 500),
  );
};
