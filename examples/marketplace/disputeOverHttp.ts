import type { FastifyInstance } from 'fastify';
import { type SimulatedClock } from '@disputekit/core';
import { signActorToken, type Actor, type TokenOptions } from './authenticate';

/** A request as the example's tests and docs make it: `actor` is `role/id` (a token is signed for it), `key` the idempotency key. */
export interface CallOptions {
  readonly actor?: string;
  readonly key?: string;
  readonly body?: unknown;
  /** Send this Authorization header as it is (instead of a token for `actor`). */
  readonly authorization?: string;
}

/** What one request answered. */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

type Send = (method: 'GET' | 'POST', path: string, headers: Record<string, string>, body: string | undefined) => Promise<Answer>;

const actorOf = (text: string): Actor => {
  const [role, id] = text.split('/') as [Actor['role'], string];
  return { role, id };
};

const clientOver = (tokens: TokenOptions, send: Send) => {
  const call = async (method: 'GET' | 'POST', path: string, options: CallOptions = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.authorization !== undefined) headers['authorization'] = options.authorization;
    else if (options.actor !== undefined) headers['authorization'] = `Bearer ${await signActorToken(tokens, actorOf(options.actor))}`;
    if (options.key !== undefined) headers['idempotency-key'] = options.key;
    return send(method, path, headers, method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined);
  };
  return {
    post: (path: string, actor: string, key: string, body: unknown = {}) => call('POST', path, { actor, key, body }),
    get: (path: string, actor: string) => call('GET', path, { actor }),
    raw: call,
  };
};

/** A client that serves each request in-process with Fastify's `inject` (no port). */
export const injectClient = (app: FastifyInstance, tokens: TokenOptions) =>
  clientOver(tokens, async (method, url, headers, payload) => {
    const response = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  });

/** A client over real HTTP (`fetch`) to a listening marketplace. */
export const fetchClient = (baseUrl: string, tokens: TokenOptions) =>
  clientOver(tokens, async (method, path, headers, body) => {
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  });

/** The client of either kind. */
export type Client = ReturnType<typeof injectClient>;

/** Polls `read` until `done` holds (the read models and the reactors run in the background). */
export const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** The opening a buyer sends: a damaged kettle kept for a partial refund of 40.00 of 120.00 USD. */
export const openingBody = (disputeId: string, orderId: string, now: string) => ({
  disputeId,
  order: {
    orderId,
    buyerId: 'buyer-dev',
    sellerId: 'seller-homewares',
    paid: { amount: 12_000, currency: 'USD' },
    alreadyRefunded: { amount: 0, currency: 'USD' },
    paidAt: new Date(Date.parse(now) - 10 * 86_400_000).toISOString(),
    // The seller refused to cancel the day after payment: the marketplace's policy (the seed's) opens only after that.
    cancellationRefusedAt: new Date(Date.parse(now) - 9 * 86_400_000).toISOString(),
    deliveredAt: new Date(Date.parse(now) - 2 * 86_400_000).toISOString(),
  },
  kind: 'REFUND_ONLY',
  itemReceived: true,
  reason: { group: 'NOT_AS_DESCRIBED', code: 'DAMAGED' },
  proposalId: 'p-buyer-1',
  requested: { amount: 4_000, currency: 'USD' },
  description: 'The lid hinge is cracked; I will keep the kettle for a partial refund.',
  evidence: [
    { evidenceId: 'ev-hinge', kind: 'PHOTO', uri: 'https://files.example.com/ev-hinge.jpg', sha256: 'ab'.repeat(32), mime: 'image/jpeg', sizeBytes: 120_000 },
  ],
});

/** Moves a simulated clock forward by whole days. */
export const advanceDays = (clock: SimulatedClock, days: number): void => clock.advance(days * 86_400_000);
