import { CliError } from './cliError';
import { parseStoreUrl, redactUrl } from './storeUrl';

describe('parseStoreUrl', () => {
  it.each([
    ['memory:', { kind: 'memory' }],
    ['sqlite:/tmp/x.db', { kind: 'sqlite', filename: '/tmp/x.db' }],
    ['sqlite:///tmp/x.db', { kind: 'sqlite', filename: '/tmp/x.db' }],
    ['sqlite::memory:', { kind: 'sqlite', filename: ':memory:' }],
    ['postgres://u:p@h:5432/db', { kind: 'postgres', connectionString: 'postgres://u:p@h:5432/db' }],
    ['postgresql://u@h/db?schema=audit_1', { kind: 'postgres', connectionString: 'postgresql://u@h/db', schema: 'audit_1' }],
    ['kurrentdb://localhost:2113?tls=false', { kind: 'eventstoredb', connectionString: 'kurrentdb://localhost:2113?tls=false' }],
    ['esdb://localhost:2113?tls=false', { kind: 'eventstoredb', connectionString: 'esdb://localhost:2113?tls=false' }],
    ['esdb+discover://cluster:2113', { kind: 'eventstoredb', connectionString: 'esdb+discover://cluster:2113' }],
  ])('reads %s', (url, spec) => {
    expect(parseStoreUrl(url)).toEqual(spec);
  });

  it('resolves a relative SQLite path against the working directory', () => {
    expect(parseStoreUrl('sqlite:demo.db')).toEqual({ kind: 'sqlite', filename: `${process.cwd()}/demo.db` });
  });

  it.each([
    ['mysql://h/db', 'Unknown store URL'],
    ['sqlite:', 'names no file'],
    ['postgres://h/db?schema=bad-name', 'is not a valid name'],
    ['disputes.db', 'Unknown store URL'],
  ])('refuses %s with a hint', (url, message) => {
    expect(() => parseStoreUrl(url)).toThrow(CliError);
    try {
      parseStoreUrl(url);
    } catch (error) {
      expect((error as CliError).message).toContain(message);
      expect((error as CliError).hint).toBeDefined();
    }
  });

  it('never shows a password', () => {
    expect(redactUrl('postgres://alice:s3cret@db:5432/x')).toBe('postgres://alice:***@db:5432/x');
    expect(redactUrl('postgres://alice@db:5432/x')).toBe('postgres://alice@db:5432/x');
    expect(() => parseStoreUrl('mysql://alice:s3cret@db/x')).toThrow(/alice:\*\*\*@db/);
  });
});
