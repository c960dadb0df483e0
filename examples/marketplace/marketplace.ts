import type { FastifyInstance } from 'fastify';
import { createDisputeService, systemClock, withHashChain, type Clock, type DisputePolicy, type DisputeService, type EventStore } from '@disputekit/core';
import {
  createDeadlineScheduler,
  createDisputeReadModels,
  createInMemoryPaymentGateway,
  createInMemoryPayoutPort,
  createNotificationReactor,
  createPayoutReactor,
  createProjectionRunner,
  createReadSidePayoutCursor,
  createRefundProcessor,
  createWebhookSink,
  disputeProjections,
  type DisputeReadModels,
  type NotificationReactor,
  type PaymentGateway,
  type PayoutPort,
  type ReadSideStoreWithNotifications,
} from '@disputekit/projections';
import { buildMarketplaceApp } from './app';
import type { Authenticate } from './authenticate';
import { marketplacePolicy } from './policy';

/** Where the marketplace keeps its disputes: one SQLite file, or a PostgreSQL database (and schema). */
export type StorageChoice = { readonly sqlite: string } | { readonly postgres: string; readonly schema?: string };

/** Options of `createMarketplace`. */
export interface MarketplaceOptions {
  readonly storage: StorageChoice;
  /** Who sent a request (see `createTokenAuthenticator` for the signed-token example). */
  readonly authenticate: Authenticate;
  /** The marketplace's clock: the `at` of every command, and what the reactors consider due (default: the system clock). */
  readonly clock?: Clock;
  /** The payment provider refunds go to (default: an in-memory gateway, for the example). */
  readonly gateway?: PaymentGateway;
  /** The seller-payout service holds and releases go to, under a policy that holds (default: an in-memory one, for the example). */
  readonly payouts?: PayoutPort;
  /** How often the projections and the reactors poll, in ms (default 500). */
  readonly pollIntervalMs?: number;
  /** The policy every new dispute runs under (default `marketplacePolicy`). */
  readonly policy?: DisputePolicy;
  /** Webhook notifications for the dispute's parties and mediators (none when left out). */
  readonly webhook?: WebhookOptions;
}

/** Where the marketplace POSTs its notifications, and how it signs them. */
export interface WebhookOptions {
  /** Your receiver's URL. */
  readonly url: string;
  /** The shared HMAC-SHA256 secret; the receiver checks each request with `verifyWebhookSignature`. */
  readonly secret: string;
  /** How long before a deadline falls due to remind whoever must act, in ms (default one day). */
  readonly remindBeforeMs?: number;
  /** Attempts per notification before it goes to the dead-letter list (default 5, with backoff). */
  readonly maxAttempts?: number;
}

/** The running marketplace: its Fastify app, and what it embeds. */
export interface Marketplace {
  /** The HTTP API. `app.inject(...)` serves a request in-process; the background work starts with `app.ready()`. */
  readonly app: FastifyInstance;
  readonly service: DisputeService;
  readonly readModels: DisputeReadModels;
  /** The notification reactor, with `webhook`: `notifications.ledger` lists and requeues its dead letters. */
  readonly notifications: NotificationReactor | undefined;
  /** Listens on 127.0.0.1:`port` (0 picks a free one) and resolves with the port. */
  listen(port: number): Promise<number>;
  /** Stops the server, the projections and the reactors, and closes the stores. */
  close(): Promise<void>;
}

const openStores = async (storage: StorageChoice): Promise<{ events: EventStore; readSide: ReadSideStoreWithNotifications }> => {
  const projections = await import('@disputekit/projections');
  if ('sqlite' in storage) {
    const { createSqliteEventStore } = await import('@disputekit/adapters/sqlite');
    return { events: createSqliteEventStore({ filename: storage.sqlite }), readSide: projections.createSqliteReadSideStore({ filename: storage.sqlite }) };
  }
  const { createPostgresEventStore } = await import('@disputekit/adapters/postgres');
  const schema = storage.schema ?? 'disputekit';
  return {
    // The example migrates on first use for convenience; a deployment runs `disputekit migrate` instead.
    // groupCommit: the appends of requests handled at once share transactions (docs/stores/postgres.md).
    events: createPostgresEventStore({ connectionString: storage.postgres, schema, migrate: true, groupCommit: true }),
    readSide: projections.createPostgresReadSideStore({ connectionString: storage.postgres, schema }),
  };
};

