import { redactUrl, secretMask } from './redact';
import { runCliInProcess } from './testing/runCliInProcess';

/** Defect 6 of issue 11: passwords leaked in CLI messages. Port 1 refuses at once, so nothing waits on a server. */
describe('no password is ever printed', () => {
  it.each([
    ['a plain password', 'postgres://alice:s3cret@db:5432/x', 'postgres://alice:***@db:5432/x'],
    ['a raw @ in the password', 'postgres://alice:p@ss@db:5432/x', 'postgres://alice:***@db:5432/x'],
    ['a raw / in the password', 'postgres://alice:pa/ss@db/x', 'postgres://alice:***@db/x'],
    ['a raw : and # in the password', 'postgresql://alice:a:b#c@db/x?schema=s', 'postgresql://alice:***@db/x?schema=s'],
    ['a percent-encoded password', 'postgres://alice:p%40ss@db/x', 'postgres://alice:***@db/x'],
    ['password= in the query', 'postgres://alice@db/x?schema=s&password=hunter2', 'postgres://alice@db/x?schema=s&password=***'],
    ['password= first in the query, and sslpassword', 'postgres://db/x?password=hunter2&sslpassword=k3y', 'postgres://db/x?password=***&sslpassword=***'],
    ['an EventStoreDB URL', 'esdb://admin:changeit@node:2113?tls=false', 'esdb://admin:***@node:2113?tls=false'],
    ['no password at all', 'postgres://alice@db:5432/x', 'postgres://alice@db:5432/x'],
    ['a SQLite path with @ and :', 'sqlite:/tmp/a:b@c.db', 'sqlite:/tmp/a:b@c.db'],
  ])('redactUrl hides %s', (_, url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  const leaks = (run: { stdout: string; stderr: string }, secrets: ReadonlyArray<string>) => secrets.filter((secret) => (run.stdout + run.stderr).includes(secret));

  it('a raw / in the password: "not a valid PostgreSQL URL" shows the redacted form', async () => {
    const run = await runCliInProcess(['verify', '--store', 'postgres://alice:s3cr/et@127.0.0.1:1/db']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*postgres:\/\/alice:\*\*\*@/m);
    expect(leaks(run, ['s3cr', '/et@'])).toEqual([]);
  });

  it('a raw @ in the password: nothing after it is shown', async () => {
    const run = await runCliInProcess(['verify', '--store', 'postgres://alice:pa@ss-w0rd@127.0.0.1:1/db']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: /m);
    expect(run.stderr).toMatch(/^hint: /m);
    expect(leaks(run, ['pa@ss', 'ss-w0rd'])).toEqual([]);
  });

  it('password= in the query string is never printed', async () => {
    const run = await runCliInProcess(['audit', 'd-1', '--store', 'postgres://alice@127.0.0.1:1/db?password=hunter2-query']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: /m);
    expect(leaks(run, ['hunter2-query'])).toEqual([]);
  });

  it('a store URL from DISPUTEKIT_STORE is redacted the same way', async () => {
    const run = await runCliInProcess(['export'], { env: { DISPUTEKIT_STORE: 'postgres://alice:env/pa@ss@127.0.0.1:1/db' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: /m);
    expect(leaks(run, ['env/pa', 'pa@ss', 'ss@127'])).toEqual([]);
  });

  it('a secret of the environment (PGPASSWORD) is masked in whatever message carries it', async () => {
    // Contrived on purpose: the secret is also the user name, so the store label itself carries it.
    const run = await runCliInProcess(['verify', '--store', 'postgres://Tr0ub4dor@127.0.0.1:1/db'], { env: { PGPASSWORD: 'Tr0ub4dor' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: /m);
    expect(leaks(run, ['Tr0ub4dor'])).toEqual([]);
  });

  it('help shows the name DISPUTEKIT_STORE, never its value', async () => {
    const run = await runCliInProcess(['verify', '--help'], { env: { DISPUTEKIT_STORE: 'postgres://alice:help-secret@db/x' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('DISPUTEKIT_STORE');
    expect(leaks(run, ['help-secret'])).toEqual([]);
  });

  it('secretMask masks the run\'s secrets, and leaves short flag values of secret-named variables alone', () => {
    const mask = secretMask(['verify', '--store', 'postgres://alice:p%40ss-w0rd@db/x?sslpassword=k3y-k3y'], {
      PGPASSWORD: 'pgpw',
      DEPLOY_TOKEN: 'tok-123456789',
      SKIP_TOKEN: 'true',
    });
    expect(mask('a p%40ss-w0rd b p@ss-w0rd c k3y-k3y d pgpw e tok-123456789 f true')).toBe('a *** b *** c *** d *** e *** f true');
  });
});
