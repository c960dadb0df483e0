import { readGivenCheckpoint } from '../checkpointChecks';
import { CliError } from '../cliError';
import type { CommandContext } from '../context';
import { writeLine } from '../io';
import { openStore } from '../storeUrl';

/** Options of `disputekit serve`. */
export interface ServeCommandOptions {
  readonly store: string;
  readonly port?: string;
  readonly host?: string;
  readonly token?: string;
  /** A signed checkpoint to check the store against (needs `publicKey`). */
  readonly checkpoint?: string;
  readonly publicKey?: string;
}

const parsePort = (port: string | undefined): number => {
  if (port === undefined) return 8080;
  const n = Number(port);
  if (!/^\d+$/.test(port) || n > 65_535) throw new CliError(`--port ${JSON.stringify(port)} is not a port number.`, 'Give a number from 1 to 65535 (0 picks a free one).');
  return n;
};

/**
 * `disputekit serve`: the local read-only web console. Opens the store read-only, builds the read
 * models in memory from its log, and serves until `stop` resolves (SIGINT or SIGTERM by default).
 * Exit 0 after a clean stop.
 */
export const serveCommand = async (options: ServeCommandOptions, ctx: CommandContext, stop: Promise<unknown> = untilSignal()): Promise<number> => {
  const port = parsePort(options.port);
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? ctx.io.env['DISPUTEKIT_CONSOLE_TOKEN'];
  if (token !== undefined && token.length < 8) throw new CliError('The access token is too short.', 'Use at least 8 characters, for example from `openssl rand -hex 16`.');
  const checkpoint = await readGivenCheckpoint('serve', options);
  const store = await openStore(options.store, { create: false, readOnly: true });
  try {
    writeLine(ctx.io.stderr, `Reading ${store.label} (read-only) and building the read models in memory…`);
    // Loaded here, not at start-up: the other commands never pay for Fastify.
    const { startConsole } = await import('../console/consoleServer');
    let running: Awaited<ReturnType<typeof startConsole>>;
    try {
      running = await startConsole({ store, host, port, ...(token === undefined ? {} : { token }), ...(checkpoint === undefined ? {} : { checkpoint }) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new CliError(`Cannot start the console on ${host}:${port}: ${message}`, 'Pick another port with --port, or stop what uses it.');
    }
    const index = running.data.index();
    writeLine(ctx.io.stdout, `disputekit console on ${running.url} (${index.size.toLocaleString('en-US')} disputes; read-only${token === undefined ? '' : '; access token required'})`);
    if (token !== undefined) writeLine(ctx.io.stdout, `Open ${running.url}?token=… once; the browser keeps it in a cookie.`);
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) writeLine(ctx.io.stderr, `warning: listening on ${host}, not only this machine${token === undefined ? ', with no access token' : ''}.`);
    writeLine(ctx.io.stdout, 'Stop with Ctrl-C.');
    await stop;
    await running.close();
    return 0;
  } finally {
    await store.close();
  }
};

/** Resolves on the first SIGINT or SIGTERM. */
const untilSignal = (): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