/**
 * The notification reactor with the webhook sink: each stored event becomes notifications for the
 * dispute's buyer, seller or mediators, POSTed signed to the webhook; reminders go out a set time
 * before each deadline. Its checkpoint and dead letters live in the read-side store, beside the
 * read models (the same SQLite file or PostgreSQL schema), so a restart re-sends nothing delivered.
 * The signature's timestamp is the wall clock's (it guards against replays), not the dispute clock.
 */
const notificationsOver = (webhook: WebhookOptions, events: EventStore, readSide: ReadSideStoreWithNotifications, readModels: DisputeReadModels, clock: Clock) =>
  createNotificationReactor({
    events,
    readSide,
    clock,
    sink: createWebhookSink({ url: webhook.url, secret: webhook.secret, ...(webhook.maxAttempts === undefined ? {} : { maxAttempts: webhook.maxAttempts }) }),
    reminders: { before: webhook.remindBeforeMs ?? 86_400_000, deadlines: readModels.deadlineQueue },
  });

/**
 * Creates the example marketplace: a Fastify app whose POST endpoints turn requests into dispute
 * commands, whose GET endpoints read the read models, with the projection runner, the deadline
 * scheduler, the refund processor, the payout reactor and (with `webhook`) the notification reactor running beside it
 * from `app.ready()` to `close()`. The service hash-chains every stored event.
 */
export const createMarketplace = async (options: MarketplaceOptions): Promise<Marketplace> => {
  const clock = options.clock ?? systemClock;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const { events, readSide } = await openStores(options.storage);
  const service = createDisputeService({ store: withHashChain(events), clock });
  const readModels = createDisputeReadModels(readSide);
  const runner = createProjectionRunner({ events, readSide, projections: disputeProjections, clock, pollIntervalMs });
  const gateway = options.gateway ?? createInMemoryPaymentGateway();
  const scheduler = createDeadlineScheduler({ service, deadlines: readModels.deadlineQueue, clock });
  const refunds = createRefundProcessor({ service, summaries: readModels.disputeSummary, gateway, clock });
  // Its cursor lives beside the read models (the same SQLite file or PostgreSQL schema): a restart calls nothing twice.
  const payouts = createPayoutReactor({ events, port: options.payouts ?? createInMemoryPayoutPort(), cursor: createReadSidePayoutCursor(readSide) });
  const notifications = options.webhook === undefined ? undefined : notificationsOver(options.webhook, events, readSide, readModels, clock);
  const stop = new AbortController();

  const app = await buildMarketplaceApp({ service, readModels, events, clock, policy: options.policy ?? marketplacePolicy, authenticate: options.authenticate });
  let reactors: Promise<unknown> | undefined;
  app.addHook('onReady', async () => {
    runner.start();
    reactors = Promise.all([
      scheduler.run({ signal: stop.signal, intervalMs: pollIntervalMs }),
      refunds.run({ signal: stop.signal, intervalMs: pollIntervalMs }),
      payouts.run({ signal: stop.signal, intervalMs: pollIntervalMs }),
      notifications?.run({ signal: stop.signal, intervalMs: pollIntervalMs }),
    ]);
  });
  app.addHook('onClose', async () => {
    stop.abort();
    await reactors;
    await runner.stop();
    await readSide.close();
    await events.close();
  });
  return {
    app,
    service,
    readModels,
    notifications,
    listen: async (port) => {
      await app.listen({ port, host: '127.0.0.1' });
      const address = app.server.address();
      return typeof address === 'object' && address !== null ? address.port : port;
    },
    close: () => app.close(),
  };
};
