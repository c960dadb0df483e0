import { Readable } from 'node:stream';
import { CliError } from '../cliError';
import { spoolStdin } from './historySource';

describe('spoolStdin', () => {
  it('refuses an endless line on stdin (as from /dev/zero) instead of copying it forever', async () => {
    const zeros = Buffer.alloc(1024 * 1024);
    const endless = Object.assign(
      Readable.from(
        (function* () {
          for (;;) yield zeros;
        })(),
      ),
      { isTTY: false },
    );
    const spooled = spoolStdin(endless);
    await expect(spooled).rejects.toThrow(CliError);
    await expect(spooled).rejects.toThrow(/Line 1 of the standard input is longer than 16 MiB/);
  }, 60_000);

  it('copies a history with ordinary lines whole', async () => {
    const text = '{"a":1}\n\n{"b":2}\n';
    const spooled = await spoolStdin(Object.assign(Readable.from([Buffer.from(text)]), { isTTY: false }));
    try {
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(spooled.path, 'utf8')).toBe(text);
    } finally {
      await spooled.cleanup();
    }
  });
});
