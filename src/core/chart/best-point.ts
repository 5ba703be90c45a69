import { validationSplit, type Run, type Series } from '../run/model';

/** The metrics whose best value is marked, and which way is better. */
const GOALS: Record<string, 'min' | 'max'> = { loss: 'min', accuracy: 'max' };

export interface Best {
  /** Index of the best point in the series (the first one, when the best value repeats). */
  index: number;
  goal: 'min' | 'max';
}

/**
 * The best point of a series, when the series is the run's validation loss (lowest) or validation accuracy
 * (highest): validation means `val`, else `test` when the run has no `val` split. Non-finite values never win.
 */
export function bestPoint(run: Run, s: Series): Best | undefined {
  const goal = seriesGoal(run, s);
  return goal ? bestIndex(s.ys.view(), goal) : undefined;
}

/** Which way is better for this series, when its best point is marked. */
export function seriesGoal(run: Run, s: Series): 'min' | 'max' | undefined {
  const goal = GOALS[s.metric];
  return goal && s.split !== null && s.split === validationSplit(run) ? goal : undefined;
}

export function bestIndex(ys: Float64Array, goal: 'min' | 'max', from = 0): Best | undefined {
  let best = -1;
  let value = goal === 'min' ? Infinity : -Infinity;
  for (let i = from; i < ys.length; i++) {
    const v = ys[i]!;
    if (!Number.isFinite(v)) continue;
    if (goal === 'min' ? v < value : v > value) {
      value = v;
      best = i;
    }
  }
  return best < 0 ? undefined : { index: best, goal };
}
