import type { LineParser, LogFormat } from '../log-format';
import type { Series } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { scanEnd, scanNumber } from '../numbers';
import { headLines } from '../scan/sniff';

/**
 * One metric file of an MLflow file store, `mlruns/<experiment>/<run>/metrics/<name>`: one line per logged
 * value, `timestamp value step` (mlflow/mlflow mlflow/store/tracking/file_store.py, FileStore._log_run_metric:
 * `append_to(metric_path, "{} {} {}\n".format(metric.timestamp, metric.value, metric.step))`; timestamps in
 * milliseconds, values as Python writes floats, `nan`/`inf` included; very old stores have no step, read as 0).
 * The file name is the metric name. A whole run folder (every metric file of a run) is read by run-folder.ts.
 */
export const mlflowMetric: LogFormat = {
  id: 'mlflow-metric',
  title: 'MLflow metric file',
  sniff({ head }) {
    const lines = headLines(head, 5);
    if (lines.length === 0 || !lines.every(l => LINE.test(l))) return 0;
    return 0.8;
  },
  createLineParser: out => new MlflowMetricParser(out),
};

const LINE = /^\d{12,14} -?(?:[\d.]+(?:e[-+]?\d+)?|nan|inf|-inf)(?: -?\d+)?$/i;

export class MlflowMetricParser implements LineParser {
  private series: Series | null = null;
  private segment = -1;

  /** `name`: the metric's name (the file's path under `metrics/`). */
  constructor(private readonly out: RunBuilder, private readonly name = out.run.file.split(/[\\/]/).pop() ?? 'value') {}

  line(text: string, lineNo: number): void {
    if (text.length === 0) return;
    const ts = scanNumber(text, 0);
    const tsEnd = scanEnd;
    const v = tsEnd >= 0 ? scanNumber(text, tsEnd) : NaN;
    const vEnd = scanEnd;
    if (tsEnd < 0 || vEnd < 0) {
      this.out.warn(lineNo, `${this.name}: not a 'timestamp value step' line: skipped`);
      return;
    }
    const step = scanNumber(text, vEnd);
    if (this.segment !== this.out.currentSegment || !this.series) {
      this.series = this.out.series(this.name, { x: 'step', withWallTime: true });
      this.segment = this.out.currentSegment;
    }
    this.out.add(this.series, scanEnd >= 0 ? step : 0, v, lineNo, NaN, ts / 1000);
  }
}
