import {
  BATCH_SCHEDULERS, DATA_LOADER, EPOCH_SCHEDULERS, FUNCTIONAL_LOSSES, GRAD_SCALER, ITERABLE_DATASET, LOSS_CLASSES,
  lossKind, OPTIMIZERS, OTHER_SCHEDULERS, PLATEAU_SCHEDULER, WARMUP_SCHEDULES, type LossKind,
} from './api';
import type { AssignFact, CallFact, DefFact, LoopFact, ValueFact } from './facts';
import type { SemanticModel } from './semantic-model';

export type SchedulerKind = 'epoch' | 'batch' | 'plateau' | 'other';

export interface Scheduler {
  call: CallFact;
  cls: string;
  kind: SchedulerKind;
}

export interface Loss {
  /** The construction (`nn.CrossEntropyLoss()`) or the functional call (`F.cross_entropy(...)`). */
  call: CallFact;
  name: string;
  kind: LossKind;
  functional: boolean;
}

type Trait = 'backward' | 'step' | 'clear' | 'train-loop';

const OPTIMIZER_NAME = /^(opt|optim|optimi[sz]er)(_?[a-z0-9]+)?$|(^|_)(opt|optim|optimi[sz]er)$|^optimi[sz]er/i;
const SCHEDULER_NAME = /sched|lr_?s(?:ch)?$|^lrs$/i;
const LOADER_NAME = /loader|(^|_)dl($|_)|dataloader/i;
const VAL_NAME = /val|valid|test|eval|dev(_|$)|holdout|calib|infer|predict|query/i;
const TRAIN_NAME = /train/i;

/**
 * What the training code does, read from the semantic model: which names are optimizers, schedulers, losses,
 * DataLoaders; which loops train (run backward() and an optimizer step, directly or through same-file functions),
 * which loops run epochs around them. Everything is computed on demand and memoized for one lint.
 */
export class TrainingModel {
  private readonly defTraits = new Map<DefFact, Set<Trait>>();
  private readonly loopTraits = new Map<LoopFact, Set<Trait>>();
  private readonly optimizerCache = new Map<string, boolean>();
  private losses_: Loss[] | undefined;

  constructor(readonly py: SemanticModel) {}

  // ---- single calls

  isBackward(c: CallFact): boolean {
    return (c.name === 'backward' && c.receiver !== null) || c.name === 'manual_backward';
  }

  /** The optimizer a call steps, as written (`optimizer`, or the argument of `scaler.step(optimizer)`); else null. */
  steppedOptimizer(c: CallFact): string | null {
    if (c.name !== 'step' || c.receiver === null) return null;
    let r = this.stepped.get(c);
    if (r === undefined) {
      r = null;
      // `scaler.step(optimizer)` has an argument; `optimizer.step()` usually none (LBFGS passes a closure)
      const hasArgs = this.py.text.slice(c.argsSpan.start + 1, c.argsSpan.end - 1).trim() !== '';
      if (hasArgs && this.isScaler(c.receiver, c)) {
        const a = this.py.arg(c, 'optimizer', 0);
        r = a ? a.value.text : null;
      } else if (this.isOptimizer(c.receiver, c)) r = c.receiver;
      this.stepped.set(c, r);
    }
    return r;
  }

  private readonly stepped = new Map<CallFact, string | null>();

  isScaler(text: string, at: CallFact): boolean {
    if (/scaler/i.test(lastName(text))) return true;
    if (OPTIMIZER_NAME.test(lastName(text)) || SCHEDULER_NAME.test(lastName(text))) return false;
    return this.py.constructionsOfName(text, at).some(x => this.py.api(x.call, GRAD_SCALER) !== null);
  }

  isOptimizer(text: string, at: CallFact): boolean {
    const last = lastName(text);
    if (SCHEDULER_NAME.test(last) || /scaler/i.test(last)) return false;
    const key = `${text}@${this.py.enclosingDef(at)?.span.start ?? -1}`;
    let r = this.optimizerCache.get(key);
    if (r === undefined) {
      r = OPTIMIZER_NAME.test(last) || this.py.constructionsOfName(text, at).some(x => this.isOptimizerConstruction(x.call));
      this.optimizerCache.set(key, r);
    }
    return r;
  }

