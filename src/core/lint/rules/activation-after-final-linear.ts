import type { ActivationKind } from '../model/api';
import type { CallFact } from '../model/facts';
import type { ActivationSite } from '../model/model-outputs';
import type { Loss } from '../model/training-model';
import { defineRule, type OffsetEdit, type Report, type RuleContext } from '../rule';

export default defineRule({
  id: 'activation-after-final-linear',
  title: 'Activation on the logits that the loss applies itself (or that destroys them)',
  defaultSeverity: 'warning',
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Finds an activation on the model\'s final output that the loss already applies: `nn.Softmax` / '
      + '`F.softmax` / `torch.softmax` before `CrossEntropyLoss` or `F.cross_entropy`; `nn.Sigmoid` / '
      + '`torch.sigmoid` before `BCEWithLogitsLoss`; `Softmax` before `NLLLoss` (which needs `LogSoftmax`); and '
      + '`nn.ReLU` / `F.relu` on the final logits of a classifier. It looks at the last module after the final '
      + '`Linear` of an `nn.Sequential`, at what `forward()` returns, and at activations applied to the output '
      + 'right before the loss call.',
    whyIsThisBad:
      '`CrossEntropyLoss` applies log-softmax to its input. Softmax first squeezes the logits into [0, 1], so the '
      + 'loss is computed on probabilities of probabilities: gradients shrink, training crawls and the loss floors '
      + 'well above zero (about 1.46 for 10 classes instead of 0). Sigmoid before `BCEWithLogitsLoss` does the same '
      + 'for binary tasks. `NLLLoss` expects log-probabilities; given probabilities it rewards the wrong thing. '
      + 'ReLU on logits zeroes every negative score, so classes can only be told apart by positive evidence and '
      + 'the network gets stuck with dead outputs.',
    example: [
      'model.fc = nn.Sequential(nn.Linear(512, 10), nn.Softmax(dim=1))',
      'criterion = nn.CrossEntropyLoss()',
    ].join('\n'),
    useInstead: [
      'model.fc = nn.Sequential(nn.Linear(512, 10))',
      'criterion = nn.CrossEntropyLoss()',
      '# at inference, when probabilities are needed: probs = model(x).softmax(dim=1)',
    ].join('\n'),
    knownProblems:
      'Silent when no loss that applies the activation is visible in the file (the model may be trained '
      + 'elsewhere), except ReLU on the logits of a classifier. Activations added by a function the file does '
      + 'not define are not seen. `Sequential` built from `OrderedDict` is not checked.',
    fixSafety:
      'Unsafe, so never applied by fix-all: removing the activation (or turning Softmax into LogSoftmax) changes '
      + 'what the model returns at inference too. Code that read probabilities from the model must now apply '
      + '`softmax` (or `exp` after LogSoftmax) itself; the fix title says so.',
    symptoms: 'Loss that plateaus high (about 1.46 for 10 classes), slow or no learning, accuracy stuck.',
  },
  check(ctx) {
    const { outputs, training: t } = ctx;
    const losses = t.losses();
    const reported = new Set<number>();
    for (const out of outputs.finalOutputs()) {
      const site = out.activation;
      if (!site || reported.has(site.call.span.start)) continue;
      const r = judge(ctx, site, losses);
      if (r) {
        reported.add(site.call.span.start);
        ctx.report(r);
      }
    }
    for (const site of outputs.lossInputActivations()) {
      if (reported.has(site.call.span.start)) continue;
      const loss = t.lossApplied(site.lossCall!);
      const r = loss ? judge(ctx, site, [loss]) : null;
      if (r) {
        reported.add(site.call.span.start);
        ctx.report(r);
      }
    }
  },
});

const CLASS_COUNT = /class|label|categor|n_out|num_out/i;

function judge(ctx: RuleContext, site: ActivationSite, losses: Loss[]): Report | null {
  const find = (kind: Loss['kind']) => losses.find(l => l.kind === kind);
  const what = describeActivation(site);
  let loss: Loss | undefined;
  switch (site.kind) {
    case 'softmax':
      if ((loss = find('cross-entropy'))) {
        return report(ctx, site, loss, `${what} feeds \`${loss.name}\`, which applies log-softmax itself: the loss sees probabilities of probabilities and learning crawls.`, 'remove');
      }
      if ((loss = find('nll'))) {
        return report(ctx, site, loss, `${what} feeds \`${loss.name}\`, which expects log-probabilities: use LogSoftmax.`, 'log');
      }
      return null;
    case 'sigmoid':
      if ((loss = find('bce-with-logits'))) {
        return report(ctx, site, loss, `${what} feeds \`${loss.name}\`, which applies the sigmoid itself: gradients vanish and learning crawls.`, 'remove');
      }
      return null;
    case 'relu': {
      loss = find('cross-entropy') ?? find('nll') ?? find('bce-with-logits');
      const linear = site.linear;
      const outFeatures = linear ? ctx.py.arg(linear, 'out_features', 1)?.value.text ?? '' : '';
      if (!loss && !CLASS_COUNT.test(outFeatures)) return null;
      if (!linear) return null;
      return report(ctx, site, loss, `${what} is applied to the classifier's final logits: every negative score becomes 0, so classes can only be told apart by positive evidence.`, 'remove');
    }
    default:
      return null;
  }
}

