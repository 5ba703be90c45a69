import { lintMeasures } from './lint';
import type { Measure } from './measure';
import { diagnoseMeasures } from './diagnose';
import { parseMeasures } from './parse';
import { renderMeasures } from './render';

/** Every benchmark suite; each module exports its measures. Add a line per suite. */
export const suites: Measure[][] = [
  lintMeasures,
  renderMeasures,
  parseMeasures,
  diagnoseMeasures,
];
