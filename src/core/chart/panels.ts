import type { SeriesInfo, YScaleKind } from '../../shared/protocol';

/**
 * Which panels a set of runs gets: loss, accuracy and learning rate first (shown by default), then every
 * other metric, offered on demand. The learning rate has its own panel on a log scale: schedules span
 * decades (warm-up from 1e-7, cosine to 1e-6) and a linear axis shows them as a step and a flat line.
 */

export interface PanelSpec {
  metric: string;
  title: string;
  /** Shown without being asked for. */
  byDefault: boolean;
  defaultScale: YScaleKind;
}

const KNOWN: Record<string, { title: string; scale: YScaleKind }> = {
  loss: { title: 'Loss', scale: 'linear' },
  accuracy: { title: 'Accuracy', scale: 'linear' },
  lr: { title: 'Learning rate', scale: 'log' },
};
const ORDER = ['loss', 'accuracy', 'lr'];

export function panelsFor(series: readonly Pick<SeriesInfo, 'metric'>[]): PanelSpec[] {
  const metrics = [...new Set(series.map(s => s.metric))];
  metrics.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return metrics.map(metric => {
    const known = KNOWN[metric];
    return { metric, title: known?.title ?? metric, byDefault: known !== undefined, defaultScale: known?.scale ?? 'linear' };
  });
}

function rank(metric: string): number {
  const i = ORDER.indexOf(metric);
  return i < 0 ? ORDER.length : i;
}

/** The panels to show: the user's choice where it still applies, else the defaults (at least one panel). */
export function visiblePanels(all: readonly PanelSpec[], chosen: readonly string[] | null): PanelSpec[] {
  if (chosen) {
    const picked = chosen.map(m => all.find(p => p.metric === m)).filter((p): p is PanelSpec => p !== undefined);
    if (picked.length > 0) return picked;
  }
  const defaults = all.filter(p => p.byDefault);
  return defaults.length > 0 ? defaults : all.slice(0, 1);
}
