import type { SimulatedClock } from '@disputekit/projections';

/** A tiny HTTP client for the example's tests and docs: JSON in, status and JSON out. */
export const client = (baseUrl: string) => {
  const call = async (method: 'GET' | 'POST', path: string, options: { actor?: string; key?: string; body?: unknown } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.actor !== undefined) headers['x-actor'] = options.actor;
    if (options.key !== undefined) headers['idempotency-key'] = options.key;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    post: (path: string, actor: string, key: string, body: unknown = {}) => call('POST', path, { actor, key, body }),
    get: (path: string) => call('GET', path),
    raw: call,
  };
};

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
