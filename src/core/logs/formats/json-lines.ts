import type { LogFormat } from '../log-format';
import type { XAxis } from '../../run/model';
import { JsonRowParser, type RowPlan } from '../scan/json-rows';
import { objectLines } from '../scan/sniff';
import type { FlatObjectScanner } from '../scan/flat-object';

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

  private layout = -1;
  private stepKey: string | undefined;

  protected plan(): RowPlan | null {
    const s = this.scanner;
    this.row++;
    if (this.layout !== s.layout) {
      this.stepKey = STEP_KEYS.find(k => s.indexOf(k) >= 0);
      this.layout = s.layout;
    }
    let xKey = this.stepKey !== undefined && s.number(this.stepKey) !== undefined ? this.stepKey : undefined;
    let axis: XAxis = 'step';
    if (xKey === undefined && this.stepKey !== undefined) xKey = STEP_KEYS.find(k => s.number(k) !== undefined);
    const epoch = s.number('epoch');
    let x: number;
    if (xKey !== undefined) x = s.number(xKey)!;
    else if (epoch !== undefined) {
      x = epoch;
      axis = 'epoch';
    } else x = this.row;
    let wallTime: number | undefined;
    let timeKey: string | undefined;
    if (this.hasTimeKey(s)) {
      for (const k of TIME_KEYS) {
        const t = s.number(k);
        if (t !== undefined && t > 1e9) {
          wallTime = t > 1e12 ? t / 1000 : t;
          timeKey = k;
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

  private timeLayout = -1;
  private timeKeyPresent = false;

  private hasTimeKey(s: FlatObjectScanner): boolean {
    if (this.timeLayout !== s.layout) {
      this.timeKeyPresent = TIME_KEYS.some(k => s.indexOf(k) >= 0);
      this.timeLayout = s.layout;
    }
    return this.timeKeyPresent;
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
