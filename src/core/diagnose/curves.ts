import { Column } from '../run/column';
import type { Run, Scale, Series, Split, XAxis } from '../run/model';

/**
 * One curve as the detectors read it: finite points only, accuracies as fractions (0..1) whatever the log
 * wrote, long step curves averaged into bins. `scale` remembers how the log wrote an accuracy so evidence
 * can be shown in the log's own units.
 */
export interface Curve {
  metric: string;
  split: Split | null;
  /** The name as written in the log. */
  name: string;
  axis: XAxis;
  xs: number[];
  ys: number[];
  /** First and last source line of each point (a bin of steps spans several lines). */
  firstLines: number[];
  lines: number[];
  /** The epoch of each point when the log gives it (step curves of Hugging Face logs); else empty. */
  epochs: number[];
  scale?: Scale;
  /** Points dropped because they were not finite (NaN, ±Infinity). */
  nonFinite: number;
}

/** The curves of one segment (one model or restart) that the symptoms look at. */
export interface SegmentCurves {
  segment: number;
  trainLoss: Curve | null;
  valLoss: Curve | null;
  trainAcc: Curve | null;
  valAcc: Curve | null;
  lr: Curve | null;
  /** Which split plays the validation role: `val`, else `test` when the log has no val split. */
  valSplit: Split | null;
  /** Every loss-like series of the segment, raw (for non-finite values and clamps). */
  lossSeries: Series[];
}

/** Step curves longer than this are averaged into this many bins. */
export const MAX_POINTS = 120;
/** Epoch curves are binned only beyond this many points (the rank tests are quadratic). */
export const MAX_EPOCH_POINTS = 1000;

const LOSS_LIKE = /(^|_)loss$|^loss_|^total_loss$/;

export function isLossMetric(metric: string): boolean {
  return metric === 'loss' || LOSS_LIKE.test(metric);
}

export function segmentCurves(run: Run, segment: number, valSplit: Split | null): SegmentCurves {
  const inSeg = run.series.filter(s => s.segment === segment);
  const pick = (metric: string, split: Split | null) => {
    const all = inSeg.filter(s => s.metric === metric && s.split === split && s.ys.length > 0);
    if (all.length === 0) return null;
    // An epoch curve reads more reliably than per-step noise; Lightning logs both (`_step` and `_epoch`).
    const epochCurves = all.filter(s => s.x === 'epoch' && s.ys.length >= 3);
    const chosen = (epochCurves.length > 0 ? epochCurves : all).reduce((a, b) => (b.ys.length > a.ys.length ? b : a));
    return toCurve(chosen);
  };
  // Logs without one total loss (YOLO: box_loss, cls_loss, dfl_loss) are read through the sum of their parts.
  const total = (split: Split | null) => pick('loss', split) ?? sumOfParts(inSeg.filter(s => s.split === split && isLossMetric(s.metric) && s.metric !== 'loss'));
  return {
    segment,
    trainLoss: total('train'),
    valLoss: valSplit ? total(valSplit) : null,
    trainAcc: pick('accuracy', 'train'),
    valAcc: valSplit ? pick('accuracy', valSplit) : null,
    lr: pick('lr', null),
    valSplit,
    lossSeries: inSeg.filter(s => isLossMetric(s.metric)),
  };
}

/** The point-by-point sum of loss components logged at the same x values (null when they do not line up). */
export function sumOfParts(parts: Series[]): Curve | null {
  if (parts.length < 2) return null;
  const first = parts[0]!;
  const n = first.ys.length;
  if (n === 0 || parts.some(p => p.x !== first.x || p.ys.length !== n)) return null;
  const ys = new Column(n);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (const p of parts) {
      if (p.xs.at(i) !== first.xs.at(i)) return null;
      total += p.ys.at(i);
    }
    ys.push(total);
  }
  const sum: Series = { ...first, metric: 'loss', name: parts.map(p => p.name).join(' + '), ys };
  delete sum.scale;
  return toCurve(sum);
}

/**
 * The series as a curve: finite points only, percent accuracies as fractions. Long step curves are averaged
 * into `maxPoints` bins straight from the columns (a million-step log costs one pass, no per-point objects);
 * epoch curves are binned only when very long.
 */
