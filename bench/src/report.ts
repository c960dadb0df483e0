/**
 * Turns measurements into the report: per figure, each contender's median (min–max) rate, peak RSS,
 * the load, and the ratio of disputekit to it, with the targets of issues 6 and 17 marked met or missed.
 */
import type { Figure, Measurement } from './harness';

/** One figure's results as saved in results/latest.json. */
export interface FigureResult {
  readonly id: string;
  readonly part: string;
  readonly title: string;
  readonly unit: string;
  readonly note?: string;
  readonly measuredAt: string;
  readonly runs: number;
  readonly warmup: number;
  readonly disputekit: string;
  readonly measurements: ReadonlyArray<Measurement>;
  readonly targets: ReadonlyArray<TargetResult>;
}

/** A target (issue 6 or 17) and whether this run met it. */
export interface TargetResult {
  readonly text: string;
  readonly value?: number;
  readonly met?: boolean;
}

/** Everything saved. */
export interface BenchResults {
  readonly environment: Readonly<Record<string, string>>;
  readonly figures: ReadonlyArray<FigureResult>;
}

const fmtRate = (rate: number | undefined): string => {
  if (rate === undefined || !Number.isFinite(rate)) return '—';
  if (rate >= 100) return Math.round(rate).toLocaleString('en');
  return rate.toPrecision(3);
};

const fmtRatio = (ratio: number | undefined): string => (ratio === undefined || !Number.isFinite(ratio) ? '—' : `${ratio.toFixed(2)}×`);

/** Ratio disputekit / contender of median rates (or undefined when either is missing). */
export const ratioOf = (measurements: ReadonlyArray<Measurement>, disputekit: string, other: string): number | undefined => {
  const dk = measurements.find((m) => m.contender === disputekit && m.status === 'ok');
  const them = measurements.find((m) => m.contender === other && m.status === 'ok');
  return dk?.median !== undefined && them?.median !== undefined ? dk.median / them.median : undefined;
};

/** Evaluates a figure's targets against its measurements. */
export const evaluateTargets = (figure: Figure, measurements: ReadonlyArray<Measurement>): TargetResult[] => {
  const out: TargetResult[] = [];
  for (const target of figure.ratioTargets ?? []) {
    const value = ratioOf(measurements, figure.disputekit, target.versus);
    out.push({
      text: `${figure.disputekit} ≥ ${target.atLeast}× ${target.versus}`,
      ...(value === undefined ? {} : { value, met: value >= target.atLeast }),
    });
  }
  const dk = measurements.find((m) => m.contender === figure.disputekit && m.status === 'ok');
  for (const target of figure.absoluteTargets ?? []) {
    if (target.metric === 'rate') {
      out.push({ text: `${figure.disputekit} ≥ ${target.atLeast.toLocaleString('en')} ${figure.unit}`, ...(dk?.median === undefined ? {} : { value: dk.median, met: dk.median >= target.atLeast }) });
    } else if (target.metric === 'seconds') {
      out.push({ text: `${figure.disputekit} ≤ ${target.atMost} s`, ...(dk?.medianSeconds === undefined ? {} : { value: dk.medianSeconds, met: dk.medianSeconds <= target.atMost }) });
    } else {
      out.push({ text: `${figure.disputekit} ≤ ${target.atMost} MB peak RSS`, ...(dk?.peakRssMb === undefined ? {} : { value: dk.peakRssMb, met: dk.peakRssMb <= target.atMost }) });
    }
  }
  return out;
};

const statusCell = (m: Measurement): string =>
  m.status === 'ok' ? '' : m.status === 'unavailable' ? `not available yet: ${(m.reason ?? '').replace(/^not available yet: /, '')}` : `FAILED: ${(m.reason ?? '').split('\n')[0]}`;

/** The Markdown table of one figure. */
export const figureMarkdown = (f: FigureResult): string => {
  const lines = [
    `### ${f.title}`,
    '',
    `\`${f.id}\` · ${f.warmup} warm-up + ${f.runs} timed runs · measured ${f.measuredAt}`,
    '',
    `| contender | median ${f.unit} | min | max | median s/run | peak RSS MB | load 1m (start→end) | disputekit ÷ this |`,
    '|---|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const m of f.measurements) {
    if (m.status !== 'ok') {
      lines.push(`| ${m.contender} | ${statusCell(m)} | | | | | | |`);
      continue;
    }
    const ratio = m.contender === f.disputekit ? '1.00×' : fmtRatio(ratioOf(f.measurements, f.disputekit, m.contender));
    lines.push(
      `| ${m.contender} | ${fmtRate(m.median)} | ${fmtRate(m.min)} | ${fmtRate(m.max)} | ${m.medianSeconds?.toFixed(3) ?? '—'} | ${m.peakRssMb?.toFixed(0) ?? '—'} | ${m.load ? `${m.load[0].toFixed(2)}→${m.load[1].toFixed(2)}` : '—'} | ${ratio} |`,
    );
  }
  const counted = f.measurements.filter((m) => m.counters !== undefined && Object.keys(m.counters).length > 0);
  if (counted.length > 0) {
    lines.push('', ...counted.map((m) => `Counters of ${m.contender}: ${Object.entries(m.counters!).map(([k, v]) => `${k} = ${v.toLocaleString('en')}`).join(', ')}`));
  }
  if (f.targets.length > 0) {
    lines.push('', 'Targets (issues 6 and 17; each figure names its own):');
    for (const t of f.targets) {
      const mark = t.met === undefined ? 'not measured' : t.met ? '**met**' : '**MISSED**';
      lines.push(`- ${t.text}: ${t.value === undefined ? '—' : t.value >= 100 ? fmtRate(t.value) : t.value.toFixed(2)} → ${mark}`);
    }
  }
  if (f.note) lines.push('', `_${f.note}_`);
  return lines.join('\n');
};

/** The whole Markdown report. */
export const resultsMarkdown = (results: BenchResults): string => {
  const env = Object.entries(results.environment).map(([k, v]) => `- ${k}: ${v}`);
  const summary = ['| figure | disputekit median | target | value | |', '|---|---:|---|---:|---|'];
  for (const f of results.figures) {
    const dk = f.measurements.find((m) => m.contender === f.disputekit);
    const dkCell = dk?.status === 'ok' ? `${fmtRate(dk.median)} ${f.unit}` : dk ? statusCell(dk) : '—';
    if (f.targets.length === 0) summary.push(`| ${f.title} | ${dkCell} | (no target) | | |`);
    for (const t of f.targets) {
      summary.push(
        `| ${f.title} | ${dkCell} | ${t.text} | ${t.value === undefined ? '—' : t.value >= 100 ? fmtRate(t.value) : t.value.toFixed(2)} | ${t.met === undefined ? 'not measured' : t.met ? 'met' : '**MISSED**'} |`,
      );
    }
  }
  return [
    '# disputekit bench — latest results',
    '',
    'Generated by `pnpm bench` (see [README.md](../README.md) for the workload, the contenders and the analysis of each missed target).',
    'Rates are medians of the timed runs, with min and max; ratios divide disputekit\'s median by the contender\'s. The machine has 2 cores and',
    'other work may have been running: the 1-minute load average at the start and end of each measurement is shown beside it.',
    '',
    ...env,
    '',
    '## Summary',
    '',
    ...summary,
    '',
    '## Figures',
    '',
    ...results.figures.map(figureMarkdown).flatMap((s) => [s, '']),
  ].join('\n');
};
