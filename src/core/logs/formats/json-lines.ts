import type { LogFormat } from '../log-format';
import type { XAxis } from '../../run/model';
import { JsonRowParser, type RowPlan } from '../scan/json-rows';
import { objectLines } from '../scan/sniff';
import { ValueKind, type FlatObjectScanner } from '../scan/flat-object';

/**
 * Any other file of one JSON object per line (`.jsonl`, `.ndjson`, a script's own `json.dumps(stats)` log).
 * x is the first of `step`, `global_step`, `iteration`, `iter`, `it`, `batch` (a step series, with `epoch` as
 * its epoch when present), else `epoch`, else the row number. A `wall_time`/`timestamp` field of Unix seconds
 * becomes wall time. Nested objects are flattened (`{"train": {"loss": 0.5}}` → `train/loss`); arrays are
 * skipped.
 */
export const jsonLines: LogFormat = {
  id: 'json-lines',
  title: 'JSON lines',
  sniff({ head, fileName }) {
    const rows = objectLines(head, 3);
    if (rows.length === 0) return 0;
    const numeric = rows.some(l => /["'][^"']+["']\s*:\s*-?(\d|NaN|Infinity)/.test(l));
    if (!numeric) return 0;
    return /\.(jsonl|ndjson)$/i.test(fileName) ? 0.6 : 0.45;
  },
  createLineParser: out => new GenericJsonParser(out),
};

const STEP_KEYS = ['step', 'global_step', 'iteration', 'iter', 'it', 'batch', 'update', 'num_updates'];
const TIME_KEYS = ['wall_time', 'walltime', 'timestamp', 'time_stamp'];

class GenericJsonParser extends JsonRowParser {
  private row = 0;
  private readonly skips = new Map<string, Set<string>>();

  // where the x, epoch and time fields are in the current layout, found once per layout
  private layout = -1;
  private stepKey: string | undefined;
  private readonly stepIndex: number[] = [];
  private epochIndex = -1;
  private readonly timeIndex: number[] = [];
  private anyTimeKey = false;

  private learnLayout(s: FlatObjectScanner): void {
    this.stepKey = STEP_KEYS.find(k => s.indexOf(k) >= 0);
    for (let k = 0; k < STEP_KEYS.length; k++) this.stepIndex[k] = s.indexOf(STEP_KEYS[k]!);
    this.epochIndex = s.indexOf('epoch');
    for (let k = 0; k < TIME_KEYS.length; k++) this.timeIndex[k] = s.indexOf(TIME_KEYS[k]!);
    this.anyTimeKey = this.timeIndex.some(i => i >= 0);
    this.layout = s.layout;
  }

  protected plan(): RowPlan | null {
    const s = this.scanner;
    this.row++;
    if (this.layout !== s.layout) this.learnLayout(s);
    // the first step field holding a number in this row
    let xKey: string | undefined;
    let x = NaN;
    if (this.stepKey !== undefined) {
      for (let k = 0; k < STEP_KEYS.length; k++) {
        const v = numberAt(s, this.stepIndex[k]!);
        if (v !== undefined) {
          xKey = STEP_KEYS[k];
          x = v;
          break;
        }
      }
    }
    let axis: XAxis = 'step';
    const epoch = numberAt(s, this.epochIndex);
    if (xKey === undefined) {
      if (epoch !== undefined) {
        x = epoch;
        axis = 'epoch';
      } else x = this.row;
    }
    let wallTime: number | undefined;
    let timeKey: string | undefined;
    if (this.anyTimeKey) {
      for (let k = 0; k < TIME_KEYS.length; k++) {
        const t = numberAt(s, this.timeIndex[k]!);
        if (t !== undefined && t > 1e9) {
          wallTime = t > 1e12 ? t / 1000 : t;
          timeKey = TIME_KEYS[k];
          break;
        }
      }
    }
    const skip = this.skipSet(xKey, timeKey, epoch !== undefined);
    const plan: RowPlan = { x, axis, context: null, skip };
    if (axis === 'step' && epoch !== undefined) plan.epoch = epoch;
    if (wallTime !== undefined) plan.wallTime = wallTime;
    return plan;
  }

  private lastSkip: { x: string | undefined; t: string | undefined; e: boolean; set: Set<string> } | null = null;

  private skipSet(xKey: string | undefined, timeKey: string | undefined, epoch: boolean): Set<string> {
    const l = this.lastSkip;
    if (l && l.x === xKey && l.t === timeKey && l.e === epoch) return l.set;
    const key = `${xKey}|${timeKey}|${epoch}`;
    let s = this.skips.get(key);
    if (!s) {
      s = new Set([xKey, timeKey, epoch ? 'epoch' : undefined].filter((k): k is string => k !== undefined));
      this.skips.set(key, s);
    }
    this.lastSkip = { x: xKey, t: timeKey, e: epoch, set: s };
    return s;
  }
}

/** The numeric value of field `k` of the scanned line (numbers and quoted numbers), or undefined. */
function numberAt(s: FlatObjectScanner, k: number): number | undefined {
  if (k < 0) return undefined;
  const kind = s.kinds[k];
  return kind === ValueKind.Number || kind === ValueKind.QuotedNumber ? s.values[k] : undefined;
}
