import { createSimulatedClock } from '@disputekit/core';
import { describeWithPostgres, dropTestSchemas, testSchemaName } from '@disputekit/adapters/testRun';
import { createTokenAuthenticator, type TokenOptions } from './authenticate';
import { eventually, injectClient, openingBody, type Client } from './disputeOverHttp';
import { createMarketplace, type Marketplace } from './marketplace';

describeWithPostgres('example marketplace (Fastify inject, PostgreSQL)', (url) => {
  const schema = testSchemaName('marketplace');
  const clock = createSimulatedClock('2026-04-01T09:00:00.000Z');
  const tokens: TokenOptions = { secret: new TextEncoder().encode('a test secret of at least 32 bytes, not for production') };
  let marketplace: Marketplace | undefined;
  let http: Client;

  beforeAll(async () => {
    marketplace = await createMarketplace({ storage: { postgres: url, schema }, authenticate: createTokenAuthenticator(tokens), clock, pollIntervalMs: 20 });
    await marketplace.app.ready();
    http = injectClient(marketplace.app, tokens);
  });
  afterAll(async () => {
    try {
      await marketplace?.close();
    } finally {
      await dropTestSchemas([schema], url);
    }
  });

  it('runs a dispute from opening to refund over HTTP', async () => {
    const now = new Date(clock.now()).toISOString();
    expect(await http.post('/disputes', 'buyer/buyer-dev', 'pg-open-1', openingBody('pg-kettle', 'pg-order', now))).toMatchObject({ status: 200 });
    clock.advance(3_600_000);
    const accepted = await http.post('/disputes/pg-kettle/proposals/p-buyer-1/accept', 'seller/seller-homewares', 'pg-accept-1');
    expect(accepted).toMatchObject({ status: 200, body: { status: 'AWAITING_REFUND' } });
    const closed = await eventually(() => http.get('/disputes/pg-kettle', 'buyer/buyer-dev'), (r) => r.body['status'] === 'CLOSED', 'the refund');
    expect(closed.body).toMatchObject({ outcome: 'REFUNDED_PARTIAL', amountRefunded: 4_000 });
    expect((await http.get('/disputes/pg-kettle/history', 'seller/seller-homewares')).body).toMatchObject({ clean: true, chain: { ok: true } });
  }, 120_000);
});
