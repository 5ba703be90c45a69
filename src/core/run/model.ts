import { Column } from './column';

/** Which data a series was measured on. `null`: the log does not say (e.g. the learning rate). */
export type Split = 'train' | 'val' | 'test';
/** What a series' x values count: epochs (as written, 0- or 1-based, maybe fractional) or optimizer steps. */
export type XAxis = 'epoch' | 'step';
/** How an accuracy-like value is written: 0..1 or 0..100. Values are never rescaled. */
export type Scale = 'percent' | 'fraction';

export interface ParseWarning {
  /** 1-based source line; 0 when the warning is about the whole file. */
  line: number;
  message: string;
}

/** One metric of one split, as one curve: parallel columns, one entry per point. */
export interface Series {
  /** Normalised metric: `loss`, `accuracy`, `lr`, or the normalised name (`box_loss`, `accuracy_top5`). */
  metric: string;
  split: Split | null;
  /** The name as written in the log (`val_loss`, `train Loss`, `eval/accuracy`). */
  name: string;
  /** 0-based index of the run inside the file (restarts, models trained one after another). */
  segment: number;
  x: XAxis;
  xs: Column;
  ys: Column;
  /** 1-based source line of each point. */
  lines: Column;
  /** The epoch of each point of a step series, where the log gives it. */
  epochAt?: Column;
  /** Wall-clock seconds of each point, where the log gives it. */
  wallTime?: Column;
  scale?: Scale;
}

export interface Run {
  /** The file (or folder, for TensorBoard and MLflow runs) as given. */
  file: string;
  /** Format id, e.g. `pytorch-tutorial`. */
  format: string;
  series: Series[];
  warnings: ParseWarning[];
  /** Number of runs found one after another in the file; at least 1. */
  segments: number;
  /**
   * The epoch a training summary says the run reached when no curve point is there (Hugging Face's final
   * `{'train_runtime': …, 'epoch': 100.0}`): `epochCount` counts up to it.
   */
  coveredEpochs?: number;
  /** The files a run folder was read from (TensorBoard, MLflow), relative to `file`. */
  files?: string[];
}

export function newSeries(init: Pick<Series, 'metric' | 'split' | 'name' | 'segment' | 'x'> & { scale?: Scale }): Series {
  const s: Series = { ...init, xs: new Column(), ys: new Column(), lines: new Column() };
  if (init.scale === undefined) delete s.scale;
  return s;
}

export function seriesLength(s: Series): number {
  return s.ys.length;
}

/** Epochs a run covers: distinct whole epochs written in epoch series, else the floor of the last fractional
 * epoch; the largest over segments. `null` when the run has steps only. */
export function epochCount(run: Run): number | null {
  let best: number | null = null;
  for (let seg = 0; seg < run.segments; seg++) {
    const whole = new Set<number>();
    let maxFrac = -Infinity;
    let maxWhole = -Infinity;
    let seen = false;
    for (const s of run.series) {
      if (s.segment !== seg) continue;
      const epochs = s.x === 'epoch' ? s.xs : s.epochAt;
      if (!epochs) continue;
      for (let i = 0; i < epochs.length; i++) {
        const e = epochs.at(i);
        if (!Number.isFinite(e)) continue;
        seen = true;
        if (Number.isInteger(e)) {
          whole.add(e);
          if (e > maxWhole) maxWhole = e;
        } else if (e > maxFrac) maxFrac = e;
      }
    }
    if (!seen) continue;
    // Fractional epochs (Hugging Face: 0.33, 0.67, 1.0, ...) count how far training got.
    const n = maxFrac > -Infinity ? Math.floor(Math.max(maxFrac, maxWhole)) : whole.size;
    best = best === null ? n : Math.max(best, n);
  }
  if (run.coveredEpochs !== undefined && Number.isFinite(run.coveredEpochs)) {
    const covered = Math.floor(run.coveredEpochs);
    best = best === null ? covered : Math.max(best, covered);
  }
  return best;
}

/** Series that play the validation role: val, else test when the run has no val split. */
export function validationSplit(run: Run): Split | null {
  if (run.series.some(s => s.split === 'val')) return 'val';
  if (run.series.some(s => s.split === 'test')) return 'test';
  return null;
}

export function findSeries(run: Run, metric: string, split: Split | null, segment?: number): Series[] {
  return run.series.filter(s => s.metric === metric && s.split === split && (segment === undefined || s.segment === segment));
}
