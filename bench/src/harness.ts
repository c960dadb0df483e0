/**
 * The shapes of the bench: a figure is one measured quantity; it has contenders (disputekit, Emmett,
 * raw baselines), each measured in a fresh child process (so JIT state, heap and peak RSS are its
 * own) with warm-up runs, then several timed runs.
 */
import { loadavg } from 'node:os';

/** Who a contender is. */
export type ContenderKind = 'disputekit' | 'emmett' | 'raw';

/** One way of doing the figure's work. */
export interface Contender<S = any> {
  /** Unique within the figure, e.g. `disputekit (SQLite)`. */
  readonly name: string;
  readonly kind: ContenderKind;
  /** Why it cannot run now (a package not written yet, no server), or undefined when it can. Runs in the parent. */
  readonly unavailable?: () => Promise<string | undefined> | string | undefined;
  /** Builds what the runs need (stores, data); not timed. */
  readonly setup: () => Promise<S>;
  /** One timed run; returns how many operations (events, commands, streams) it did. `run` counts warm-ups too. */
  readonly run: (state: S, run: number) => Promise<number>;
  /** Frees what setup built. */
  readonly teardown?: (state: S) => Promise<void>;
  /** When the work runs in a child process (a CLI), that child's peak RSS in MB (reported instead of the worker's). */
  readonly childPeakRssMb?: (state: S) => number | undefined;
}

/** A ratio an issue (6 or 17) asks for: disputekit's rate / the other contender's rate ≥ `atLeast`. */
export interface RatioTarget {
  readonly versus: string;
  readonly atLeast: number;
}

/** One measured quantity. */
export interface Figure {
  readonly id: string;
  /** The part of `pnpm bench` it belongs to (`pnpm bench <part>`). */
  readonly part: string;
  readonly title: string;
  /** Unit of the rate, e.g. `events/s`. */
  readonly unit: string;
  readonly warmup: number;
  readonly runs: number;
  /** The disputekit contender whose ratios are reported. */
  readonly disputekit: string;
  readonly contenders: ReadonlyArray<Contender>;
  readonly ratioTargets?: ReadonlyArray<RatioTarget>;
  /** Absolute targets on disputekit's figure (rate at least, or seconds / MB at most). */
  readonly absoluteTargets?: ReadonlyArray<AbsoluteTarget>;
  /** Extra words for the report (what exactly is measured). */
  readonly note?: string;
}

/** An absolute target on the disputekit contender. */
export type AbsoluteTarget =
  | { readonly metric: 'rate'; readonly atLeast: number }
  | { readonly metric: 'seconds'; readonly atMost: number }
  | { readonly metric: 'peakRssMb'; readonly atMost: number };

/** What one contender's worker reports. */
export interface Measurement {
  readonly figure: string;
  readonly contender: string;
  readonly kind: ContenderKind;
  readonly status: 'ok' | 'unavailable' | 'failed';
  readonly reason?: string;
  readonly ops?: number;
  /** Rates of the timed runs (ops/s). */
  readonly rates?: ReadonlyArray<number>;
  /** Seconds of the timed runs. */
  readonly seconds?: ReadonlyArray<number>;
  readonly median?: number;
  readonly min?: number;
  readonly max?: number;
  readonly medianSeconds?: number;
  /** Peak resident set size of the worker process, MB (includes setup). */
  readonly peakRssMb?: number;
  /** 1-minute load average when the worker started and ended. */
  readonly load?: readonly [number, number];
  /** Counters bumped during setup and runs (see `counters`). */
  readonly counters?: Readonly<Record<string, number>>;
}

/** Counters a contender may bump while it runs (e.g. version conflicts), reported with its measurement. */
export const counters: Record<string, number> = {};

/** The median of numbers. */
export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs a contender (in the current process): setup, warm-up, timed runs, teardown. */
export const measure = async (figure: Figure, contender: Contender): Promise<Measurement> => {
  const loadStart = loadavg()[0]!;
  const state = await contender.setup();
  const rates: number[] = [];
  const seconds: number[] = [];
  let ops = 0;
  let childRss: number | undefined;
  try {
    for (let i = 0; i < figure.warmup + figure.runs; i++) {
      const started = performance.now();
      ops = await contender.run(state, i);
      const elapsed = (performance.now() - started) / 1000;
      if (i >= figure.warmup) {
        rates.push(ops / elapsed);
        seconds.push(elapsed);
      }
    }
    childRss = contender.childPeakRssMb?.(state);
  } finally {
    await contender.teardown?.(state);
  }
  return {
    figure: figure.id,
    contender: contender.name,
    kind: contender.kind,
    status: 'ok',
    ops,
    rates,
    seconds,
    median: median(rates),
    min: Math.min(...rates),
    max: Math.max(...rates),
    medianSeconds: median(seconds),
    peakRssMb: childRss ?? process.resourceUsage().maxRSS / 1024,
    load: [loadStart, loadavg()[0]!],
    ...(Object.keys(counters).length > 0 ? { counters: { ...counters } } : {}),
  };
};
