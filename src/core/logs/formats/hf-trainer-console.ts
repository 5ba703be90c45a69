import type { LogFormat } from '../log-format';
import { JsonRowParser, type RowPlan } from '../scan/json-rows';
import { codeAt } from '../numbers';

/**
 * What the Hugging Face Trainer prints: one Python dict per logging step (huggingface/transformers
 * src/transformers/trainer_callback.py, ProgressCallback.on_log: `logs["epoch"] = round(logs["epoch"], 2)` then
 * `self.training_bar.write(str(logs))`, a dict repr):
 *
 *     {'loss': 0.6931, 'grad_norm': 2.41, 'learning_rate': 5e-05, 'epoch': 0.33}
 *     {'eval_loss': 0.4, 'eval_runtime': 3.27, 'eval_samples_per_second': 152.5, 'epoch': 1.0}
 *     {'train_runtime': 2331.97, 'train_samples_per_second': 23.86, 'train_loss': 0.1268, 'epoch': 3.0}
 *
 * Newer versions (TRL's SFTTrainer among them) quote the values: `{'loss': '3.412', …, 'epoch': '0.0179'}`.
 * The console has no step, so x is the fractional epoch as written (rounded to two decimals: several logging
 * steps can share one, and each keeps its point). The final `train_runtime` summary is not
 * a point of the curves (its `train_loss` is the mean over the whole run). Everything else on the console (tqdm
 * bars, warnings, the `train_results= TrainOutput(…)` line) is not a dict line and is passed over quietly.
 * An epoch going back starts a new segment (a second Trainer run in the same file).
 */
export const hfTrainerConsole: LogFormat = {
  id: 'hf-trainer-console',
  title: 'Hugging Face Trainer console dicts',
  sniff({ head }) {
    return DICT_LINE.test(head) ? 0.93 : 0;
  },
  createLineParser: out => new ConsoleParser(out),
};

const SKIP = new Set(['epoch', 'step']);
// a dict line with a Trainer key and an epoch
const DICT_LINE = /^\s*\{'(?:loss|eval_[a-z_]+|learning_rate|train_runtime|grad_norm)': [^\n]*'epoch': /m;

class ConsoleParser extends JsonRowParser {
  constructor(out: ConstructorParameters<typeof JsonRowParser>[0]) {
    super(out);
    this.quietNonObjects = true;
    this.repeatedX = 'append';
  }

  override line(text: string, lineNo: number): void {
    // only dict lines: `{'…`; a tqdm redraw glued before the dict is already a piece of its own
    let i = 0;
    while (codeAt(text, i) === 32) i++;
    if (codeAt(text, i) !== 123 || codeAt(text, i + 1) !== 39) return;
    super.line(text, lineNo);
  }

  protected plan(): RowPlan | null {
    const s = this.scanner;
    if (s.indexOf('train_runtime') >= 0) {
      // the end-of-training summary: not a point, but it says how far training got
      const e = s.number('epoch');
      if (e !== undefined) this.out.coverEpoch(e);
      return null;
    }
    const step = s.number('step');
    const epoch = s.number('epoch');
    if (step !== undefined) return epoch === undefined ? { x: step, axis: 'step', context: null, skip: SKIP } : { x: step, axis: 'step', epoch, context: null, skip: SKIP };
    if (epoch === undefined) return null; // some other dict a script printed
    return { x: epoch, axis: 'epoch', context: null, skip: SKIP };
  }
}
