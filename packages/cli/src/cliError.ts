/** Exit status: everything checked out. */
export const EXIT_OK = 0;
/** Exit status: the command could not do its job (bad flags, unreachable store, unreadable file). */
export const EXIT_ERROR = 1;
/** Exit status: the command ran and found problems (rule violations, broken chains, corrupt events). */
export const EXIT_FINDINGS = 2;
/** Exit status: there was nothing to check: the store or the history holds no event. */
export const EXIT_EMPTY = 3;

/**
 * A failure to show the user: what went wrong and what to do about it. Commands throw it; the
 * program prints `error: {message}` and the hint, and exits with status 1.
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** What to do next, in one sentence. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
