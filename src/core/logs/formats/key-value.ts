import type { LineParser, LogFormat } from '../log-format';
import type { Series, Split } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { isMetricWord, PairScanner } from '../scan/pairs';

/**
 * The careful last resort for logs no other format knows and that have no epoch or step markers: lines of
 * `name: value` / `name=value` pairs. A line counts only when one of its names is clearly a metric (loss,
 * accuracy, lr, ppl, f1, …), so a printed config (`r=16, alpha=32, dropout=0.05`) is not read as curves.
 * x is the number of such lines so far (a "report" counter, as a step axis).
 */
export const keyValue: LogFormat = {
  id: 'key-value',
  title: 'Generic key: value lines',
  sniff({ head }) {
    const scanner = new PairScanner();
    let lines = 0;
    for (const line of head.split('\n', 5000)) {
      const n = scanner.scan(line);
      for (let k = 0; k < n; k++) {
        if (isMetricWord(scanner.names[k]!)) {
          lines++;
          break;
        }
      }
      if (lines >= 3) return 0.35;
    }
    return 0;
  },
  createLineParser: out => new KeyValueParser(out),
};

const NOT_X = /(^|[\s_])(epoch|epochs|step|steps|iter|iteration|batch|it)$/i;

class KeyValueParser implements LineParser {
  private readonly pairs = new PairScanner();
  private readonly series = new Map<string, Series>();
  private reports = 0;

  constructor(private readonly out: RunBuilder) {}

  line(text: string, lineNo: number): void {
    const n = this.pairs.scan(text);
    let metric = false;
    for (let k = 0; k < n && !metric; k++) metric = isMetricWord(this.pairs.names[k]!);
    if (!metric) return;
    this.reports++;
    for (let k = 0; k < n; k++) {
      const name = this.pairs.names[k]!;
      if (NOT_X.test(name)) continue;
      const context: Split | null = this.pairs.contexts[k]!;
      const key = `${context} ${name}`;
      let s = this.series.get(key);
      if (!s) {
        s = this.out.series(name, { x: 'step', context, ...(this.pairs.percent[k] ? { scale: 'percent' as const } : {}) });
        this.series.set(key, s);
      }
      this.out.add(s, this.reports, this.pairs.values[k]!, lineNo);
    }
  }
}
