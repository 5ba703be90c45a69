import { epochCount, validationSplit, type Run, type Series, type Split } from './model';

/** The last and best value of one curve, as the runs view and the status bar show them. */
export interface SeriesSummary {
  metric: string;
  split: Split | null;
  name: string;
  segment: number;
  points: number;
  last: number;
  lastX: number;
  /** Best finite value: lowest for losses, highest for accuracies; undefined for other metrics. */
  best?: number;
  bestX?: number;
  /** The series has NaN or infinite values. */
  nonFinite: number;
}

export interface RunSummary {
  format: string;
  epochs: number | null;
  segments: number;
  /** The validation role's split (val, else test). */
  valSplit: Split | null;
  series: SeriesSummary[];
}

/** Lower is better for losses, higher for accuracy-like metrics; null when the metric says nothing. */
export function betterDirection(metric: string): 'lower' | 'higher' | null {
  if (metric === 'loss' || metric.endsWith('_loss') || metric.startsWith('loss_') || metric === 'ppl' || metric === 'perplexity' || metric === 'wer' || metric === 'cer') return 'lower';
  if (metric === 'accuracy' || metric.startsWith('accuracy_') || /(^|[/_])(acc|f1|precision|recall|map|map50|auc|bleu)([/_(]|$)/.test(metric)) return 'higher';
  return null;
}

export function summariseSeries(s: Series): SeriesSummary {
  const n = s.ys.length;
  const dir = betterDirection(s.metric);
  let best: number | undefined;
  let bestX: number | undefined;
  let nonFinite = 0;
  for (let i = 0; i < n; i++) {
    const y = s.ys.at(i);
    if (!Number.isFinite(y)) {
      nonFinite++;
      continue;
    }
    if (dir && (best === undefined || (dir === 'lower' ? y < best : y > best))) {
      best = y;
      bestX = s.xs.at(i);
    }
  }
  const out: SeriesSummary = { metric: s.metric, split: s.split, name: s.name, segment: s.segment, points: n, last: s.ys.at(n - 1), lastX: s.xs.at(n - 1), nonFinite };
  if (best !== undefined) {
    out.best = best;
    out.bestX = bestX;
  }
  return out;
}

/** Summaries of the last segment's series (the run the file ends with), losses and accuracies first. */
export function summariseRun(run: Run): RunSummary {
  const last = run.segments - 1;
  const order = (s: Series): number => (s.metric === 'loss' ? 0 : s.metric === 'accuracy' ? 1 : s.metric === 'lr' ? 3 : 2) * 10 + (s.split === 'train' ? 0 : s.split === 'val' ? 1 : s.split === 'test' ? 2 : 3);
  const series = run.series.filter(s => s.segment === last).sort((a, b) => order(a) - order(b)).map(summariseSeries);
  return { format: run.format, epochs: epochCount(run), segments: run.segments, valSplit: validationSplit(run), series };
}

/** A value written compactly for a status bar or a tree item: 4 significant digits, NaN spelled out. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}
