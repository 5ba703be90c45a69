import type { Measure } from './measure';
import { parseMeasures } from './parse';

/** Every benchmark suite; each module exports its measures. Add a line per suite. */
export const suites: Measure[][] = [parseMeasures];
