import { PROTOCOL_VERSION, type HostToView, type ViewState } from '../../shared/protocol';
import { defaultAxis } from './axes';
import { dataSlice, DEFAULT_BUDGET, runInfo, type ChartRun, type SliceQuery } from './series-slice';

/**
 * The host's side of the conversation as pure functions: the extension's panel, the browser tests and the
 * render benchmark all build their messages here, so what the tests feed the webview is what VS Code sends.
 */

/** The query a view state asks for: its axis when the runs have it (else the runs' default) and its zoom. */
export function queryFor(runs: readonly ChartRun[], state: ViewState | null, budget = DEFAULT_BUDGET): SliceQuery {
  const loaded = runs.flatMap(r => (r.run ? [r.run] : []));
  const fallback = defaultAxis(loaded);
  const wanted = state?.axis ?? null;
  const has = wanted !== null && loaded.some(run => run.series.some(s => axisOf(s, wanted)));
  const axis = has && wanted ? wanted : fallback;
  return { axis, range: axis === wanted ? state?.zoom ?? null : null, budget };
}

function axisOf(s: { x: string; epochAt?: unknown; wallTime?: unknown }, axis: string): boolean {
  return axis === 'epoch' ? s.x === 'epoch' || s.epochAt !== undefined : axis === 'step' ? s.x === 'step' : s.wallTime !== undefined;
}

export function initMessage(runs: readonly ChartRun[], state: ViewState | null, budget = DEFAULT_BUDGET): HostToView {
  return { type: 'init', version: PROTOCOL_VERSION, runs: runs.map(runInfo), data: dataSlice(runs, queryFor(runs, state, budget)), state };
}

export function runsMessage(runs: readonly ChartRun[], q: SliceQuery): HostToView {
  return { type: 'runs', runs: runs.map(runInfo), data: dataSlice(runs, q) };
}
