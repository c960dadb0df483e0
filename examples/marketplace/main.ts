import { createMarketplace, type StorageChoice } from './marketplace';
import { routes } from './routes';

/**
 * Starts the example marketplace. `DATABASE_URL=postgres://…` (optionally `DATABASE_SCHEMA`) for
 * PostgreSQL, otherwise the SQLite file `MARKETPLACE_DB` (default `./marketplace.db`); `PORT`
 * (default 3000).
 */
const databaseUrl = process.env['DATABASE_URL'];
const storage: StorageChoice =
  databaseUrl !== undefined && databaseUrl !== ''
    ? { postgres: databaseUrl, ...(process.env['DATABASE_SCHEMA'] === undefined ? {} : { schema: process.env['DATABASE_SCHEMA'] }) }
    : { sqlite: process.env['MARKETPLACE_DB'] ?? './marketplace.db' };
const marketplace = await createMarketplace({ storage });
const port = await marketplace.listen(Number(process.env['PORT'] ?? 3000));
console.log(`Marketplace on http://127.0.0.1:${port} (${'sqlite' in storage ? `SQLite ${storage.sqlite}` : 'PostgreSQL'})`);
for (const route of routes) console.log(`  ${route.method.padEnd(4)} ${route.path}`);
console.log('Send x-actor: buyer/ID | seller/ID | mediator/ID, and an idempotency-key with every POST.');
const shutdown = () => void marketplace.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
