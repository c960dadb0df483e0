import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import {
  auditDispute,
  createDisputeService,
  disputeStreamId,
  type DisputePolicy,
  type DisputeService,
  type EventStore,
  type ReadSideStore,
} from '@disputekit/core';
import {
  createDeadlineScheduler,
  createDisputeReadModels,
  createInMemoryPaymentGateway,
  createProjectionRunner,
  createRefundProcessor,
  disputeProjections,
  systemClock,
  type Clock,
  type DisputeReadModels,
  type PaymentGateway,
  type ProjectionRunner,
} from '@disputekit/projections';
import { errorBody, statusOf } from './httpErrors';
import { marketplacePolicy } from './policy';
import { matchRoute, type CommandRoute, type ReadRoute } from './routes';

/** Where the marketplace keeps its disputes: one SQLite file, or a PostgreSQL database (and schema). */
export type StorageChoice = { readonly sqlite: string } | { readonly postgres: string; readonly schema?: string };

/** Options of `createMarketplace`. */
export interface MarketplaceOptions {
  readonly storage: StorageChoice;
  /** The marketplace's clock: the `at` of every command, and what the reactors consider due (default: the system clock). */
  readonly clock?: Clock;
  /** The payment provider refunds go to (default: an in-memory gateway, for the example). */
  readonly gateway?: PaymentGateway;
  /** How often the projections and the reactors poll, in ms (default 500). */
  readonly pollIntervalMs?: number;
  /** The policy every new dispute runs under (default `marketplacePolicy`). */
  readonly policy?: DisputePolicy;
}

/** The running marketplace: its HTTP server, and what it embeds. */
export interface Marketplace {
  readonly server: Server;
  readonly service: DisputeService;
  readonly readModels: DisputeReadModels;
  /** Listens on `port` (0 picks a free one) and resolves with the port. */
  listen(port: number): Promise<number>;
  /** Stops the server, the projections and the reactors, and closes the stores. */
  close(): Promise<void>;
}

const MAX_BODY = 1_000_000;

const openStores = async (storage: StorageChoice): Promise<{ events: EventStore; readSide: ReadSideStore }> => {
  const projections = await import('@disputekit/projections');
  if ('sqlite' in storage) {
    const { createSqliteEventStore } = await import('@disputekit/adapters/sqlite');
    return { events: createSqliteEventStore({ filename: storage.sqlite }), readSide: projections.createSqliteReadSideStore({ filename: storage.sqlite }) };
  }
  const { createPostgresEventStore } = await import('@disputekit/adapters/postgres');
  const schema = storage.schema ?? 'disputekit';
  return {
    events: createPostgresEventStore({ connectionString: storage.postgres, schema, migrate: true }),
    readSide: projections.createPostgresReadSideStore({ connectionString: storage.postgres, schema }),
  };
};

const send = (response: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
};

const readJson = (request: IncomingMessage): Promise<{ readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly status: number; readonly message: string }> =>
  new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY) return resolve({ ok: false, status: 413, message: `The body is larger than ${MAX_BODY} bytes.` });
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ ok: true, value: {} });
      try {
        resolve({ ok: true, value: JSON.parse(text) as unknown });
      } catch {
        resolve({ ok: false, status: 400, message: 'The body is not valid JSON.' });
      }
    });
  });

/**
 * Who is calling. A real marketplace takes this from its session or token; the example reads the
 * `x-actor` header (`buyer/buyer-ana`, `seller/…`, `mediator/…`). Never from the body: a command's
 * actor decides what it may do.
 */
const actorOf = (request: IncomingMessage): { role: string; id: string } | undefined => {
  const header = request.headers['x-actor'];
  const match = typeof header === 'string' ? /^(buyer|seller|mediator)\/(.+)$/.exec(header) : null;
  return match === null ? undefined : { role: match[1]!, id: match[2]! };
};

/**
 * Creates the example marketplace: a `node:http` server whose POST endpoints turn requests into
 * dispute commands (`service.handle`), whose GET endpoints read the read models (and a dispute's
 * audit from the event store), with the projection runner, the deadline scheduler and the refund
 * processor running beside it. The service hash-chains every stored event.
 */
