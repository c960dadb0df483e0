import { join } from 'node:path';
import { SignJWT } from 'jose';
import { commandJsonSchema } from '@disputekit/core';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { createSimulatedClock } from '@disputekit/core';
import { createTokenAuthenticator, signActorToken, type TokenOptions } from './authenticate';
import { eventually, fetchClient, injectClient, openingBody, type Client } from './disputeOverHttp';
import { createMarketplace, type Marketplace } from './marketplace';
import { routes } from './routes';

/** Who may call and read what, the signed tokens, the OpenAPI document, and one request over a real port. */
describe('example marketplace: authentication, read access, OpenAPI', () => {
  const temp = testTempFolder('marketplace_access');
  const folder = temp.path;
  const clock = createSimulatedClock('2026-04-01T09:00:00.000Z');
  const tokens: TokenOptions = { secret: new TextEncoder().encode('another test secret, 32 bytes or more, for the tests') };
  const buyer = 'buyer/buyer-dev';
  const seller = 'seller/seller-homewares';
  const mediator = 'mediator/mediator-kim';
  let marketplace: Marketplace;
  let http: Client;

  beforeAll(async () => {
    marketplace = await createMarketplace({ storage: { sqlite: join(folder, 'marketplace.db') }, authenticate: createTokenAuthenticator(tokens), clock, pollIntervalMs: 20 });
    await marketplace.app.ready();
    http = injectClient(marketplace.app, tokens);
    const opened = await http.post('/disputes', buyer, 'open-a', openingBody('mug-1', 'order-mug-1', new Date(clock.now()).toISOString()));
    expect(opened.status).toBe(200);
    await eventually(() => http.get('/disputes/mug-1', buyer), (r) => r.status === 200, 'the summary of mug-1');
  });
  afterAll(async () => {
    await marketplace.close();
    temp.remove();
  });

  it("lets only the dispute's buyer, its seller and mediators read it; to anyone else it does not exist", async () => {
    for (const who of [buyer, seller, mediator]) {
      expect(await http.get('/disputes/mug-1', who)).toMatchObject({ status: 200, body: { disputeId: 'mug-1' } });
      expect(await http.get('/disputes/mug-1/history', who)).toMatchObject({ status: 200, body: { clean: true } });
    }
    for (const stranger of ['buyer/buyer-eve', 'seller/seller-other']) {
      expect(await http.get('/disputes/mug-1', stranger)).toMatchObject({ status: 404, body: { error: 'NotFound' } });
      expect(await http.get('/disputes/mug-1/history', stranger)).toMatchObject({ status: 404, body: { error: 'NotFound' } });
    }
  });

  it("keeps lists, scorecards and queues to their owner and mediators", async () => {
    expect((await http.get('/buyers/buyer-dev/disputes', buyer)).status).toBe(200);
    expect((await http.get('/buyers/buyer-dev/disputes', mediator)).status).toBe(200);
    expect(await http.get('/buyers/buyer-dev/disputes', 'buyer/buyer-eve')).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect((await http.get('/buyers/buyer-dev/disputes', seller)).status).toBe(403);
    expect((await http.get('/sellers/seller-homewares/disputes', seller)).status).toBe(200);
    expect((await http.get('/sellers/seller-homewares/disputes', buyer)).status).toBe(403);
    expect((await http.get('/sellers/seller-homewares/scorecard', 'seller/seller-other')).status).toBe(403);
    expect((await http.get('/sellers/seller-homewares/scorecard', mediator)).status).toBe(200);
    for (const path of ['/mediation/queue', '/deadlines']) {
      expect((await http.get(path, mediator)).status).toBe(200);
      expect((await http.get(path, buyer)).status).toBe(403);
      expect((await http.get(path, seller)).status).toBe(403);
    }
  });

  it('refuses requests without a valid token: none, forged, expired, wrong audience, unknown role', async () => {
    const forged = await signActorToken({ secret: new TextEncoder().encode('not the marketplace secret but 32 bytes long!') }, { role: 'mediator', id: 'mallory' });
    const expired = await signActorToken(tokens, { role: 'mediator', id: 'mediator-kim' }, '-1m');
    const otherAudience = await signActorToken({ ...tokens, audience: 'payments' }, { role: 'mediator', id: 'mediator-kim' });
    const admin = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('root').setIssuer('acme-marketplace').setAudience('disputes').setExpirationTime('1h').sign(tokens.secret);
    for (const authorization of [undefined, 'Bearer not-a-token', `Bearer ${forged}`, `Bearer ${expired}`, `Bearer ${otherAudience}`, `Bearer ${admin}`, `Basic ${Buffer.from('a:b').toString('base64')}`]) {
      const read = await http.raw('GET', '/mediation/queue', authorization === undefined ? {} : { authorization });
      expect(read).toMatchObject({ status: 401, body: { error: 'Unauthenticated' } });
      const write = await http.raw('POST', '/disputes/mug-1/messages', { key: 'k-unauth', body: { messageId: 'm', text: 'hi' }, ...(authorization === undefined ? {} : { authorization }) });
      expect(write.status).toBe(401);
    }
  });

  it('takes the actor from the token, never from the body', async () => {
    const fields = { rulingId: 'r-1', outcome: 'BUYER_FAVOUR', refund: { amount: 4_000, currency: 'USD' }, returnRequired: false, rationale: 'I am not a mediator.' };
    // The body claims to be the mediator: `actor` is not a body field, the body schema refuses it.
    const claimed = await http.post('/disputes/mug-1/ruling', seller, 'rule-as-seller', { actor: { role: 'mediator', id: 'mediator-kim' }, ...fields });
    expect(claimed).toMatchObject({ status: 400, body: { error: 'ValidationError', issues: [{ path: 'actor', message: 'actor is not a field here' }] } });
    // Without the claim, the token says the seller: a seller may not rule.
    expect((await http.post('/disputes/mug-1/ruling', seller, 'rule-as-seller-2', fields)).status).toBe(422);
  });

  it('answers bad JSON and an oversized body in the error shape', async () => {
    const token = await signActorToken(tokens, { role: 'buyer', id: 'buyer-dev' });
    const bad = await marketplace.app.inject({ method: 'POST', url: '/disputes/mug-1/messages', headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'k', 'content-type': 'application/json' }, payload: '{"text":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'BadRequest' });
    const huge = await marketplace.app.inject({ method: 'POST', url: '/disputes/mug-1/messages', headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'k', 'content-type': 'application/json' }, payload: JSON.stringify({ text: 'x'.repeat(1_100_000) }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error: 'PayloadTooLarge' });
  });

  it('serves its OpenAPI 3.1 document, without a token, with every endpoint', async () => {
    const response = await marketplace.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, Record<string, { operationId: string; security: unknown; parameters?: Array<{ name: string; in: string; required?: boolean }>; requestBody?: unknown }>>; components: { securitySchemes: Record<string, unknown> } }>();
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation).toMatchObject({ operationId: 'command' in route ? route.command : route.read, security: [{ bearer: [] }] });
      for (const name of (route.path.match(/:(\w+)/g) ?? []).map((p) => p.slice(1))) {
        expect(operation?.parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
      }
      if (route.method === 'POST') {
        expect(operation?.requestBody).toBeDefined();
        expect(operation?.parameters).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header', required: true }));
      }
    }
    expect(Object.keys(document.paths)).not.toContain('/openapi.json');
  });

  it("shows every command's fields in the OpenAPI document: the generated schema, without what the server sets", async () => {
    const document = (await marketplace.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>> }>();
    for (const route of routes) {
      if (route.method !== 'POST') continue;
      const body = document.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.['post']?.requestBody?.content['application/json']?.schema;
      const generated = commandJsonSchema(route.command) as { properties: Record<string, unknown>; required: string[] };
      const serverSet = ['type', 'commandId', 'actor', 'at', 'policy', ...(route.path.match(/:(\w+)/g) ?? []).map((p) => p.slice(1))];
      const expected = Object.keys(generated.properties).filter((name) => !serverSet.includes(name));
      expect({ command: route.command, fields: Object.keys((body?.['properties'] ?? {}) as object).sort() }).toEqual({ command: route.command, fields: [...expected].sort() });
      expect({ command: route.command, closed: body?.['additionalProperties'], required: body?.['required'] }).toEqual({
        command: route.command,
        closed: false,
        required: generated.required.filter((name) => !serverSet.includes(name)),
      });
    }
    const offer = document.paths['/disputes/{disputeId}/proposals']?.['post']?.requestBody?.content['application/json']?.schema as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(offer.properties['amount']?.properties?.['amount']).toMatchObject({ type: 'integer', minimum: 0 });
    expect(offer.properties['proposalId']).toMatchObject({ type: 'string', minLength: 1 });
  });

  it('serves the same API over a real port (127.0.0.1:0)', async () => {
    const other = await createMarketplace({ storage: { sqlite: join(folder, 'listening.db') }, authenticate: createTokenAuthenticator(tokens), clock, pollIntervalMs: 20 });
    try {
      const port = await other.listen(0);
      expect(port).toBeGreaterThan(0);
      const overHttp = fetchClient(`http://127.0.0.1:${port}`, tokens);
      expect(await overHttp.post('/disputes', buyer, 'open-port', openingBody('port-1', 'order-port-1', new Date(clock.now()).toISOString()))).toMatchObject({
        status: 200,
        body: { disputeId: 'port-1', status: 'AWAITING_SELLER' },
      });
      expect(await overHttp.raw('GET', '/deadlines')).toMatchObject({ status: 401 });
    } finally {
      await other.close();
    }
  });
});
