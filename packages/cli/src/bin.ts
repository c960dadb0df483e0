import { runCli } from './program';

// A reader that stops early (`disputekit export … | head`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

/** The `disputekit` executable: runs the CLI on the process's arguments and exits with its status. */
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
process.exitCode = code;
// Some drivers keep sockets alive a little after closing; do not wait for them once output is flushed.
setTimeout(() => process.exit(code), 2_000).unref();
