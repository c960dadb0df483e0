import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventStore } from '@disputekit/core';
import type { ReadSideStoreWithNotifications } from '@disputekit/projections';
import { CliError } from './cliError';
import { redactUrl } from './redact';
import { DISPUTEKIT_STREAM_PREFIXES } from '@disputekit/core';
import { safeText } from './render/safeText';

/** A parsed `--store` URL. */
export type StoreSpec =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly filename: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema?: string }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };

/** The store URL forms, for help texts and errors. */
export const STORE_URL_FORMS = 'memory:, sqlite:PATH, postgres://USER@HOST:PORT/DB[?schema=NAME], kurrentdb://HOST:PORT or esdb://HOST:PORT';

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Parses a `--store` URL: `memory:`, `sqlite:PATH` (also `sqlite://PATH`), `postgres://...` or
 * `postgresql://...` (with an optional `schema` parameter, default `disputekit`), `kurrentdb://...`,
 * `esdb://...` (and their `+discover` forms). Anything else is a `CliError` that lists the forms.
 */
export const parseStoreUrl = (url: string): StoreSpec => {
  const text = url.trim();
  if (text === 'memory:' || text === 'memory://') return { kind: 'memory' };
  if (text.startsWith('sqlite:')) {
    const rest = text.slice('sqlite:'.length);
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    if (path === '') throw new CliError(`The store URL ${JSON.stringify(url)} names no file.`, 'Write sqlite:PATH, for example sqlite:./disputes.db.');
    return { kind: 'sqlite', filename: path === ':memory:' ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw new CliError(`The store URL ${JSON.stringify(redactUrl(url))} is not a valid PostgreSQL URL.`, 'Write postgres://USER[:PASSWORD]@HOST:PORT/DATABASE.');
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new CliError(`The schema ${JSON.stringify(schema)} is not a valid name.`, 'Use letters, digits and underscores, for example ?schema=disputekit.');
    }
    parsed.searchParams.delete('schema');
    return { kind: 'postgres', connectionString: parsed.toString(), ...(schema === undefined ? {} : { schema }) };
  }
  if (/^(kurrentdb|kurrent|esdb)(\+discover)?:\/\//.test(text)) return { kind: 'eventstoredb', connectionString: text };
  throw new CliError(`Unknown store URL ${JSON.stringify(redactUrl(url))}.`, `Use one of ${STORE_URL_FORMS}.`);
};

export { redactUrl } from './redact';

/** A PostgreSQL URL whose sessions refuse writes (`default_transaction_read_only=on`, sent at connect). */
const readOnlyConnection = (connectionString: string): string => {
  const url = new URL(connectionString);
  url.searchParams.set('options', '-c default_transaction_read_only=on');
  return url.toString();
};

/** What a command needs to run against a store: the events, optionally the read side, and a label. */
export interface OpenedStore {
  readonly spec: StoreSpec;
  readonly events: EventStore;
  /** The store's URL without its password. */
  readonly label: string;
  /** Opens the read-model store beside the events (same SQLite file, same PostgreSQL schema; in memory for `memory:`). */
  readonly openReadSide: () => Promise<ReadSideStoreWithNotifications>;
  readonly close: () => Promise<void>;
}

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /**
   * Create what is missing (the SQLite file, the PostgreSQL schema) and open for writing. Commands
   * that only read leave it false: the event store is then opened read-only, and a file or schema
   * that is not a disputekit store is refused without being changed.
   */
  readonly create: boolean;
  /**
   * Open the events read-only, for commands that must never write (`serve`): SQLite read-only, a
   * PostgreSQL session with `default_transaction_read_only`. Implies not `create`.
   */
  readonly readOnly?: boolean;
}

/** The hint for a store that is not a disputekit store. */
const NOT_A_STORE_HINT = 'Check the path or URL: reading commands open only disputekit stores (made by `disputekit demo`, `import` or a disputekit service) and leave anything else untouched.';

