import type { LogFormat } from '../log-format';
import type { Series } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { RelaxedJsonError, RelaxedJsonReader, type JsonValue } from '../scan/relaxed-json';

/**
 * Hugging Face `trainer_state.json` (also in every `checkpoint-<step>` folder): rewritten whole at each save, so it is read
 * whole, not tailed. Its `log_history` holds one entry per logging step, evaluation and the final summary
 * (huggingface/transformers src/transformers/trainer_callback.py, TrainerState.save_to_json:
 * `json.dumps(dataclasses.asdict(self), indent=2, sort_keys=True)`; entries appended in Trainer.log as
 * `{**logs, **{"step": self.state.global_step}}`):
 *
 *     "log_history": [
 *       { "epoch": 0.16, "grad_norm": 0.7468, "learning_rate": 0.00018986, "loss": 0.6899, "step": 20 },
 *       { "epoch": 1.0, "eval_loss": 0.3951, "eval_runtime": 3.27, …, "step": 125 },
 *       { "epoch": 1.36, "step": 1500, "total_flos": 1.6e+20, "train_loss": 0.2447, "train_runtime": 28624.5, … }
 *     ]
 *
 * x is the step, with the fractional epoch as each point's epoch. The summary entry (`train_runtime`) is not a
 * point. Python writes non-finite floats as `NaN` / `Infinity`, which the relaxed reader accepts. A file cut
 * mid-write keeps the entries read before the cut, with a warning.
 */
export const hfTrainerState: LogFormat = {
  id: 'hf-trainer-state',
  title: 'Hugging Face trainer_state.json',
  sniff({ head, fileName }) {
    const hasHistory = head.includes('"log_history"');
    if (fileName === 'trainer_state.json') return hasHistory || head.trimStart().startsWith('{') ? 0.99 : 0.5;
    if (hasHistory && head.trimStart().startsWith('{')) return 0.9;
    return 0;
  },
  parseText: parseTrainerState,
};

const SKIP = new Set(['step', 'epoch']);

function parseTrainerState(text: string, out: RunBuilder): void {
  // the top-level "epoch" says how far training got, also past the last logged step
  const top = /^ {2}"epoch": ([-\d.e+]+),?$/m.exec(text);
  if (top) out.coverEpoch(Number(top[1]));
  const key = text.indexOf('"log_history"');
  if (key < 0) {
    out.warn(0, 'no "log_history" in this trainer_state.json');
    return;
  }
  const r = new RelaxedJsonReader(text);
  let i = r.skipSpace(key + '"log_history"'.length);
  if (text.charCodeAt(i) !== 58) return out.warn(lineAt(text, i), 'expected : after "log_history"');
  i = r.skipSpace(i + 1);
  if (text.charCodeAt(i) !== 91) return out.warn(lineAt(text, i), '"log_history" is not a list');
  i = r.skipSpace(i + 1);
  const lines = new LineCounter(text);
  const series = new Map<string, Series>();
  let lastStep = -Infinity;
  while (i < text.length && text.charCodeAt(i) !== 93) {
    const line = lines.at(i);
    let entry: JsonValue;
    try {
      entry = r.readValue(i);
    } catch (e) {
      const why = e instanceof RelaxedJsonError ? e.message : String(e);
      out.warn(line, `the file ends or breaks inside log_history (${why}): the entries before line ${line} are kept`);
      return;
    }
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
      const step = entry['step'];
      if ('train_runtime' in entry) {
        if (typeof entry['epoch'] === 'number') out.coverEpoch(entry['epoch']);
      } else if (typeof step === 'number') {
        if (step < lastStep) {
          out.newSegment();
          series.clear();
        }
        lastStep = step;
        const epoch = typeof entry['epoch'] === 'number' ? entry['epoch'] : NaN;
        for (const [name, v] of Object.entries(entry)) {
          if (SKIP.has(name)) continue;
          const y = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined;
          if (y === undefined) continue;
          let s = series.get(name);
          if (!s) {
            s = out.series(name, { x: 'step', withEpoch: true });
            series.set(name, s);
          }
          out.addOrReplace(s, step, y, line, epoch);
        }
      } else {
        out.warn(line, 'log_history entry without "step": skipped');
      }
    }
    i = r.skipSpace(r.pos);
    if (text.charCodeAt(i) === 44) i = r.skipSpace(i + 1);
    else if (text.charCodeAt(i) !== 93) {
      out.warn(lines.at(i), i >= text.length ? 'the file ends inside log_history: the entries read so far are kept' : `unexpected text in log_history at line ${lines.at(i)}`);
      return;
    }
  }
}

/** 1-based line of a character offset, for offsets that only grow. */
class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  at(pos: number): number {
    if (pos < this.offset) {
      this.offset = 0;
      this.line = 1;
    }
    for (let i = this.text.indexOf('\n', this.offset); i >= 0 && i < pos; i = this.text.indexOf('\n', i + 1)) this.line++;
    this.offset = pos;
    return this.line;
  }
}

function lineAt(text: string, pos: number): number {
  return new LineCounter(text).at(pos);
}