function describeActivation(site: ActivationSite): string {
  return `\`${site.call.callee}\``;
}

function report(ctx: RuleContext, site: ActivationSite, loss: Loss | undefined, message: string, action: 'remove' | 'log'): Report {
  const related = loss ? [{ span: loss.call.span, message: lossNote(loss) }] : [];
  if (site.form === 'module' && site.module) related.push({ span: site.module.span, message: 'the activation module is built here' });
  const edits = action === 'remove' ? removal(ctx, site) : logSoftmax(ctx, site);
  const name = activationName(site.kind);
  const title = action === 'remove'
    ? `Remove the ${name} (code that needs ${site.kind === 'relu' ? 'the old outputs' : 'probabilities'} from the model must now apply ${site.kind === 'sigmoid' ? 'torch.sigmoid' : site.kind === 'relu' ? 'ReLU' : 'softmax'} itself)`
    : `Use LogSoftmax instead of Softmax (code that needs probabilities from the model must now apply exp() itself)`;
  return { span: site.call.span, message, related, fix: edits ? { title, safe: false, edits } : null };
}

function lossNote(loss: Loss): string {
  switch (loss.kind) {
    case 'cross-entropy':
      return `${loss.name} applies log-softmax to its input`;
    case 'bce-with-logits':
      return `${loss.name} applies the sigmoid to its input`;
    case 'nll':
      return `${loss.name} expects log-probabilities`;
    default:
      return `${loss.name} expects raw scores`;
  }
}

function activationName(k: ActivationKind): string {
  return k === 'softmax' ? 'softmax' : k === 'sigmoid' ? 'sigmoid' : k === 'relu' ? 'ReLU' : 'log-softmax';
}

/** Edits that take the activation out. */
function removal(ctx: RuleContext, site: ActivationSite): OffsetEdit[] | null {
  const { py, fixes } = ctx;
  if (site.form === 'sequential' && site.seq) {
    const { elements, index } = site.seq;
    const el = elements[index]!;
    const lines = py.lines;
    const rest = py.text.slice(el.span.end, lines.lineEnd(lines.lineOf(el.span.end))).trim();
    if (lines.startsLine(el.span.start) && (rest === ',' || rest === '' || /^,?\s*#/.test(rest)) && index > 0) {
      const start = lines.lineStart(lines.lineOf(el.span.start));
      const end = lines.lineEndWithBreak(lines.lineOf(el.span.end));
      return [{ start, end, text: '' }];
    }
    const prev = elements[index - 1];
    if (!prev) return null;
    return [{ start: prev.span.end, end: el.span.end, text: '' }];
  }
  const input = site.input;
  if (!input) return null;
  // `x = F.softmax(x, dim=1)` on its own line: drop the line
  const assign = py.assignmentOfValue(site.call.span);
  if (assign && assign.targets.length === 1 && assign.targets[0] === input.text && assign.stmt) {
    const del = fixes.deleteLines(assign.stmt.span);
    if (del) return [del];
  }
  const simple = ['name', 'attribute', 'call', 'subscript', 'int', 'float', 'string', 'list', 'tuple', 'dict'].includes(input.kind);
  return [fixes.replace(site.call.span, simple ? input.text : `(${input.text})`)];
}

/** Softmax → LogSoftmax, softmax → log_softmax, in the call or in the module's construction. */
function logSoftmax(ctx: RuleContext, site: ActivationSite): OffsetEdit[] | null {
  const target: CallFact = site.form === 'module' && site.module ? site.module : site.call;
  const newName = target.name === 'Softmax' ? 'LogSoftmax' : target.name === 'softmax' ? 'log_softmax' : null;
  if (!newName) return null;
  const nameStart = target.calleeSpan.end - target.name.length;
  const edits: OffsetEdit[] = [ctx.fixes.replace({ start: nameStart, end: target.calleeSpan.end }, newName)];
  if (target.receiver === null) {
    // a bare name comes from `from torch.nn import Softmax`: import the new one beside it
    const imp = ctx.py.importOf(target.name);
    if (imp) {
      if (imp.fromModule === null) return null;
      if (!ctx.py.importOf(newName)) edits.push(ctx.fixes.insertAt(imp.span.end, `, ${newName}`));
    } else if (!ctx.py.imports.some(i => i.local === '*')) return null;
  }
  return edits;
}
