import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { pageAssets } from '../html/pageAssets';
import type { OpenedStore } from '../storeUrl';
import type { GivenCheckpoint } from '../checkpointChecks';
import { createCheckpointWatch } from './consoleCheckpoint';
import { createConsoleData, type ConsoleData } from './consoleData';
import { consolePage, sendPage, type ConsoleFrame } from './consoleLayout';
import { installRoutes } from './consoleRoutes';

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
  /** A signed checkpoint to check the whole log against, and each dispute's events (inclusion proofs). */
  readonly checkpoint?: GivenCheckpoint;
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


/** What the guards need: the bound host, the CSP, the top bar, and the token if any. */
interface GuardOptions {
  readonly host: string;
  readonly csp: string;
  readonly frame: () => ConsoleFrame;
  readonly token?: string;
}

/**
 * The console's guards: security headers on every response; requests to another host name refused
 * on loopback (DNS rebinding); the access token checked (a `?token=` sets the cookie and redirects
 * to the same URL without it).
 */
const installGuards = (server: FastifyInstance, { host, csp, frame, token }: GuardOptions): void => {
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
};

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
  const watch = options.checkpoint === undefined ? undefined : createCheckpointWatch(store, options.checkpoint);
  watch?.start();
  const server = Fastify({ logger: false, forceCloseConnections: true, routerOptions: { maxParamLength: 500 } });
  const csp = `${pageAssets().contentSecurityPolicy}; frame-ancestors 'none'`;
  const frame = (): ConsoleFrame => ({ storeLabel: store.label, verify: data.verifyStatus(), refreshedAt: data.lastRefresh().at, skipped: data.lastRefresh().skipped, ...(watch === undefined ? {} : { checkpoint: watch.status() }) });

  installGuards(server, { host, csp, frame, ...(token === undefined ? {} : { token }) });
  installRoutes(server, store, data, frame, watch);

  let address: string;
  try {
    address = await server.listen({ host, port: options.port ?? 8080 });
  } catch (error) {
    await data.close();
    await watch?.close();
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
      await watch?.close();
    },
  };
};