  /** `torch.optim.X(...)`, any class built from `model.parameters()`, Lightning's `self.optimizers()`. */
  isOptimizerConstruction(c: CallFact): boolean {
    if (this.py.api(c, OPTIMIZERS)) return true;
    if (c.name === 'optimizers' && c.receiver === 'self') return true;
    if (!/^[A-Z]/.test(c.name)) return false;
    const built = (p: CallFact) => {
      for (let o = p.outer; o; o = o.outer) if (o === c) return true;
      return false;
    };
    return this.py.callsNamed('parameters').some(built) || this.py.callsNamed('named_parameters').some(built);
  }

  clearsGrads(c: CallFact): boolean {
    if (c.name === 'zero_grad' || c.name === 'clear_grad') return true;
    return c.name === 'zero_' && c.receiver !== null && /\.grad(\.data)?$/.test(c.receiver.replace(/\s+/g, ''));
  }

  private clearsByAssignment(a: AssignFact): boolean {
    return a.value?.kind === 'none' && a.targets.some(t => /\.grad$/.test(t.replace(/\s+/g, '')));
  }

  // ---- functions and loops

  defHas(d: DefFact, t: Trait): boolean {
    return this.traitsOf(d).has(t);
  }

  loopHas(l: LoopFact, t: Trait): boolean {
    let s = this.loopTraits.get(l);
    if (!s) {
      s = this.traitsOfCalls(this.py.callsInBody(l), this.py.assignsUnder(l));
      this.loopTraits.set(l, s);
      for (const inner of this.py.loopsUnder(l)) if (this.isTrainingLoop(inner)) s.add('train-loop');
    }
    return s.has(t);
  }

  isTrainingLoop(l: LoopFact): boolean {
    return this.loopHas(l, 'backward') && this.loopHas(l, 'step');
  }

  /** A training loop with no training loop inside it: the loop over batches. */
  isBatchLoop(l: LoopFact): boolean {
    return this.isTrainingLoop(l) && !this.loopHas(l, 'train-loop');
  }

  /** A loop around training: it holds a training loop or calls a function that runs one. */
  isEpochLoop(l: LoopFact): boolean {
    return this.loopHas(l, 'train-loop');
  }

  /** Functions whose traits are being computed: a recursive call (directly, or through a loop) adds nothing. */
  private readonly visiting = new Set<DefFact>();

  private traitsOf(d: DefFact): Set<Trait> {
    const done = this.defTraits.get(d);
    if (done) return done;
    const visiting = this.visiting;
    if (visiting.has(d)) return new Set();
    visiting.add(d);
    try {
      const s = this.traitsOfCalls(this.py.callsIn(d), this.py.assignsUnder(d));
      for (const l of this.py.loopsUnder(d)) if (this.isTrainingLoop(l)) s.add('train-loop');
      this.defTraits.set(d, s);
      return s;
    } finally {
      visiting.delete(d);
    }
  }

  private traitsOfCalls(calls: readonly CallFact[], assigns: readonly AssignFact[]): Set<Trait> {
    const s = new Set<Trait>();
    for (const c of calls) {
      if (this.isBackward(c)) s.add('backward');
      else if (this.clearsGrads(c)) s.add('clear');
      else if (c.name === 'step' && this.steppedOptimizer(c) !== null) s.add('step');
      const f = this.py.resolveFunction(c);
      if (f) for (const t of this.traitsOf(f)) s.add(t);
    }
    if (assigns.some(a => this.clearsByAssignment(a))) s.add('clear');
    return s;
  }

  /**
   * The loop that runs a given optimizer step once per batch: the innermost loop around it that also runs
   * backward(), else (for a step inside a helper such as `train_step()`) the loop around a call of that helper.
   */
  trainingLoopFor(step: CallFact): LoopFact | null {
    for (const l of this.py.loopsAround(step)) if (this.loopHas(l, 'backward')) return l;
    const d = this.py.enclosingDef(step);
    if (!d) return null;
    for (const site of this.py.callersOf(d)) {
      for (const l of this.py.loopsAround(site)) if (this.loopHas(l, 'backward')) return l;
      const outer = this.py.enclosingDef(site);
      if (!outer || outer === d) continue;
      for (const s2 of this.py.callersOf(outer)) {
        for (const l of this.py.loopsAround(s2)) if (this.loopHas(l, 'backward')) return l;
      }
    }
    return null;
  }

  /** Optimizer steps (`opt.step()`, `scaler.step(opt)`) in the file. */
  optimizerSteps(): CallFact[] {
    return this.py.callsNamed('step').filter(c => this.steppedOptimizer(c) !== null);
  }

