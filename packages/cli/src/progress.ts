import type { Sink } from './io';

/** A progress line on stderr: only drawn on a terminal, redrawn at most every 100 ms, erased when done. */
export interface Progress {
  update(events: number, detail?: string): void;
  done(): void;
}

const WIDTH = 24;
const SPIN = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Creates a progress indicator for `what` (`verifying`, `rebuilding`...). With `total` it draws a
 * bar; without (a store cannot tell its size up front) it draws a spinner, the count and the rate.
 */
export const createProgress = (sink: Sink, what: string, total?: number): Progress => {
  if (sink.isTTY !== true) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let last = 0;
  let frame = 0;
  let drawn = false;
  return {
    update(events, detail) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = `${Math.round(events / seconds).toLocaleString('en-US')}/s`;
      let head: string;
      if (total !== undefined && total > 0) {
        const filled = Math.min(WIDTH, Math.round((events / total) * WIDTH));
        head = `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${events.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
      } else {
        head = `${SPIN[frame++ % SPIN.length]} ${events.toLocaleString('en-US')} events`;
      }
      sink.write(`\r\u001b[2K${what} ${head} · ${rate}${detail === undefined ? '' : ` · ${detail}`}`);
      drawn = true;
    },
    done() {
      if (drawn) sink.write('\r\u001b[2K');
    },
  };
};
