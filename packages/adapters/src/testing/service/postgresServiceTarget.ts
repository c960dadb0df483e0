import pg from 'pg';

/** A connection string that tags its sessions with `applicationName` (to find them in pg_stat_activity). */
export const withApplicationName = (url: string, applicationName: string): string =>
  `${url}${url.includes('?') ? '&' : '?'}application_name=${encodeURIComponent(applicationName)}`;

/** Waits until no session tagged `applicationName` is left on the server (at most `timeoutMs`). */
export const waitForSessionsToEnd = async (url: string, applicationName: string, timeoutMs = 60_000): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
      if ((rows[0] as { n: number }).n === 0) return;
      if (Date.now() > deadline) throw new Error(`sessions of ${applicationName} are still open after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
};

/** Terminates every session tagged `applicationName` (as if the database went away for them); returns how many. */
export const terminateSessions = async (url: string, applicationName: string): Promise<number> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) t', [applicationName]);
    return (rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
};
