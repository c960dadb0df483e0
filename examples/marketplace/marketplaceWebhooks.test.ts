import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { verifyWebhookSignature, WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, type Notification } from '@disputekit/projections';
import { createSimulatedClock } from '@disputekit/core';
import { createTokenAuthenticator, type TokenOptions } from './authenticate';
import { eventually, injectClient, openingBody } from './disputeOverHttp';
import { createMarketplace, type Marketplace } from './marketplace';

/** One request the receiver got: the raw body and the two webhook headers. */
interface Received {
  readonly body: string;
  readonly signature: string | undefined;
  readonly id: string | undefined;
  readonly answered: number;
}

/** The example's webhook notifications, to a receiver on 127.0.0.1:0: signed, verifiable, retried after a 500, durable. */
describe('example marketplace webhooks', () => {
  const temp = testTempFolder('marketplace_webhooks');
  const folder = temp.path;
  const clock = createSimulatedClock('2026-04-01T09:00:00.000Z');
  const tokens: TokenOptions = { secret: new TextEncoder().encode('a test secret of at least 32 bytes, not for production') };
  const secret = 'whsec-a webhook secret of at least 32 characters';
  const received: Received[] = [];
  let failNext = 1; // the first request is answered 500: the sink retries it
  const receiver: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answered = failNext > 0 ? 500 : 204;
      failNext -= 1;
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: request.headers[WEBHOOK_SIGNATURE_HEADER] as string | undefined, id: request.headers[WEBHOOK_ID_HEADER] as string | undefined, answered });
      response.writeHead(answered).end();
    });
  });
  const storage = { sqlite: join(folder, 'marketplace.db') };
  const open = (url: string) =>
    createMarketplace({ storage, authenticate: createTokenAuthenticator(tokens), clock, pollIntervalMs: 20, webhook: { url, secret } });
  let marketplace: Marketplace | undefined;
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/disputes`;
  });
  afterAll(async () => {
    await marketplace?.close();
    await new Promise((resolve) => receiver.close(resolve));
    temp.remove();
  });

  it('POSTs each notification signed; the receiver verifies it with verifyWebhookSignature; a 500 is retried', async () => {
    marketplace = await open(url);
    await marketplace.app.ready();
    const http = injectClient(marketplace.app, tokens);
    expect((await http.post('/disputes', 'buyer/buyer-dev', 'open-1', openingBody('kettle-1', 'order-1', new Date(clock.now()).toISOString()))).status).toBe(200);

    const delivered = () => received.filter((r) => r.answered === 204);
    await eventually(async () => delivered().map((r) => (JSON.parse(r.body) as Notification).kind), (kinds) => kinds.includes('opened') && kinds.includes('action_required'), 'the opening notifications');
    for (const request of received) {
      expect(verifyWebhookSignature({ body: request.body, header: request.signature, secret })).toMatchObject({ _tag: 'Right' });
      expect(verifyWebhookSignature({ body: request.body, header: request.signature, secret: 'another secret of at least 32 characters' })).toMatchObject({ _tag: 'Left', left: { reason: 'SignatureMismatch' } });
      expect(verifyWebhookSignature({ body: request.body.replace('kettle-1', 'kettle-2'), header: request.signature, secret })).toMatchObject({ _tag: 'Left', left: { reason: 'SignatureMismatch' } });
      expect(request.id).toBe((JSON.parse(request.body) as Notification).notificationId);
    }
    // The refused first request came again with the same id (the receiver deduplicates on it).
    expect(received[0]?.answered).toBe(500);
    expect(delivered().map((r) => r.id)).toContain(received[0]?.id);
    const notifications = delivered().map((r) => JSON.parse(r.body) as Notification);
    expect(notifications.find((n) => n.kind === 'opened')).toMatchObject({ disputeId: 'kettle-1', recipient: { role: 'buyer', id: 'buyer-dev' }, source: { eventType: 'DisputeOpened' } });
    expect(notifications.find((n) => n.kind === 'action_required')).toMatchObject({ disputeId: 'kettle-1', recipient: { role: 'seller', id: 'seller-homewares' }, action: { deadline: 'SELLER_RESPONSE' } });
    expect(await marketplace.notifications?.ledger.deadLetters()).toEqual([]);
  }, 30_000);

  it('keeps its checkpoint in the read-side store: a restart over the same file re-sends nothing delivered', async () => {
    const checkpoint = await marketplace!.notifications!.ledger.read();
    expect(checkpoint).toBeGreaterThan(0);
    await marketplace!.close();
    marketplace = undefined;
    const before = received.length;
    marketplace = await open(url);
    // The reactor ran in the background until the close, so it may have moved past events that
    // notify nobody after `checkpoint` was read: the stored checkpoint is at least that, never reset.
    expect(await marketplace.notifications?.ledger.read()).toBeGreaterThanOrEqual(checkpoint!);
    expect(await marketplace.notifications?.tick()).toMatchObject({ _tag: 'Right', right: { delivered: 0 } });
    expect(received.length).toBe(before);
  }, 30_000);
});