  // ---- schedulers

  schedulerOf(c: CallFact): Scheduler | null {
    const py = this.py;
    let cls: string | null;
    if ((cls = py.api(c, EPOCH_SCHEDULERS))) return { call: c, cls, kind: 'epoch' };
    if ((cls = py.api(c, BATCH_SCHEDULERS)) || (cls = py.api(c, WARMUP_SCHEDULES))) return { call: c, cls, kind: 'batch' };
    if ((cls = py.api(c, PLATEAU_SCHEDULER))) return { call: c, cls, kind: 'plateau' };
    if ((cls = py.api(c, OTHER_SCHEDULERS))) return { call: c, cls, kind: 'other' };
    return null;
  }

  schedulers(): Scheduler[] {
    const out: Scheduler[] = [];
    for (const c of callsNamedAny(this.py, SCHEDULER_NAMES)) {
      if (!c.dotted) continue;
      const s = this.schedulerOf(c);
      if (s) out.push(s);
    }
    return out;
  }

  /** The scheduler(s) a `X.step()` call steps; empty when X is not known to be a scheduler. */
  schedulersStepped(c: CallFact): Scheduler[] {
    if (c.name !== 'step' || c.receiver === null) return [];
    const out: Scheduler[] = [];
    for (const x of this.py.constructionsOfName(c.receiver, c)) {
      const s = this.schedulerOf(x.call);
      if (s) out.push(s);
    }
    return out;
  }

  /** A `X.step()` whose receiver is a scheduler, by construction or by name. */
  isSchedulerStep(c: CallFact): boolean {
    if (c.name !== 'step' || c.receiver === null) return false;
    return this.schedulersStepped(c).length > 0 || (SCHEDULER_NAME.test(lastName(c.receiver)) && !this.isOptimizer(c.receiver, c));
  }

  // ---- losses

  losses(): Loss[] {
    if (this.losses_) return this.losses_;
    const out: Loss[] = [];
    for (const c of callsNamedAny(this.py, LOSS_NAMES)) {
      if (!c.dotted) continue;
      let name = this.py.api(c, LOSS_CLASSES);
      if (name) out.push({ call: c, name, kind: lossKind(name), functional: false });
      else if ((name = this.py.api(c, FUNCTIONAL_LOSSES))) out.push({ call: c, name, kind: lossKind(name), functional: true });
    }
    return (this.losses_ = out);
  }

  /** The loss a call applies: `criterion(out, y)` → the construction of criterion; `F.cross_entropy(...)` itself. */
  lossApplied(c: CallFact): Loss | null {
    const ls = this.losses();
    if (ls.length === 0 || !c.dotted) return null;
    const direct = this.functionalLosses().get(c);
    if (direct) return direct;
    if (c.receiver !== null && c.receiver !== 'self') return null;
    // only names a loss is bound to, or loss-like parameters (bound at call sites), can hold one
    const callee = compact(c.callee);
    if (!this.lossNames().has(callee)) {
      const d = this.py.enclosingDef(c);
      if (!d || !/crit|loss/i.test(callee) || !d.params.some(p => p.name === callee)) return null;
    }
    for (const x of this.py.constructionsOfName(callee, c)) {
      const l = ls.find(y => !y.functional && y.call === x.call);
      if (l) return l;
    }
    return null;
  }

  /** Calls that may apply a loss: functional losses, names bound to loss objects, loss-like names (parameters). */
  lossCallCandidates(): CallFact[] {
    const out: CallFact[] = [];
    const names = new Set<string>();
    for (const t of this.lossNames()) names.add(lastName(t));
    for (const n of this.py.callNames()) if (/crit|loss/i.test(n)) names.add(n);
    for (const l of this.losses()) if (l.functional) out.push(l.call);
    for (const n of names) for (const c of this.py.callsNamed(n)) if (c.receiver === null || c.receiver === 'self') out.push(c);
    return out;
  }

  private lossNames_: Set<string> | undefined;
  private functional_: Map<CallFact, Loss> | undefined;

  private functionalLosses(): Map<CallFact, Loss> {
    return (this.functional_ ??= new Map(this.losses().filter(l => l.functional).map(l => [l.call, l])));
  }

