#!/usr/bin/env node
/**
 * The quiet build before `pnpm start` / `pnpm run demo`: builds the packages' JavaScript only (tsup
 * without type declarations, which the demo does not need and which take most of the build's time),
 * printing one line while it works and one when done. On failure it prints the build's whole output.
 * `pnpm run build` is the full build (with type declarations), for packing and publishing.
 */
import { spawn } from 'node:child_process';

const started = Date.now();
process.stdout.write('building the packages (JavaScript only)… ');
const child = spawn('pnpm', ['-r', '--if-present', 'run', 'build:js'], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
const output = [];
child.stdout.on('data', (chunk) => output.push(chunk));
child.stderr.on('data', (chunk) => output.push(chunk));
child.on('error', (error) => {
  process.stdout.write('failed\n');
  console.error(`Cannot run pnpm: ${error.message}`);
  process.exit(1);
});
child.on('close', (code) => {
  if (code === 0) {
    process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`);
    return;
  }
  process.stdout.write('failed\n');
  process.stderr.write(Buffer.concat(output));
  process.exit(code ?? 1);
});
