import {
  AUTOCAST, CLIP_GRAD, DROPOUT, FUNCTIONAL_DROPOUT, GRAD_SCALER, HF_TRAINER, LIGHTNING_TRAINER, OPTIMIZERS,
} from './model/api';
import type { ArgFact, Placed, ValueFact } from './model/facts';
import type { SemanticModel } from './model/semantic-model';
import type { Span } from './parser/python-document';
import type { LintContext } from './lint-engine';
import type { Located, ScriptFacts, SourceRef } from './script-facts';
import { composeNormalization } from './rules/missing-normalize';

const ACTIVATION_NAMES = { softmax: 'Softmax', 'log-softmax': 'LogSoftmax', sigmoid: 'Sigmoid', relu: 'ReLU' } as const;

/** Positional parameters of the common schedulers after the optimizer, for reading `StepLR(opt, 30, 0.1)`. */
const SCHEDULER_POSITIONAL: Record<string, string[]> = {
  StepLR: ['step_size', 'gamma'],
  MultiStepLR: ['milestones', 'gamma'],
  ExponentialLR: ['gamma'],
  CosineAnnealingLR: ['T_max', 'eta_min'],
  PolynomialLR: ['total_iters', 'power'],
  OneCycleLR: ['max_lr', 'total_steps', 'epochs', 'steps_per_epoch'],
  CyclicLR: ['base_lr', 'max_lr', 'step_size_up'],
  ReduceLROnPlateau: ['mode', 'factor', 'patience'],
  CosineAnnealingWarmRestarts: ['T_0', 'T_mult', 'eta_min'],
  LinearLR: ['start_factor', 'end_factor', 'total_iters'],
  ConstantLR: ['factor', 'total_iters'],
  get_linear_schedule_with_warmup: ['num_warmup_steps', 'num_training_steps'],
  get_cosine_schedule_with_warmup: ['num_warmup_steps', 'num_training_steps'],
  get_constant_schedule_with_warmup: ['num_warmup_steps'],
};