  private lossNames(): Set<string> {
    if (!this.lossNames_) {
      this.lossNames_ = new Set();
      for (const l of this.losses()) {
        const t = l.functional ? undefined : this.py.binding(l.call).target;
        if (t) this.lossNames_.add(t.replace(/\s+/g, ''));
      }
    }
    return this.lossNames_;
  }

  // ---- data

  loaders(): CallFact[] {
    return this.py.callsNamed('DataLoader').filter(c => this.py.api(c, DATA_LOADER) !== null);
  }

  /** Names a DataLoader goes by: its target, dict key, comprehension keys, keyword, returning function, dataset. */
  loaderNames(c: CallFact): string[] {
    const b = this.py.binding(c);
    const names: string[] = [];
    if (b.target) names.push(b.target);
    if (b.key) names.push(b.key);
    if (b.comprehension) names.push(b.comprehension);
    if (b.keyword) names.push(b.keyword);
    if (b.returned) {
      const d = this.py.enclosingDef(c);
      if (d) names.push(d.name);
    }
    const ds = this.py.arg(c, 'dataset', 0);
    if (ds) names.push(ds.value.text);
    return names;
  }

  /** How a loader is known to serve training: by a name that says train, or by feeding a training loop. */
  loaderRole(c: CallFact): 'train' | 'eval' | null {
    const names = this.loaderNames(c);
    if (names.some(n => TRAIN_NAME.test(n))) return 'train';
    if (names.some(n => VAL_NAME.test(n))) return 'eval';
    return this.feedsTrainingLoop(c) ? 'train' : null;
  }

  private feedsTrainingLoop(c: CallFact): boolean {
    for (const l of this.py.loops) {
      if (!l.iter || !this.isBatchLoop(l)) continue;
      if (this.iterated(l).some(v => this.py.constructions(v, l).some(x => x.call === c))) return true;
    }
    return false;
  }

  /** What a for loop iterates, through enumerate/tqdm/iter/zip wrappers. */
  iterated(l: LoopFact): ValueFact[] {
    const out: ValueFact[] = [];
    const walk = (v: ValueFact, depth: number) => {
      const c = this.py.callOf(v);
      if (c && depth < 3 && ['enumerate', 'tqdm', 'iter', 'zip', 'trange', 'progress_bar', 'track'].includes(c.name)) {
        for (const a of this.py.positionalArgs(c)) walk(a.value, depth + 1);
      } else out.push(v);
    };
    if (l.iter) walk(l.iter, 0);
    return out;
  }

  /** A loop over batches of data: it iterates a DataLoader (by construction or by name). */
  iteratesLoader(l: LoopFact): boolean {
    return this.iterated(l).some(v => LOADER_NAME.test(v.text) || this.py.constructions(v, l).some(x => this.py.api(x.call, DATA_LOADER) !== null));
  }

  /** The dataset is an IterableDataset (shuffling does not apply), as far as the file shows. */
  isIterableDataset(v: ValueFact, at: CallFact): boolean {
    if (/iterable|webdataset|stream/i.test(v.text)) return true;
    for (const x of this.py.constructions(v, at)) {
      const cls = this.py.classes.find(k => k.name === x.call.name && x.call.receiver === null);
      if (cls && cls.bases.some(b => this.py.apiName(b, ITERABLE_DATASET) || /IterableDataset/.test(b))) return true;
      if (x.call.name === 'to_iterable_dataset') return true;
      const streaming = this.py.arg(x.call, 'streaming');
      if (streaming?.value.kind === 'true') return true;
    }
    return false;
  }
}

const SCHEDULER_NAMES = [
  ...EPOCH_SCHEDULERS.names, ...BATCH_SCHEDULERS.names, ...WARMUP_SCHEDULES.names, ...PLATEAU_SCHEDULER.names, ...OTHER_SCHEDULERS.names,
];
const LOSS_NAMES = [...LOSS_CLASSES.names, ...FUNCTIONAL_LOSSES.names];

/** The calls made by any of these names, in document order. */
export function callsNamedAny(py: SemanticModel, names: readonly string[]): CallFact[] {
  const out: CallFact[] = [];
  for (const n of names) for (const c of py.callsNamed(n)) out.push(c);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Text without whitespace (callees written across lines); cheap when there is none. */
export function compact(text: string): string {
  return /\s/.test(text) ? text.replace(/\s+/g, '') : text;
}

export function lastName(text: string): string {
  const t = text.replace(/\s+/g, '');
  return t.slice(t.lastIndexOf('.') + 1);
}
