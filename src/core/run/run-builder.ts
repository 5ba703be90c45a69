import { Column } from './column';
import { normaliseMetric } from './metric-names';
import { newSeries, type ParseWarning, type Run, type Scale, type Series, type Split, type XAxis } from './model';

/** At most this many warnings are kept per file; the last one says how many more there were. */
const MAX_WARNINGS = 200;
/**
 * At most this many runs in one file: past it, a file whose x keeps going back (not restarts but a layout the
 * format misreads) would make a segment per line; later "restarts" stay in the last segment, with a warning.
 */
export const MAX_SEGMENTS = 1000;

export interface SeriesOptions {
  x: XAxis;
  /** The split the layout implies when the name itself has none (`val Loss:` line, a `valid` block). */
  context?: Split | null;
  /** Overrides the normalised metric / split (a format that knows better than the name). */
  metric?: string;
  split?: Split | null;
  scale?: Scale;
  /** Also record the epoch of each point (step series of logs that print the epoch too). */
  withEpoch?: boolean;
  withWallTime?: boolean;
  /**
   * A stand-in: the series is left out of the result when the same segment has a series of the same metric,
   * split and x axis that is not a stand-in (a progress bar's running `loss=` beside the epoch summary's
   * `Train Loss:`), so a chart does not draw the same curve twice.
   */
  fallback?: boolean;
}

/**
 * What format parsers write into: series are created on first use and kept by (segment, name, x) so a parser
 * can hold on to a series and push into it on every line without a lookup.
 */
export class RunBuilder {
  readonly run: Run;
  private readonly index = new Map<string, Series>();
  private dropped = 0;
  private segment = 0;
  /** The current segment has a point. */
  private segmentUsed = false;
  private capped = false;
  private readonly fallbacks = new Set<Series>();
  /** Largest finite value seen per accuracy-like series, and up to which index: result() scans new points only. */
  private readonly maxSeen = new Map<Series, { n: number; max: number }>();

  constructor(file: string, format: string) {
    this.run = { file, format, series: [], warnings: [], segments: 1 };
  }

  get currentSegment(): number {
    return this.segment;
  }

  /** Starts the next run of the file (a restart, the next model): later series get the next segment index. */
  newSegment(): void {
    // A segment that recorded nothing is not a run; reuse it.
    if (!this.segmentUsed) return;
    if (this.segment + 1 >= MAX_SEGMENTS) {
      if (!this.capped) this.warn(0, `more than ${MAX_SEGMENTS} runs one after another: the later ones are kept in the last segment`);
      this.capped = true;
      return;
    }
    this.segment++;
    this.segmentUsed = false;
    this.run.segments = this.segment + 1;
  }

  series(name: string, opts: SeriesOptions): Series {
    const key = `${this.segment}\u0000${opts.x}\u0000${opts.context ?? ''}\u0000${name}`;
    let s = this.index.get(key);
    if (!s) {
      const norm = normaliseMetric(name, opts.context ?? null);
      s = newSeries({
        metric: opts.metric ?? norm.metric,
        split: opts.split !== undefined ? opts.split : norm.split,
        name,
        segment: this.segment,
        x: opts.x,
        ...(opts.scale ? { scale: opts.scale } : {}),
      });
      if (opts.withEpoch) s.epochAt = new Column();
      if (opts.withWallTime) s.wallTime = new Column();
      if (opts.fallback) this.fallbacks.add(s);
      this.index.set(key, s);
      this.run.series.push(s);
    }
    return s;
  }

  /** Appends one point. `epoch` / `wallTime` are stored only for series created with them. */
  add(s: Series, x: number, y: number, line: number, epoch = NaN, wallTime = NaN): void {
    this.segmentUsed = true;
    s.xs.push(x);
    s.ys.push(y);
    s.lines.push(line);
    if (s.epochAt) s.epochAt.push(epoch);
    if (s.wallTime) s.wallTime.push(wallTime);
  }

  /** Replaces the last point when it has the same x (a redrawn progress bar, a repeated epoch line). */
  addOrReplace(s: Series, x: number, y: number, line: number, epoch = NaN, wallTime = NaN): void {
    const n = s.xs.length;
    if (n > 0 && s.xs.at(n - 1) === x) {
      s.ys.set(n - 1, y);
      s.lines.set(n - 1, line);
      if (s.epochAt) s.epochAt.set(n - 1, epoch);
      if (s.wallTime) s.wallTime.set(n - 1, wallTime);
      return;
    }
    this.add(s, x, y, line, epoch, wallTime);
  }

  /** A summary says training reached `epoch` (see Run.coveredEpochs). */
  coverEpoch(epoch: number): void {
    if (Number.isFinite(epoch) && !(epoch <= (this.run.coveredEpochs ?? -Infinity))) this.run.coveredEpochs = epoch;
  }

  private maxOf(s: Series): number {
    const seen = this.maxSeen.get(s) ?? { n: 0, max: -Infinity };
    // the last point may have been replaced since (addOrReplace): look at it again
    seen.max = maxFinite(s.ys.view(), Math.max(0, seen.n - 1), seen.max);
    seen.n = s.ys.length;
    this.maxSeen.set(s, seen);
    return seen.max;
  }

  warn(line: number, message: string): void {
    const w = this.run.warnings;
    if (w.length < MAX_WARNINGS) {
      w.push({ line, message });
      return;
    }
    this.dropped++;
    const note: ParseWarning = { line: 0, message: `${this.dropped} more warnings not shown` };
    if (w.length === MAX_WARNINGS) w.push(note);
    else w[MAX_WARNINGS] = note;
  }

  /**
   * The run so far, without series that have no point yet (created eagerly from a header, say). Cheap: the
   * series objects are shared, so call it again after more input rather than keeping the result.
   */
  result(): Run {
    let series = this.run.series.filter(s => s.ys.length > 0);
    if (this.fallbacks.size > 0) {
      const real = new Set(series.filter(s => !this.fallbacks.has(s)).map(s => `${s.segment}\u0000${s.metric}\u0000${s.split}\u0000${s.x}`));
      series = series.filter(s => !this.fallbacks.has(s) || !real.has(`${s.segment}\u0000${s.metric}\u0000${s.split}\u0000${s.x}`));
    }
    let segments = 1;
    for (const s of series) {
      if (s.segment + 1 > segments) segments = s.segment + 1;
      if (isAccuracyLike(s.metric)) s.scale = s.scale === 'percent' || this.maxOf(s) > 1 ? 'percent' : 'fraction';
    }
    return { ...this.run, series, segments };
  }
}

/** Accuracy-like metrics get a scale (percent or fraction), never a rescaling. */
export function isAccuracyLike(metric: string): boolean {
  return metric === 'accuracy' || metric.startsWith('accuracy_');
}

function maxFinite(ys: Float64Array, from: number, m: number): number {
  for (let i = from; i < ys.length; i++) if (ys[i]! > m && ys[i]! !== Infinity) m = ys[i]!;
  return m;
}