export function toCurve(s: Series, maxPoints = MAX_POINTS): Curve {
  const limit = s.x === 'step' ? maxPoints : MAX_EPOCH_POINTS;
  const xsCol = s.xs.view();
  const ysCol = s.ys.view();
  const linesCol = s.lines.view();
  const epochCol = s.epochAt?.view();
  const n = ysCol.length;
  let finite = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(ysCol[i]!) && Number.isFinite(xsCol[i]!)) finite++;
  const div = s.scale === 'percent' ? 100 : 1;
  const bins = finite > limit ? limit : finite;
  const curve: Curve = { metric: s.metric, split: s.split, name: s.name, axis: s.x, xs: [], ys: [], firstLines: [], lines: [], epochs: [], nonFinite: n - finite };
  if (s.scale) curve.scale = s.scale;
  // Bin b holds the finite points with rank in [b·finite/bins, (b+1)·finite/bins): their mean y, the x, line and
  // epoch of their last point, the line of their first (one bin per point when the curve is short).
  let rank = 0;
  let bin = 0;
  let end = Math.floor(finite / bins);
  let sum = 0;
  let count = 0;
  let firstLine = 0;
  for (let i = 0; i < n && bins > 0; i++) {
    const x = xsCol[i]!;
    const y = ysCol[i]!;
    if (!Number.isFinite(y) || !Number.isFinite(x)) continue;
    if (count === 0) firstLine = linesCol[i]!;
    sum += y;
    count++;
    rank++;
    if (rank >= end) {
      curve.xs.push(x);
      curve.ys.push(sum / count / div);
      curve.firstLines.push(firstLine);
      curve.lines.push(linesCol[i]!);
      if (epochCol) curve.epochs.push(epochCol[i]!);
      sum = 0;
      count = 0;
      bin++;
      end = Math.floor(((bin + 1) * finite) / bins);
    }
  }
  return curve;
}

/**
 * A few points of a series exactly as logged (non-finite values included, no rescaling): what NaN and clamp
 * findings point at, without copying a long series.
 */
export function pointsCurve(s: Series, indices: number[]): Curve {
  const lines = indices.map(i => s.lines.at(i));
  const curve: Curve = {
    metric: s.metric, split: s.split, name: s.name, axis: s.x, xs: indices.map(i => s.xs.at(i)), ys: indices.map(i => s.ys.at(i)),
    firstLines: [...lines], lines, epochs: s.epochAt ? indices.map(i => s.epochAt!.at(i)) : [], nonFinite: 0,
  };
  if (s.scale) curve.scale = s.scale;
  return curve;
}

/** Number of points a curve has (0 for none). */
export function pointCount(c: Curve | null): number {
  return c ? c.xs.length : 0;
}

/**
 * Pairs a train curve with the validation curve's points: for each validation point, the training value is
 * the mean of the training points logged since the previous validation point (an epoch-level log has one),
 * so per-step training losses are compared with the validation loss they led to.
 */
export interface AlignedPair {
  xs: number[];
  train: number[];
  val: number[];
  /** Index into the validation curve of each pair. */
  valIndex: number[];
}

export function align(train: Curve, val: Curve): AlignedPair {
  const out: AlignedPair = { xs: [], train: [], val: [], valIndex: [] };
  if (train.axis !== val.axis) {
    // Different axes (step training loss, epoch validation): compare through the epochs the train curve knows.
    if (train.epochs.length === train.xs.length && val.axis === 'epoch') {
      return alignBy({ ...train, xs: train.epochs }, val);
    }
    return out;
  }
  return alignBy(train, val);
}

function alignBy(train: { xs: number[]; ys: number[] }, val: Curve): AlignedPair {
  const out: AlignedPair = { xs: [], train: [], val: [], valIndex: [] };
  let j = 0;
  let prevX = -Infinity;
  for (let i = 0; i < val.xs.length; i++) {
    const x = val.xs[i]!;
    let sum = 0;
    let count = 0;
    while (j < train.xs.length && train.xs[j]! <= x) {
      if (train.xs[j]! > prevX) {
        sum += train.ys[j]!;
        count++;
      }
      j++;
    }
    prevX = x;
    if (count === 0) {
      // No training point in this interval: use the last one before it, if it is recent.
      const k = j - 1;
      if (k < 0) continue;
      sum = train.ys[k]!;
      count = 1;
    }
    out.xs.push(x);
    out.train.push(sum / count);
    out.val.push(val.ys[i]!);
    out.valIndex.push(i);
  }
  return out;
}
