import { randomBytes } from 'node:crypto';
import { createTokenAuthenticator, signActorToken, type TokenOptions } from './authenticate';
import { createMarketplace, type StorageChoice } from './marketplace';
import { routes } from './routes';

/**
 * Starts the example marketplace. `DATABASE_URL=postgres://…` (optionally `DATABASE_SCHEMA`) for
 * PostgreSQL, otherwise the SQLite file `MARKETPLACE_DB` (default `./marketplace.db`); `PORT`
 * (default 3000); `TOKEN_SECRET` (at least 32 characters) to verify the callers' tokens — without
 * it, a random secret for this run, and tokens for three sample users are printed. `WEBHOOK_URL` and
 * `WEBHOOK_SECRET` (at least 32 characters) send signed webhook notifications to your receiver.
 */
const databaseUrl = process.env['DATABASE_URL'];
const storage: StorageChoice =
  databaseUrl !== undefined && databaseUrl !== ''
    ? { postgres: databaseUrl, ...(process.env['DATABASE_SCHEMA'] === undefined ? {} : { schema: process.env['DATABASE_SCHEMA'] }) }
    : { sqlite: process.env['MARKETPLACE_DB'] ?? './marketplace.db' };
const configured = process.env['TOKEN_SECRET'];
const tokens: TokenOptions = { secret: configured === undefined ? randomBytes(32) : new TextEncoder().encode(configured) };
const webhookUrl = process.env['WEBHOOK_URL'];
const webhookSecret = process.env['WEBHOOK_SECRET'];
if (webhookUrl !== undefined && webhookUrl !== '' && (webhookSecret === undefined || webhookSecret.length < 32)) {
  console.error('error: WEBHOOK_URL is set but WEBHOOK_SECRET is not (at least 32 characters): the receiver could not tell genuine notifications from forged ones.');
  process.exit(2);
}
const webhook = webhookUrl === undefined || webhookUrl === '' ? undefined : { url: webhookUrl, secret: webhookSecret! };
const marketplace = await createMarketplace({ storage, authenticate: createTokenAuthenticator(tokens), ...(webhook === undefined ? {} : { webhook }) });
const port = await marketplace.listen(Number(process.env['PORT'] ?? 3000));
console.log(`Marketplace on http://127.0.0.1:${port} (${'sqlite' in storage ? `SQLite ${storage.sqlite}` : 'PostgreSQL'}); OpenAPI at /openapi.json`);
console.log(webhook === undefined ? 'No WEBHOOK_URL: no notifications are sent.' : `Notifications: POST ${webhook.url}, signed (disputekit-signature).`);
for (const route of routes) console.log(`  ${route.method.padEnd(4)} ${route.path}`);
console.log('Send Authorization: Bearer <token>, and an idempotency-key with every POST.');
if (configured === undefined) {
  console.log('No TOKEN_SECRET: a random one for this run. Tokens valid for an hour:');
  for (const actor of [{ role: 'buyer', id: 'buyer-dev' }, { role: 'seller', id: 'seller-homewares' }, { role: 'mediator', id: 'mediator-kim' }] as const) {
    console.log(`  ${actor.role.padEnd(8)} ${await signActorToken(tokens, actor)}`);
  }
}
const shutdown = () => void marketplace.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
