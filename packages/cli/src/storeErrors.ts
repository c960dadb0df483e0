import type { StoreError } from '@disputekit/core';
import { CliError } from './cliError';

/** Turns a store failure into a `CliError` that says what to check. */
export const storeFailure = (error: StoreError, label: string): CliError => {
  switch (error._tag) {
    case 'StoreUnavailable': {
      if (/holds no disputekit event store/.test(error.message)) {
        return new CliError(
          `The store ${label} failed: ${error.message}.`,
          'Check the database and the ?schema= parameter (default disputekit); reading commands never create tables: `disputekit import` or `demo` makes a store.',
        );
      }
      const missingSchema = /does not exist/.test(error.message);
      return new CliError(
        `The store ${label} failed: ${error.message}`,
        missingSchema
          ? 'The event tables are missing: check the database and the ?schema= parameter, or import a history first (`disputekit import` creates them).'
          : 'Check that the server is running and that the URL, user and password are right.',
      );
    }
    case 'CorruptEvent':
      return new CliError(error.message, 'Run `disputekit verify` on this store to see every problem.');
    default:
      return new CliError(`The store ${label} failed: ${error.message}`);
  }
};
