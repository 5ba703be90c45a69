import type { LineParser } from '../log-format';
import type { Series, Split, XAxis } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { FlatObjectScanner, ValueKind } from './flat-object';
import { parseRelaxedJson, RelaxedJsonError, type JsonValue } from './relaxed-json';

/** How one row (one JSON object / dict line) is to be recorded. */
export interface RowPlan {
  /** The row's x value, as written (iteration, step or epoch). */
  x: number;
  axis: XAxis;
  /** The epoch of a step row, where the row gives it. */
  epoch?: number;
  /** Wall-clock seconds, where the row gives them. */
  wallTime?: number;
  /** The split of names that carry none (`"mode": "val"` rows, MMEngine's validation rows). */
  context: Split | null;
  /** Fields that are not metrics: the x and epoch fields, ids, strings. */
  skip: ReadonlySet<string>;
}

/**
 * The shared body of every "one object per line" format (detectron2, MMEngine, mmdet, DeiT, Hugging Face
 * console dicts, generic JSON lines). A format says how a row maps to x / split (`plan`); this class reads the
 * row with the allocation-free FlatObjectScanner (nested rows go through the relaxed parser and are flattened
 * to `parent/child` names), records every other numeric field as a point, and starts a new segment when a row
 * goes back in x or repeats an x with the same metrics (a restarted run appended to the same file).
 * Lines that are not objects are skipped with a warning naming the line, unless `quietNonObjects`.
 */
export abstract class JsonRowParser implements LineParser {
  protected readonly scanner = new FlatObjectScanner();
  private readonly slotSeries: (Series | undefined)[] = [];
  /** Per position: the field is skipped under the current layout and plan skip set (1), or not (0). */
  private skipMask = new Uint8Array(32);
  private maskLayout = -1;
  private maskSkip: ReadonlySet<string> | null = null;
  private readonly slotContext: (Split | null)[] = [];
  private readonly slotAxis: XAxis[] = [];
  private slotSegment = -1;
  private readonly lastX: Record<XAxis, number> = { epoch: -Infinity, step: -Infinity };
  private lastNames: Record<XAxis, string[]> = { epoch: [], step: [] };
  /** Lines that are not JSON objects (a banner, a traceback) are skipped without a warning. */
  protected quietNonObjects = false;
  /**
   * A row at the same x as the row before, with the same metrics: a restarted run (detectron2 appending after a
   * resume), or simply the next row of a log whose x is rounded (the Hugging Face console rounds the epoch to two
   * decimals, so several logging steps share one): `append` keeps both points.
   */
  protected repeatedX: 'restart' | 'append' = 'restart';

  constructor(protected readonly out: RunBuilder) {}

  /** How to record the row just scanned (`this.scanner`), or null to skip it (with a reason, warned). */
  protected abstract plan(lineNo: number): RowPlan | null;

  /** Extra options for a new series; e.g. an explicit metric for a name the generic normaliser gets wrong. */
  protected seriesOptions(_name: string, _plan: RowPlan): { metric?: string; split?: Split | null } {
    return {};
  }

  line(text: string, lineNo: number): void {
    const flat = this.scanner.scan(text);
    if ((!flat || this.scanner.hasObject) && !this.readNested(text, lineNo)) return;
    const plan = this.plan(lineNo);
    if (plan) this.record(plan, lineNo);
  }

