import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { loadAudit } from '../commands/audit';
import { text } from '../html/escapeHtml';
import { renderAuditHtml } from '../html/auditHtml';
import { disputeSection } from '../html/disputePage';
import { pageAssets } from '../html/pageAssets';
import type { OpenedStore } from '../storeUrl';
import { createConsoleData, type ConsoleData } from './consoleData';
import { consolePage, type ConsoleFrame } from './consoleLayout';
import { queuesPage, searchPage, sellersPage, verifyPage } from './consolePages';
import { SEARCH_FIELDS, type SearchField } from './searchIndex';

/** Options of `startConsole`. */
export interface ConsoleOptions {
  /** The store, opened read-only by the caller (who also closes it). */
  readonly store: OpenedStore;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** When set, every request must carry it (`?token=`, then a cookie; or `Authorization: Bearer`). */
  readonly token?: string;
}

/** A running console. */
export interface RunningConsole {
  /** The address to open, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  readonly data: ConsoleData;
  readonly server: FastifyInstance;
  /** Stops the server and the read models (the store stays open). */
  readonly close: () => Promise<void>;
}

const COOKIE = 'disputekit_console';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const sameSecret = (given: string | undefined, token: string): boolean => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

const cookieValue = (header: string | undefined): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
};

const hostName = (host: string | undefined): string => (host ?? '').replace(/:\d+$/, '').toLowerCase();

/** Sends a whole page with the console's security headers. */
const sendPage = (reply: FastifyReply, html: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(html);

/**
 * Starts the read-only web console over an opened store: builds the read models in memory from
 * the store's log, verifies the store in the background, and serves search, queues, scorecards,
 * each dispute's audit page and the verification. Every response carries a strict CSP (scripts
 * and styles only by hash), `nosniff`, `no-referrer` and `frame-ancestors 'none'`; only GET and
 * HEAD are served. Bound to 127.0.0.1 unless told otherwise; there, requests naming another host
 * are refused (DNS rebinding).
 */
export const startConsole = async (options: ConsoleOptions): Promise<RunningConsole> => {
  const { store, token } = options;
  const host = options.host ?? '127.0.0.1';
  const data = await createConsoleData(store);
  data.startVerify();
  const server = Fastify({ logger: false, forceCloseConnections: true, routerOptions: { maxParamLength: 500 } });
  const csp = `${pageAssets().contentSecurityPolicy}; frame-ancestors 'none'`;
  const frame = (): ConsoleFrame => ({ storeLabel: store.label, verify: data.verifyStatus(), refreshedAt: data.lastRefresh().at, skipped: data.lastRefresh().skipped });

  server.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Content-Security-Policy', csp);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cache-Control', 'no-store');
    return payload;
  });

  server.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (LOOPBACK.has(host) && !LOOPBACK.has(hostName(request.headers.host))) {
      return sendPage(reply, consolePage(frame(), 'Refused', '<h1>Refused</h1><p>This console answers only requests addressed to the loopback host.</p>'), 421);
    }
    if (token === undefined) return undefined;
    const query = request.query as Record<string, string | undefined>;
    if (sameSecret(query['token'], token)) {
      const url = new URL(request.url, 'http://console.invalid');
      url.searchParams.delete('token');
      reply.header('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
      return reply.redirect(`${url.pathname}${url.search}`, 303);
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (sameSecret(bearer, token) || sameSecret(cookieValue(request.headers.cookie), token)) return undefined;
    return sendPage(
      reply,
      consolePage(frame(), 'Token needed', '<h1>Access token needed</h1><form class="search" method="get" action="/"><input type="password" name="token" id="token" placeholder="access token" autofocus><button type="submit">Open</button></form>'),
      401,
    );
  });

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
    const section = disputeSection(audit, { source: store.label });
    const link = `<p class="noprint"><a href="/disputes/${encodeURIComponent(audit.disputeId)}/report.html" id="report-link">Download this audit as a self-contained HTML report</a></p>`;
    return sendPage(reply, consolePage(frame(), `Dispute ${audit.disputeId}`, `${link}${section.body}`, section.charts));
  });
  server.get<{ Params: { id: string } }>('/disputes/:id/report.html', async (request, reply) => {
    const audit = await loadAudit(store, request.params.id);
    if (audit === undefined) return sendPage(reply, consolePage(frame(), 'Not found', `<h1>No dispute ${text(request.params.id)}</h1>`), 404);
    const file = `dispute-${audit.disputeId.replace(/[^A-Za-z0-9._-]/g, '_')}.html`;
    reply.header('Content-Disposition', `attachment; filename="${file}"`);
    return sendPage(reply, renderAuditHtml(audit, { source: store.label, generatedAt: new Date().toISOString() }));
  });
  server.setNotFoundHandler((_request, reply) => sendPage(reply, consolePage(frame(), 'Not found', '<h1>Not found</h1><p><a href="/">Back to the search</a></p>'), 404));
  server.setErrorHandler((error, _request, reply) =>
    sendPage(reply, consolePage(frame(), 'Error', `<h1>Something went wrong</h1><p class="bad">${text(error instanceof Error ? error.message : String(error))}</p>`), 500),
  );

  let address: string;
  try {
    address = await server.listen({ host, port: options.port ?? 8080 });
  } catch (error) {
    await data.close();
    throw error;
  }
  const url = `${address}/`;
  return {
    url,
    data,
    server,
    close: async () => {
      await server.close();
      await data.close();
    },
  };
};
