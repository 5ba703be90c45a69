import type { CallFact } from '../model/facts';
import { defineRule, type OffsetEdit, type RuleContext } from '../rule';

export default defineRule({
  id: 'train-loader-no-shuffle',
  title: 'Training data is served in the same order every epoch',
  defaultSeverity: 'warning',
  fix: 'always',
  docs: {
    whatItDoes:
      'Finds the `DataLoader` that feeds training (by its name, its dataset\'s name, or because its batches reach '
      + '`backward()` in a training loop) when it is built with `shuffle=False` or without `shuffle` (the default is '
      + 'False), with no `sampler` or `batch_sampler` and not over an `IterableDataset`. Also Keras '
      + '`model.fit(..., shuffle=False)`.',
    whyIsThisBad:
      'Datasets are usually stored sorted or grouped by class. Unshuffled, every batch holds one class, the model '
      + 'chases whichever class it saw last, and the loss saw-tooths or plateaus (a binary task often sits at 0.69 '
      + 'with 50 % validation accuracy). Even on well-mixed data, the same order every epoch makes SGD noisier in '
      + 'the same places and hurts generalisation.',
    example: 'train_loader = DataLoader(train_set, batch_size=64)',
    useInstead: 'train_loader = DataLoader(train_set, batch_size=64, shuffle=True)',
    knownProblems:
      'Sequence models that must see data in order (stateful RNNs over one long series) are flagged too: disable '
      + 'the rule on that line. Loaders built from `**kwargs` or with a computed `shuffle=` value are not checked. '
      + 'Validation and test loaders (by name) are never flagged.',
    fixSafety:
      'Safe: it sets `shuffle=True` (replacing `False`, or adding the argument after the last one, in the call\'s '
      + 'own layout). Only the order of the training batches changes.',
    symptoms: 'Saw-tooth training loss, plateaus at ln(2) = 0.693 or ln(classes), validation accuracy stuck near chance.',
  },
  check(ctx) {
    const { py, training: t } = ctx;
    for (const c of t.loaders()) {
      if (py.hasSplat(c) || t.loaderRole(c) !== 'train') continue;
      const given = (kw: string, pos: number) => {
        const a = py.arg(c, kw, pos);
        return a !== null && a.value.kind !== 'none';
      };
      if (given('sampler', 3) || given('batch_sampler', 4)) continue;
      const ds = py.arg(c, 'dataset', 0);
      if (ds && t.isIterableDataset(ds.value, c)) continue;
      const shuffle = py.arg(c, 'shuffle', 2);
      if (shuffle) {
        if (shuffle.value.kind !== 'false') continue;
        ctx.report({
          span: shuffle.span,
          message: 'This DataLoader feeds training with `shuffle=False`: every epoch sees the batches in the same order.',
          fix: { title: 'Set `shuffle=True`', safe: true, edits: [ctx.fixes.replace(shuffle.value.span, 'True')] },
        });
      } else {
        const edit = addShuffle(ctx, c);
        ctx.report({
          span: c.calleeSpan,
          message: 'This DataLoader feeds training without `shuffle=True` (the default is False): every epoch sees the batches in the same order.',
          fix: edit ? { title: 'Add `shuffle=True`', safe: true, edits: [edit] } : null,
        });
      }
    }
    // Keras: fit() shuffles by default; shuffle=False turns it off
    for (const c of py.callsNamed('fit')) {
      if (c.receiver === null) continue;
      const shuffle = py.arg(c, 'shuffle');
      if (shuffle?.value.kind !== 'false') continue;
      ctx.report({
        span: shuffle.span,
        message: '`fit(..., shuffle=False)` trains on the samples in the same order every epoch.',
        fix: { title: 'Set `shuffle=True`', safe: true, edits: [ctx.fixes.replace(shuffle.value.span, 'True')] },
      });
    }
  },
});

/** `shuffle=True` after the last argument, one per line when the call is written one argument per line. */
function addShuffle(ctx: RuleContext, c: CallFact): OffsetEdit | null {
  const { py, fixes } = ctx;
  const args = py.args(c);
  const last = args.at(-1);
  if (!last) return null;
  const lines = py.lines;
  const multiline = lines.lineOf(last.span.start) !== lines.lineOf(c.argsSpan.start) && lines.startsLine(last.span.start);
  if (!multiline) return fixes.insertAt(last.span.end, ', shuffle=True');
  const indent = lines.indentation(lines.lineOf(last.span.start));
  const after = py.text.slice(last.span.end, c.argsSpan.end - 1);
  const comma = after.search(/\S/);
  if (comma >= 0 && after[comma] === ',') {
    // `    last_arg,  # comment` → a new line after it, in the same style
    const at = last.span.end + comma;
    const line = lines.lineOf(at);
    if (lines.lineOf(c.argsSpan.end - 1) === line) return fixes.insertAt(at + 1, `${fixes.eol}${indent}shuffle=True,`);
    return fixes.insertAt(lines.lineEnd(line), `${fixes.eol}${indent}shuffle=True,`);
  }
  return fixes.insertAt(last.span.end, `,${fixes.eol}${indent}shuffle=True`);
}