  // Fields of a nested row, flattened into the scanner's shape so `plan` reads every row the same way.
  private readNested(text: string, lineNo: number): boolean {
    const trimmed = text.trim();
    if (trimmed.length === 0) return false;
    if (trimmed.charCodeAt(0) !== 123) {
      if (!this.quietNonObjects) this.out.warn(lineNo, `not a JSON object: skipped (${preview(trimmed)})`);
      return false;
    }
    let v: JsonValue;
    try {
      v = parseRelaxedJson(trimmed);
    } catch (e) {
      const why = e instanceof RelaxedJsonError ? e.message : String(e);
      this.out.warn(lineNo, `unreadable JSON object, skipped: ${why}`);
      return false;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
    const names: string[] = [];
    const values: number[] = [];
    const strings: Record<string, string> = {};
    flatten(v, '', names, values, strings);
    // refill the scanner's arrays so plan() and record() read nested rows like flat ones
    const s = this.scanner;
    while (s.values.length < names.length) {
      s.values = new Float64Array(s.values.length * 2);
      s.kinds = new Uint8Array(s.kinds.length * 2);
    }
    for (let k = 0; k < names.length; k++) {
      s.names[k] = names[k]!;
      s.renamed[k] = true;
      s.values[k] = values[k]!;
      const str = strings[names[k]!];
      s.kinds[k] = str !== undefined ? ValueKind.String : ValueKind.Number;
      if (str !== undefined) s.strings[k] = str;
    }
    s.count = names.length;
    s.touch();
    return true;
  }

  private record(plan: RowPlan, lineNo: number): void {
    const s = this.scanner;
    if (this.maskLayout !== s.layout || this.maskSkip !== plan.skip || this.maskContext !== plan.context) this.deriveLayout(plan);
    const metricNames = this.layoutNames;
    // a row that goes back in x, or repeats the x of the previous row with the same metrics, starts a new run
    const last = this.lastX[plan.axis];
    const repeated = plan.x === last && intersects(metricNames, this.lastNames[plan.axis]);
    if (plan.x < last || (repeated && this.repeatedX === 'restart')) {
      this.out.newSegment();
      this.lastX.epoch = -Infinity;
      this.lastX.step = -Infinity;
      this.lastNames = { epoch: [], step: [] };
    }
    const append = repeated && this.repeatedX === 'append';
    this.lastNames[plan.axis] = plan.x === this.lastX[plan.axis] && !append ? [...this.lastNames[plan.axis], ...metricNames] : metricNames;
    this.lastX[plan.axis] = plan.x;
    if (this.slotSegment !== this.out.currentSegment) {
      this.slotSeries.length = 0;
      this.slotSegment = this.out.currentSegment;
    }
    const withEpoch = plan.epoch !== undefined;
    const withTime = plan.wallTime !== undefined;
    for (let k = 0; k < s.count; k++) {
      if (this.skipMask[k] === 1) continue;
      const kind = s.kinds[k];
      if (kind !== ValueKind.Number && kind !== ValueKind.QuotedNumber) continue;
      let series = this.slotSeries[k];
      if (series === undefined || s.renamed[k] || this.slotContext[k] !== plan.context || this.slotAxis[k] !== plan.axis || (withEpoch && !series.epochAt) || (withTime && !series.wallTime)) {
        series = this.out.series(s.names[k]!, { x: plan.axis, context: plan.context, withEpoch, withWallTime: withTime, ...this.seriesOptions(s.names[k]!, plan) });
        this.slotSeries[k] = series;
        this.slotContext[k] = plan.context;
        this.slotAxis[k] = plan.axis;
      }
      if (append) this.out.add(series, plan.x, s.values[k]!, lineNo, plan.epoch, plan.wallTime);
      else this.out.addOrReplace(series, plan.x, s.values[k]!, lineNo, plan.epoch, plan.wallTime);
    }
  }

  /** The metric names of the current layout, qualified by the row's split: what a repeated x is compared on. */
  private layoutNames: string[] = [];
  private maskContext: Split | null | undefined = undefined;

  // once per layout (the keys of a line and the plan's skip set): which positions are skipped, which are metrics
  private deriveLayout(plan: RowPlan): void {
    const s = this.scanner;
    if (this.skipMask.length < s.count) this.skipMask = new Uint8Array(s.count * 2);
    const names: string[] = [];
    for (let k = 0; k < s.count; k++) {
      const skip = plan.skip.has(s.names[k]!);
      this.skipMask[k] = skip ? 1 : 0;
      if (!skip && (s.kinds[k] === ValueKind.Number || s.kinds[k] === ValueKind.QuotedNumber)) names.push(`${plan.context}\u0000${s.names[k]!}`);
    }
    this.layoutNames = names;
    this.maskLayout = s.layout;
    this.maskSkip = plan.skip;
    this.maskContext = plan.context;
  }
}

function intersects(a: string[], b: string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

function flatten(v: Record<string, JsonValue>, prefix: string, names: string[], values: number[], strings: Record<string, string>): void {
  for (const [k, x] of Object.entries(v)) {
    const name = prefix + k;
    if (typeof x === 'number') {
      names.push(name);
      values.push(x);
    } else if (typeof x === 'string') {
      const n = x.trim() === '' ? NaN : Number(x);
      names.push(name);
      values.push(n);
      if (Number.isNaN(n) && !/^nan$/i.test(x.trim())) strings[name] = x;
    } else if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
      flatten(x, `${name}/`, names, values, strings);
    }
  }
}

export function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