/** Reads what the diagnosis needs to know about a training script from the shared semantic model. */
export function readScriptFacts(ctx: LintContext): ScriptFacts {
  const { py, training: t, outputs } = ctx;
  const ref = (span: Span): SourceRef => sourceRef(py, span);
  const at = <T>(value: T, span: Span): Located<T> => ({ value, at: ref(span) });
  const num = (v: ValueFact | null | undefined, where: Placed) => (v ? numberOf(py, v, where, 0) : null);

  const trainingLoops = py.loops.filter(l => t.isTrainingLoop(l));
  const libraryLoop = py.calls.some(c => py.api(c, HF_TRAINER) || py.api(c, LIGHTNING_TRAINER))
    || (py.callsNamed('fit').some(c => c.receiver !== null) && py.imports.some(i => /^(tensorflow|keras)/.test(i.qualified)));

  const finals = outputs.finalOutputs();
  const final = finals.find(f => f.activation) ?? finals.find(f => f.linear) ?? null;

  // number of classes: the final Linear's out_features, else an explicit num_classes / num_labels
  let numClasses: Located<number> | null = null;
  for (const f of finals) {
    if (!f.linear) continue;
    const a = py.arg(f.linear, 'out_features', 1);
    const n = num(a?.value, f.linear);
    if (n !== null) {
      numClasses = at(n, a!.span);
      break;
    }
  }
  if (!numClasses) {
    outer: for (const c of py.calls) {
      for (const a of py.args(c)) {
        if (a.keyword && /^(num_classes|num_labels|n_classes|nb_classes)$/.test(a.keyword)) {
          const n = num(a.value, c);
          if (n !== null) {
            numClasses = at(n, a.span);
            break outer;
          }
        }
      }
    }
  }
  if (!numClasses) {
    for (const d of py.defs) {
      const p = d.params.find(x => /^(num_classes|n_classes|nb_classes)$/.test(x.name) && x.default?.num !== undefined);
      if (p) {
        numClasses = at(p.default!.num!, p.default!.span);
        break;
      }
    }
  }

  // the loss: the one applied in a training loop first, else the first one built
  const losses = t.losses();
  const appliedInLoop = losses.find(l => py.loopsAround(l.call).some(x => t.isTrainingLoop(x)));
  const loss = appliedInLoop ?? losses[0] ?? null;

  const activation = final?.activation ?? outputs.lossInputActivations()[0] ?? null;

  const optCall = py.calls.find(c => c.dotted && /^[A-Z]/.test(c.name) && t.isOptimizerConstruction(c)) ?? null;
  const optimizer = optCall ? {
    ...at(py.api(optCall, OPTIMIZERS) ?? optCall.name, optCall.span),
    lr: num(py.arg(optCall, 'lr', 1)?.value, optCall),
    weightDecay: num(py.arg(optCall, 'weight_decay')?.value, optCall),
    momentum: num(py.arg(optCall, 'momentum')?.value, optCall),
  } : null;

  const sched = t.schedulers()[0] ?? null;
  let scheduler: ScriptFacts['scheduler'] = null;
  if (sched) {
    const params: Record<string, number | number[]> = {};
    const positional = SCHEDULER_POSITIONAL[sched.cls] ?? [];
    let i = 0;
    for (const a of py.args(sched.call)) {
      const name = a.keyword ?? (i === 0 ? null : positional[i - 1]);
      if (a.keyword === null) i++;
      if (!name) continue;
      if (a.value.elements) {
        const ns = a.value.elements.map(e => num(e, sched.call));
        if (ns.every(n => n !== null)) params[name] = ns as number[];
      } else {
        const n = num(a.value, sched.call);
        if (n !== null) params[name] = n;
      }
    }
    const step = py.callsNamed('step').find(c => t.schedulersStepped(c).some(s => s.call === sched.call));
    let steppedPer: 'batch' | 'epoch' | 'unknown' = 'unknown';
    if (step) {
      const loops = py.loopsAround(step);
      const d = py.enclosingDef(step);
      if (loops.some(l => t.isBatchLoop(l))) steppedPer = 'batch';
      else if (loops.some(l => t.isEpochLoop(l)) || (d && t.defHas(d, 'train-loop'))) steppedPer = 'epoch';
      else if (loops.length === 0 && d && py.callersOf(d).some(s => py.loopsAround(s).some(l => t.isBatchLoop(l)))) steppedPer = 'batch';
      else if (loops.length > 0) steppedPer = 'epoch';
    } else if (py.returns.some(r => r.value && /["']interval["']\s*:\s*["']step["']/.test(r.value.text))) steppedPer = 'batch';
    scheduler = { ...at(sched.cls, sched.call.span), params, steppedPer, stepAt: step ? ref(step.span) : null };
  }

  const dropout: Located<number | null>[] = [];
  for (const c of py.calls) {
    if (py.api(c, DROPOUT)) dropout.push(at(num(py.arg(c, 'p', 0)?.value, c) ?? (py.arg(c, 'p', 0) ? null : 0.5), c.span));
    else if (py.api(c, FUNCTIONAL_DROPOUT)) dropout.push(at(num(py.arg(c, 'p', 1)?.value, c) ?? (py.arg(c, 'p', 1) ? null : 0.5), c.span));
  }

  const loaders = t.loaders();
  const trainLoader = loaders.find(c => t.loaderRole(c) === 'train') ?? null;
  let batchSize: Located<number> | null = null;
  for (const c of trainLoader ? [trainLoader, ...loaders] : loaders) {
    const a = py.arg(c, 'batch_size', 1);
    const n = num(a?.value, c);
    if (a && n !== null) {
      batchSize = at(n, a.span);
      break;
    }
  }
  if (!batchSize) {
    for (const c of py.calls) {
      const a = py.arg(c, c.name === 'fit' ? 'batch_size' : 'per_device_train_batch_size');
      const n = num(a?.value, c);
      if (a && n !== null && (c.name === 'fit' || c.name === 'TrainingArguments')) {
        batchSize = at(n, a.span);
        break;
      }
    }
  }

  let trainShuffle: Located<boolean> | null = null;
  if (trainLoader && !py.hasSplat(trainLoader)) {
    const a = py.arg(trainLoader, 'shuffle', 2);
    if (!a) trainShuffle = at(false, trainLoader.span);
    else if (a.value.kind === 'true' || a.value.kind === 'false') trainShuffle = at(a.value.kind === 'true', a.span);
  }

  const norm = composeNormalization(ctx);
  const normalization = norm ? at(norm.value, norm.span) : py.scalings.length > 0 ? at(true, py.scalings[0]!) : null;

  const epochs = epochCount(ctx);
  const evalCall = py.callsNamed('eval').find(c => c.receiver !== null && py.args(c).length === 0) ?? null;
  const kwArg = (test: (a: ArgFact) => boolean) => {
    for (const c of py.calls) for (const a of py.args(c)) if (a.keyword && test(a)) return a;
    return null;
  };
  const clipCall = py.calls.find(c => py.api(c, CLIP_GRAD) !== null);
  const clip = clipCall?.span ?? kwArg(a => (a.keyword === 'gradient_clip_val' || a.keyword === 'max_grad_norm') && (a.value.num ?? 0) > 0)?.span ?? null;
  const ampCall = py.calls.find(c => py.api(c, AUTOCAST) || py.api(c, GRAD_SCALER));
  const amp = ampCall?.span ?? kwArg(a => ((a.keyword === 'fp16' || a.keyword === 'bf16') && a.value.kind === 'true')
    || (a.keyword === 'precision' && /16/.test(a.value.text)))?.span ?? null;

  return {
    hasTrainingLoop: trainingLoops.length > 0 || libraryLoop,
    numClasses,
    loss: loss ? at(loss.name, loss.call.span) : null,
    finalActivation: activation ? at(ACTIVATION_NAMES[activation.kind], activation.call.span) : null,
    optimizer,
    scheduler,
    dropout,
    batchSize,
    trainShuffle,
    normalization,
    epochs,
    evalMode: evalCall ? ref(evalCall.span) : null,
    gradClipping: clip ? ref(clip) : null,
    mixedPrecision: amp ? ref(amp) : null,
  };
}

function sourceRef(py: SemanticModel, span: Span): SourceRef {
  const p = py.lines.position(span.start);
  const text = py.lines.lineText(p.line).trim();
  return { line: p.line + 1, column: p.character + 1, text: text.length > 200 ? `${text.slice(0, 199)}…` : text };
}

/** The epoch count when written as a number: `range(25)` of the epoch loop, `num_epochs=25`, `--epochs` default. */
function epochCount(ctx: LintContext): Located<number> | null {
  const { py, training: t } = ctx;
  const loc = (value: number, span: Span): Located<number> => ({ value, at: sourceRef(py, span) });
  for (const l of py.loops) {
    if (!t.isEpochLoop(l) && !(t.isTrainingLoop(l) && /epoch/i.test(l.target))) continue;
    const c = py.callOf(l.iter);
    if (!c || c.name !== 'range') continue;
    const ps = py.positionalArgs(c);
    const stop = numberOf(py, ps[ps.length === 1 ? 0 : 1]?.value ?? null, c, 0);
    const start = ps.length >= 2 ? numberOf(py, ps[0]!.value, c, 0) : 0;
    if (stop !== null && start !== null) return loc(stop - start, c.span);
  }
  for (const c of py.calls) {
    for (const a of py.args(c)) {
      if (a.keyword && /^(num_epochs|epochs|max_epochs|num_train_epochs|n_epochs|nb_epoch|nb_epochs)$/.test(a.keyword)) {
        const n = numberOf(py, a.value, c, 0);
        if (n !== null) return loc(n, a.span);
      }
    }
  }
  for (const a of py.assigns) {
    if (a.targets.length === 1 && /^(num_epochs|epochs|n_epochs|max_epochs)$/i.test(a.targets[0]!) && a.value?.num !== undefined) return loc(a.value.num, a.span);
  }
  for (const d of py.defs) {
    const p = d.params.find(x => /^(num_epochs|epochs|n_epochs)$/.test(x.name) && x.default?.num !== undefined);
    if (p) return loc(p.default!.num!, p.default!.span);
  }
  for (const c of py.callsNamed('add_argument')) {
    if (!py.positionalArgs(c).some(a => /^['"]--(num[-_]|n[-_]|max[-_]|nb[-_])?epochs?['"]$/.test(a.value.text))) continue;
    const n = numberOf(py, py.arg(c, 'default')?.value ?? null, c, 0);
    if (n !== null) return loc(n, c.span);
  }
  return null;
}

/** A number written in the script: a literal, a constant, a parameter default, an argparse default. */
export function numberOf(py: SemanticModel, v: ValueFact | null, at: Placed, depth: number): number | null {
  if (!v || depth > 4) return null;
  if (v.num !== undefined) return v.num;
  if (v.kind === 'name') {
    const vs = py.valuesOf(v.text, at);
    if (vs.length >= 1 && vs.every(w => w.num === vs[0]!.num)) return numberOf(py, vs[0]!, py.siteOf(vs[0]!) ?? at, depth + 1);
    return null;
  }
  if (v.kind === 'attribute') {
    // `args.lr` with `parser.add_argument('--lr', default=0.1)`
    const attr = v.text.slice(v.text.lastIndexOf('.') + 1).trim();
    for (const c of py.callsNamed('add_argument')) {
      const flags = py.positionalArgs(c).map(a => a.value.text.replace(/^['"]|['"]$/g, ''));
      const dest = py.arg(c, 'dest')?.value.text.replace(/^['"]|['"]$/g, '');
      const long = flags.find(f => f.startsWith('--'))?.slice(2).replace(/-/g, '_');
      if (dest === attr || long === attr) return numberOf(py, py.arg(c, 'default')?.value ?? null, c, depth + 1);
    }
    return null;
  }
  const c = py.callOf(v);
  if (c && (c.name === 'int' || c.name === 'float') && c.receiver === null) return numberOf(py, py.arg(c, null, 0)?.value ?? null, c, depth + 1);
  return null;
}
