import type { Split } from './model';

export interface MetricName {
  metric: string;
  split: Split | null;
}

// Split words as they appear as a prefix ("val_loss", "eval/accuracy", "Train Loss") or a suffix ("loss_val").
const SPLIT_WORDS: Record<string, Split> = {
  train: 'train', training: 'train', trn: 'train',
  val: 'val', valid: 'val', validation: 'val', eval: 'val', evaluation: 'val', dev: 'val',
  test: 'test', testing: 'test',
};

const LOSS = new Set(['loss', 'total_loss', 'losses', 'objective', 'avg_loss', 'average_loss', 'mean_loss', 'running_loss', 'epoch_loss']);
const ACCURACY = new Set(['acc', 'accuracy', 'top1', 'top_1', 'top-1', 'acc1', 'acc@1', 'top1_acc', 'top1_accuracy', 'top-1_acc', 'acc_top1', 'accuracy_top1', 'accuracy/top1', 'accuracy_top-1', 'categorical_accuracy', 'sparse_categorical_accuracy', 'binary_accuracy']);
const LR = new Set(['lr', 'learning_rate', 'learningrate', 'learning-rate']);

const cache = new Map<string, MetricName>();

/**
 * Maps a metric name as written in a log to (normalised metric, split): `val_loss`, `valid_loss`, `eval_loss`,
 * `val Loss`, `test loss` → loss on val/test; `acc`, `Acc`, `top1`, `accuracy` → accuracy; `lr`,
 * `learning_rate`, `lr/pg0`, `train_lr`, `x/lr0` → lr. Anything else keeps its normalised name
 * (lower case, spaces and dashes to `_`): `box_loss`, `loss_cls`, `accuracy_top5`.
 * `context` is the split the log's layout implies (a `val Loss:` line, a `valid` block) when the name has none.
 */
export function normaliseMetric(raw: string, context: Split | null = null): MetricName {
  const key = context === null ? raw : `${context}\u0000${raw}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = compute(raw, context);
    if (cache.size < 10_000) cache.set(key, hit);
  }
  return hit;
}

function compute(raw: string, context: Split | null): MetricName {
  let name = raw.trim().toLowerCase().replace(/\s+/g, '_');
  let split: Split | null = null;
  // Lightning's per-step / per-epoch twins keep one metric name; the x axis tells them apart.
  name = name.replace(/_(step|epoch)$/, '');

  // prefix: train_loss, val/loss, eval_accuracy, train/box_loss, metrics/... stays as is
  const m = /^([a-z]+)[_/.-](.+)$/.exec(name);
  if (m && SPLIT_WORDS[m[1]!]) {
    split = SPLIT_WORDS[m[1]!]!;
    name = m[2]!;
  } else {
    // suffix: loss_val, acc_train
    const s = /^(.+)[_/.-]([a-z]+)$/.exec(name);
    if (s && SPLIT_WORDS[s[2]!] && (LOSS.has(s[1]!) || ACCURACY.has(s[1]!))) {
      split = SPLIT_WORDS[s[2]!]!;
      name = s[1]!;
    }
  }

  if (LR.has(name) || /^lr[/_]?(pg)?\d+$/.test(name) || /^x\/lr\d+$/.test(raw.trim().toLowerCase())) {
    return { metric: 'lr', split: null };
  }
  if (split === null) split = context;
  if (LOSS.has(name)) return { metric: 'loss', split: split ?? 'train' };
  if (ACCURACY.has(name)) return { metric: 'accuracy', split: split ?? 'train' };
  if (/^(acc|accuracy)[_/@-]?(top)?[_-]?5$|^top[_-]?5(_acc(uracy)?)?$|^acc5$/.test(name)) return { metric: 'accuracy_top5', split: split ?? 'train' };
  return { metric: name, split };
}
