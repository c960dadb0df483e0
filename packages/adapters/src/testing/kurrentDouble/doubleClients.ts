import type { EventStoreDBClient } from '@eventstore/db-client';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { EventStoreDbClient } from '../../eventstoredb/eventStoreDbClient';

/** The two client libraries the store supports, by package. */
export type ClientLibrary = '@kurrent/kurrentdb-client' | '@eventstore/db-client';

/** Both libraries, for `describe.each`. */
export const CLIENT_LIBRARIES: ReadonlyArray<ClientLibrary> = ['@kurrent/kurrentdb-client', '@eventstore/db-client'];

/** The connection-string schemes each library accepts for one node (the `+discover` forms need gossip, which the double does not serve). */
export const SCHEMES: Readonly<Record<ClientLibrary, ReadonlyArray<string>>> = {
  '@kurrent/kurrentdb-client': ['kurrentdb', 'kurrent', 'kdb', 'esdb'],
  '@eventstore/db-client': ['esdb'],
};

/** The same connection string with the scheme the library needs (`kurrentdb:` → `esdb:` for 6.x, `+discover` kept). */
export const schemeFor = (library: ClientLibrary, connectionString: string): string =>
  library === '@eventstore/db-client' ? connectionString.replace(/^(kurrentdb|kurrent|kdb)(\+discover)?:/, 'esdb$2:') : connectionString;

/**
 * A real, unmodified client of `library` on `connectionString`, seen through the store's interface.
 * The library is loaded on first use only: a test file loads one of the two (see `loadProtocol`).
 */
export const connectClient = (library: ClientLibrary, connectionString: string): EventStoreDbClient => {
  const target = schemeFor(library, connectionString);
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (library === '@kurrent/kurrentdb-client') {
    const { KurrentDBClient: Client } = require('@kurrent/kurrentdb-client') as { KurrentDBClient: typeof KurrentDBClient };
    return Client.connectionString(target);
  }
  const { EventStoreDBClient: Client } = require('@eventstore/db-client') as { EventStoreDBClient: typeof EventStoreDBClient };
  return Client.connectionString(target);
};