/**
 * Opens the event store a URL names. The adapters are loaded on demand, so a database driver that
 * is not needed is never loaded. Without `create` the SQLite and PostgreSQL stores are opened
 * read-only (`readOnly`): a missing file, a file or schema without disputekit's tables is refused
 * and left as it was.
 */
export const openStore = async (url: string, options: OpenStoreOptions): Promise<OpenedStore> => {
  const spec = parseStoreUrl(url);
  const label = safeText(redactUrl(url));
  let readSide: ReadSideStoreWithNotifications | undefined;
  const openReadSide = async (make: () => Promise<ReadSideStoreWithNotifications>) => {
    readSide ??= await make();
    return readSide;
  };
  const closeBoth = async (events: EventStore) => {
    await readSide?.close();
    await events.close();
  };
  switch (spec.kind) {
    case 'memory': {
      const { createInMemoryEventStore } = await import('@disputekit/adapters/memory');
      const events = createInMemoryEventStore();
      const { createMemoryReadSideStore } = await import('@disputekit/projections');
      return { spec, events, label, openReadSide: () => openReadSide(async () => createMemoryReadSideStore()), close: () => closeBoth(events) };
    }
    case 'sqlite': {
      if (!options.create && spec.filename !== ':memory:' && !existsSync(spec.filename)) {
        throw new CliError(`There is no SQLite file at ${spec.filename}.`, 'Check the path, or run `disputekit demo` to create a store with sample disputes.');
      }
      if (spec.filename !== ':memory:' && existsSync(spec.filename) && statSync(spec.filename).isDirectory()) {
        throw new CliError(`The SQLite store ${spec.filename} is a folder, not a file.`, 'Name the database file, for example sqlite:./disputes.db.');
      }
      const { createSqliteEventStore } = await import('@disputekit/adapters/sqlite');
      let events: EventStore;
      try {
        // Writers (import, demo) use synchronous=NORMAL: WAL keeps every commit safe from a crash of
        // the process, and closing the store checkpoints the WAL into the file. Readers open it read-only.
        events = createSqliteEventStore({
          filename: spec.filename,
          ...(options.create ? { synchronous: 'NORMAL' as const } : spec.filename === ':memory:' ? {} : { readOnly: true }),
        });
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error), options.create ? 'Check that the file is a disputekit SQLite store and that you may write it.' : NOT_A_STORE_HINT);
      }
      const { createSqliteReadSideStore } = await import('@disputekit/projections');
      return {
        spec,
        events,
        label,
        openReadSide: () => openReadSide(async () => createSqliteReadSideStore({ filename: spec.filename })),
        close: () => closeBoth(events),
      };
    }
    case 'postgres': {
      const { createPostgresEventStore } = await import('@disputekit/adapters/postgres');
      const events = createPostgresEventStore({
        connectionString: options.readOnly === true ? readOnlyConnection(spec.connectionString) : spec.connectionString,
        ...(spec.schema === undefined ? {} : { schema: spec.schema }),
        ...(options.create ? { migrate: true } : { readOnly: true }),
      });
      const { createPostgresReadSideStore } = await import('@disputekit/projections');
      return {
        spec,
        events,
        label,
        openReadSide: () =>
          openReadSide(async () => createPostgresReadSideStore({ connectionString: spec.connectionString, schema: spec.schema ?? 'disputekit' })),
        close: () => closeBoth(events),
      };
    }
    case 'eventstoredb': {
      const { createEventStoreDbEventStore } = await import('@disputekit/adapters/eventstoredb');
      const events = createEventStoreDbEventStore({ connectionString: spec.connectionString, streamPrefixes: DISPUTEKIT_STREAM_PREFIXES });
      const { createMemoryReadSideStore } = await import('@disputekit/projections');
      return { spec, events, label, openReadSide: () => openReadSide(async () => createMemoryReadSideStore()), close: () => closeBoth(events) };
    }
  }
};
