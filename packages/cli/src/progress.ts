import cliProgress from 'cli-progress';
import type { Sink } from './io';

/** A progress line on stderr: only drawn on a terminal, redrawn at most every 100 ms, erased when done. */
export interface Progress {
  update(events: number, detail?: string): void;
  done(): void;
}

const SPIN = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const silent: Progress = { update: () => undefined, done: () => undefined };
const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * With a known total: a bar with the percentage, the count, the rate and the time left, drawn by
 * cli-progress (its ETA is a moving average of the recent rate).
 */
const barProgress = (sink: Sink, what: string, total: number): Progress => {
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: sink as unknown as NodeJS.WritableStream,
      format: `${what} [{bar}] {percentage}% · {value}/{total} · {rate}/s · {eta_formatted} left{detail}`,
      barsize: 24,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: false,
      clearOnComplete: true,
      linewrap: false,
      fps: 10,
      etaBuffer: 20,
      formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? formatCount(Number(value)) : String(value)),
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '0', detail: '' });
  let stopped = false;
  return {
    update(events, detail) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(Math.min(events, total), { rate: formatCount(events / seconds), detail: detail === undefined ? '' : ` · ${detail}` });
    },
    done() {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
};

/** Without a total (a stream of unknown length): a spinner, the count and the rate. cli-progress needs a total, so this one is drawn here. */
const spinnerProgress = (sink: Sink, what: string): Progress => {
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
      const head = `${SPIN[frame++ % SPIN.length]} ${formatCount(events)} events · ${formatCount(events / seconds)}/s`;
      sink.write(`\r\u001b[2K${what} ${head}${detail === undefined ? '' : ` · ${detail}`}`);
      drawn = true;
    },
    done() {
      if (drawn) sink.write('\r\u001b[2K');
    },
  };
};

/**
 * Creates a progress indicator for `what` (`verifying`, `rebuilding`...), drawn on `sink` only when it
 * is a terminal. With `total` (events, or bytes of a file) it shows a bar, the percentage and the
 * time left; without, a spinner, the count and the rate.
 */
export const createProgress = (sink: Sink, what: string, total?: number): Progress => {
  if (sink.isTTY !== true) return silent;
  return total !== undefined && total > 0 ? barProgress(sink, what, total) : spinnerProgress(sink, what);
};
