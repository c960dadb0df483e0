import type { EventStoreDBClient } from '@eventstore/db-client';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { EventStoreDbClient } from '../../eventstoredb/eventStoreDbClient';

/** The two client libraries the store supports, by package. */
export type ClientLibrary = '@kurrent/kurrentdb-client' | '@eventstore/db-client';

/** The connection-string schemes each library accepts, each also as `<scheme>+discover` (the double serves no gossip, so no `+discover` there). */
export const SCHEMES: Readonly<Record<ClientLibrary, ReadonlyArray<string>>> = {
  '@kurrent/kurrentdb-client': ['kurrentdb', 'kurrent', 'kdb', 'esdb'],
  '@eventstore/db-client': ['esdb'],
};

/** The same connection string with scheme `scheme`, its `+discover` kept. */
export const withScheme = (connectionString: string, scheme: string): string => connectionString.replace(/^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:/i, `${scheme}$2:`);

/** The same connection string with a scheme the library accepts: unchanged when it does, else its first (`kurrentdb:` → `esdb:` for 6.x). */
export const schemeFor = (library: ClientLibrary, connectionString: string): string => {
  const scheme = /^([a-z]+)(\+discover)?:/i.exec(connectionString)?.[1]?.toLowerCase() ?? '';
  return SCHEMES[library].includes(scheme) ? connectionString : withScheme(connectionString, SCHEMES[library][0]!);
};

/**
 * A real, unmodified client of `library` on `connectionString`, seen through the store's interface.
 * The library is loaded on first use only: a test file loads one of the two (see `loadProtocol`).
 */
export const connectClient = (library: ClientLibrary, connectionString: string): EventStoreDbClient => {
  const target = schemeFor(library, connectionString);
  if (library === '@kurrent/kurrentdb-client') {
    const { KurrentDBClient: Client } = require('@kurrent/kurrentdb-client') as { KurrentDBClient: typeof KurrentDBClient };
    return Client.connectionString(target);
  }
  const { EventStoreDBClient: Client } = require('@eventstore/db-client') as { EventStoreDBClient: typeof EventStoreDBClient };
  return Client.connectionString(target);
};
