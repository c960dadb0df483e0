import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HOSTILE_HTML, seedConsoleStore } from '../testing/consoleFixture';
import { tempFolder } from '../testing/runCli';
import { runCliInProcess } from '../testing/runCliInProcess';
import { openStore, type OpenedStore } from '../storeUrl';
import { startConsole, type RunningConsole } from './consoleServer';

interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP request with any headers (Host included), no redirects followed. */
const httpRequest = (url: string, headers: Record<string, string>, method: string): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { host: '127.0.0.1', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });

/** The console over HTTP without a browser (real HTTP on a free port): pages, headers, token, host check, read-only store. */
describe('disputekit console (HTTP)', () => {
  const folder = tempFolder('console');
  const db = join(folder.path, 'store.db');
  let store: OpenedStore;
  let consoleApp: RunningConsole;
  const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => httpRequest(`${consoleApp.url.replace(/\/$/, '')}${url}`, headers, method);

  beforeAll(async () => {
    await seedConsoleStore(db);
    store = await openStore(`sqlite:${db}`, { create: false, readOnly: true });
    consoleApp = await startConsole({ store, port: 0, token: 'secret-token-1' });
  }, 30_000);
  afterAll(async () => {
    await consoleApp?.close();
    await store?.close();
    folder.remove();
  });

  it('refuses a request without the token, and lets in one with it (query once, then the cookie; or a bearer header)', async () => {
    expect((await get('/')).statusCode).toBe(401);
    expect((await get('/', { authorization: 'Bearer wrong-token-1' })).statusCode).toBe(401);
    const first = await get('/?q=plain&token=secret-token-1');
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/?q=plain');
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(String(first.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
    expect((await get('/?q=plain', { cookie })).statusCode).toBe(200);
    expect((await get('/', { authorization: 'Bearer secret-token-1' })).statusCode).toBe(200);
  });

  const authed = (url: string) => get(url, { authorization: 'Bearer secret-token-1' });

  it('sends a strict CSP and the other security headers on every page', async () => {
    const page = await authed('/queues');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-[^']+' 'sha256-[^']+'; style-src 'sha256-[^']+'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).toContain('id="deadline-queue"');
    expect(page.body).toMatch(/SELLER_RESPONSE/);
  });

  it('refuses a request addressed to another host name (DNS rebinding) and anything but GET', async () => {
    expect((await get('/', { host: 'evil.example', authorization: 'Bearer secret-token-1' })).statusCode).toBe(421);
    const post = await get('/refresh', { authorization: 'Bearer secret-token-1' }, 'POST');
    expect(post.statusCode).toBe(404);
  });

  it('searches by seller, by order and by status', async () => {
    expect((await authed('/?field=seller&q=seller-calm')).body).toContain('2 of 3 disputes match');
    expect((await authed('/?field=order&q=order-3')).body).toMatch(/1 of 3 disputes match[\s\S]*plain-3/);
    expect((await authed('/?field=status&q=awaiting_buyer')).body).toMatch(/1 of 3 disputes match[\s\S]*hostile-1/);
    expect((await authed('/?q=no-such-thing')).body).toContain('No dispute matches.');
  });

  it("shows a dispute's page with its hostile text escaped, and 404 for an unknown one", async () => {
    const page = await authed('/disputes/hostile-1');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(HOSTILE_HTML);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect((await authed('/disputes/%3Cscript%3E')).body).toContain('No dispute &lt;script&gt;');
    const report = await authed('/disputes/hostile-1/report.html');
    expect(report.headers['content-disposition']).toBe('attachment; filename="dispute-hostile-1.html"');
  });

  it('has opened the store read-only: the SQLite file refuses writes through it', async () => {
    const count = () => {
      const handle = new Database(db, { readonly: true });
      try {
        return (handle.prepare('SELECT COUNT(*) AS n FROM disputekit_events').get() as { n: number }).n;
      } finally {
        handle.close();
      }
    };
    const before = count();
    const event = { type: 'MessagePosted', data: {}, metadata: { eventId: '6f1c2a3e-0000-4000-8000-000000000002', commandId: 'c-x', recordedAt: '2026-01-01T00:00:00Z', schemaVersion: 1 } };
    const attempt = await store.events.appendToStream('dispute-x', [event], { expectedVersion: 'any' }).catch((error: unknown) => ({ _tag: 'Thrown', error }));
    expect(attempt._tag).not.toBe('Right');
    expect(JSON.stringify(attempt)).toMatch(/read-?only/i);
    expect(count()).toBe(before);
  });

  it('serve refuses a bad port and a short token before opening anything', async () => {
    const port = await runCliInProcess(['serve', '--store', `sqlite:${db}`, '--port', 'eighty']);
    expect(port.code).toBe(1);
    expect(port.stderr).toContain('--port "eighty" is not a port number.');
    const token = await runCliInProcess(['serve', '--store', `sqlite:${db}`, '--token', 'short']);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain('The access token is too short.');
  });
});