export const createMarketplace = async (options: MarketplaceOptions): Promise<Marketplace> => {
  const clock = options.clock ?? systemClock;
  const policy = options.policy ?? marketplacePolicy;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const { events, readSide } = await openStores(options.storage);
  const service = createDisputeService({ store: events, clock: () => new Date(clock.now()) });
  const readModels = createDisputeReadModels(readSide);
  const runner: ProjectionRunner = createProjectionRunner({ events, readModels: readSide, projections: disputeProjections, clock, pollIntervalMs });
  const gateway = options.gateway ?? createInMemoryPaymentGateway();
  const scheduler = createDeadlineScheduler({ service, deadlines: readModels.deadlineQueue, clock });
  const refunds = createRefundProcessor({ service, summaries: readModels.disputeSummary, gateway, clock });
  const stop = new AbortController();

  const handleCommand = async (route: CommandRoute, params: Record<string, string>, request: IncomingMessage, response: ServerResponse) => {
    const actor = actorOf(request);
    if (actor === undefined) return send(response, 401, { error: 'Unauthenticated', message: 'Say who you are: x-actor: buyer/ID, seller/ID or mediator/ID.' });
    const commandId = request.headers['idempotency-key'];
    if (typeof commandId !== 'string' || commandId === '') {
      return send(response, 400, { error: 'MissingIdempotencyKey', message: 'Send an idempotency-key header: the same key makes a retried request safe.' });
    }
    const body = await readJson(request);
    if (!body.ok) return send(response, body.status, { error: 'BadRequest', message: body.message });
    const fields = typeof body.value === 'object' && body.value !== null && !Array.isArray(body.value) ? (body.value as Record<string, unknown>) : {};
    // The envelope comes from the request, never from the body: who, when, which dispute, which
    // command — and for an opening, the marketplace's policy, which is not the buyer's to choose.
    const command: Record<string, unknown> = { ...fields, ...params, type: route.command, commandId, actor, at: new Date(clock.now()).toISOString() };
    if (route.command === 'OpenDispute') command['policy'] = policy;
    const handled = await service.handle(command);
    if (E.isLeft(handled)) return send(response, statusOf(handled.left), errorBody(handled.left));
    const { state, version, alreadyApplied } = handled.right;
    return send(response, 200, {
      disputeId: command['disputeId'],
      status: state.status,
      version,
      alreadyApplied,
      events: handled.right.events.map((e) => ({ version: e.version, type: e.event.type, data: e.event.data })),
    });
  };

  const handleRead = async (route: ReadRoute, params: Record<string, string>, url: URL, response: ServerResponse) => {
    const page = { limit: Number(url.searchParams.get('limit') ?? 50), offset: Number(url.searchParams.get('offset') ?? 0) };
    const reply = (result: E.Either<{ readonly message: string }, unknown>, notFound = false) =>
      E.isLeft(result)
        ? send(response, 503, { error: 'ReadModelUnavailable', message: result.left.message })
        : notFound || result.right === undefined
          ? send(response, 404, { error: 'NotFound', message: 'No such dispute (the read models may be a moment behind a new one).' })
          : send(response, 200, result.right);
    switch (route.read) {
      case 'summary':
        return reply(await readModels.disputeSummary.get(params['disputeId']!));
      case 'history': {
        const stored = await events.readStream(disputeStreamId(params['disputeId']!));
        if (E.isLeft(stored)) return send(response, 503, { error: stored.left._tag, message: stored.left.message });
        if (stored.right.length === 0) return reply(E.right(undefined), true);
        const audit = auditDispute(disputeStreamId(params['disputeId']!), stored.right);
        return send(response, 200, { subject: audit.subject, timeline: audit.timeline, deadlines: audit.deadlines, violations: audit.violations, chain: audit.chain, clean: audit.clean });
      }
      case 'byBuyer':
        return reply(await readModels.disputeSummary.byBuyer(params['buyerId']!, page));
      case 'bySeller':
        return reply(await readModels.disputeSummary.bySeller(params['sellerId']!, page));
      case 'scorecard':
        return reply(await readModels.sellerScorecard.forSeller(params['sellerId']!));
      case 'mediatorQueue':
        return reply(await readModels.mediatorQueue.waiting(page));
      case 'deadlines':
        return reply(await readModels.deadlineQueue.all(page));
    }
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://marketplace.local');
    const matched = matchRoute(request.method ?? 'GET', url.pathname);
    const work =
      matched === undefined
        ? Promise.resolve(send(response, 404, { error: 'NotFound', message: `No endpoint ${request.method ?? ''} ${url.pathname}.` }))
        : matched.route.method === 'POST'
          ? handleCommand(matched.route, matched.params, request, response)
          : handleRead(matched.route, matched.params, url, response);
    work.catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { error: 'InternalError', message: error instanceof Error ? error.message : String(error) });
    });
  });

  let reactors: Promise<unknown> | undefined;
  return {
    server,
    service,
    readModels,
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          runner.start();
          reactors = Promise.all([
            scheduler.run({ signal: stop.signal, intervalMs: pollIntervalMs }),
            refunds.run({ signal: stop.signal, intervalMs: pollIntervalMs }),
          ]);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: async () => {
      stop.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await reactors;
      await runner.stop();
      await readSide.close();
      await events.close();
    },
  };
};
