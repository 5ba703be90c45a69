import {
  ACTIVATION_FUNCTIONS, ACTIVATION_METHODS, ACTIVATION_MODULES, activationKind, DROPOUT, LIGHTNING_MODULE, LINEAR,
  NN_MODULE, SEQUENTIAL, type ActivationKind,
} from './api';
import type { CallFact, ClassFact, DefFact, Placed, ValueFact } from './facts';
import type { SemanticModel } from './semantic-model';
import { compact, type TrainingModel } from './training-model';

/** An activation applied to a model's final output (or to the output right before the loss). */
export interface ActivationSite {
  kind: ActivationKind;
  /** The activation as written: the `nn.Softmax(dim=1)` element, the `F.softmax(x, dim=1)` call, `self.act(x)`. */
  call: CallFact;
  form: 'sequential' | 'functional' | 'method' | 'module';
  /** Sequential form: the container and the element values. */
  seq?: { call: CallFact; elements: ValueFact[]; index: number };
  /** Module form: where the module called was built (`self.softmax = nn.Softmax(dim=1)`). */
  module?: CallFact;
  /** The activated value (not for the sequential form). */
  input?: ValueFact;
  /** The layer whose output is activated, when known. */
  linear?: CallFact | null;
  /** 'model': the model's own output; 'loss-input': applied in the training code right before a loss. */
  where: 'model' | 'loss-input';
  /** For loss-input sites, the loss call it feeds. */
  lossCall?: CallFact;
}

/** What a model's final output is made of: its last Linear layer and the activation after it, if any. */
export interface FinalOutput {
  linear: CallFact | null;
  activation: ActivationSite | null;
}

/** Names an attribute gets when it replaces a pretrained model's classifier head. */
const HEAD_ATTRIBUTE = /(^|\.)(fc|classifier|head|heads|last_linear|out|output|final|logits|cls|top)(\[|$)/;

export class ModelOutputs {
  private outputs: FinalOutput[] | undefined;

  constructor(private readonly py: SemanticModel, private readonly training: TrainingModel) {}

  /** The model classes of the file: nn.Module / LightningModule subclasses (also through same-file bases). */
  modelClasses(): ClassFact[] {
    const isModel = (c: ClassFact, depth: number): boolean =>
      c.bases.some(b =>
        this.py.apiName(b, NN_MODULE) !== null || this.py.apiName(b, LIGHTNING_MODULE) !== null
        || (depth < 3 && this.py.classes.some(k => k.name === b && k !== c && isModel(k, depth + 1))));
    return this.py.classes.filter(c => isModel(c, 0));
  }

  methodOf(cls: ClassFact, name: string): DefFact | null {
    return this.py.methodOf(cls, name);
  }

  /** Final outputs of every model the file defines or builds. */
  finalOutputs(): FinalOutput[] {
    if (this.outputs) return this.outputs;
    const out: FinalOutput[] = [];
    for (const s of this.py.callsNamed('Sequential')) {
      if (!this.py.api(s, SEQUENTIAL) || !this.isFinalSequential(s)) continue;
      const tail = this.sequentialTail(s);
      if (tail) out.push(tail);
    }
    for (const cls of this.modelClasses()) {
      const fwd = this.methodOf(cls, 'forward');
      if (!fwd) continue;
      for (const r of this.py.returnsOf(fwd)) {
        if (!r.value) continue;
        const o = this.trace(r.value, r, 0);
        if (o) out.push(o);
      }
    }
    return (this.outputs = dedupe(out));
  }

  /** Activations applied to a model's output right before a loss: `criterion(F.softmax(out, 1), y)`. */
  lossInputActivations(): ActivationSite[] {
    const out: ActivationSite[] = [];
    if (this.training.losses().length === 0) return out;
    for (const c of this.training.lossCallCandidates()) {
      const loss = this.training.lossApplied(c);
      if (!loss) continue;
      const input = this.py.arg(c, 'input', 0)?.value;
      if (!input) continue;
      let act = this.activationOf(this.py.callOf(input));
      if (!act && input.kind === 'name') {
        const vs = this.py.valuesOf(input.text, c);
        if (vs.length === 1) act = this.activationOf(this.py.callOf(vs[0]));
      }
      if (act && act.kind !== 'relu') out.push({ ...act, where: 'loss-input', lossCall: c });
    }
    return out;
  }

  /** An activation call: `F.softmax(x)`, `torch.sigmoid(x)`, `x.softmax(1)`, `self.act(x)` (act = nn.Softmax). */
  activationOf(c: CallFact | null): ActivationSite | null {
    if (!c) return null;
    const py = this.py;
    const fn = py.api(c, ACTIVATION_FUNCTIONS);
    if (fn) {
      const input = py.arg(c, 'input', 0)?.value;
      return { kind: activationKind(fn)!, call: c, form: 'functional', input, where: 'model' };
    }
    if (c.dotted) {
      const built = this.moduleBuiltFor(c);
      const name = built && py.api(built, ACTIVATION_MODULES);
      if (built && name) return { kind: activationKind(name)!, call: c, form: 'module', module: built, input: py.arg(c, 'input', 0)?.value, where: 'model' };
    }
    if (c.receiver !== null && c.receiver !== 'self' && ACTIVATION_METHODS.has(c.name)) {
      const { q } = py.qualify(c.receiver);
      if (q === 'torch' || q.startsWith('torch.nn')) return null;
      const end = c.calleeSpan.start + c.callee.lastIndexOf('.');
      const text = py.text.slice(c.calleeSpan.start, end).trimEnd();
      const span = { start: c.calleeSpan.start, end: c.calleeSpan.start + text.length };
      const inner = py.callAtSpan(span);
      const input: ValueFact = { kind: inner ? 'call' : c.receiver.includes('(') || c.receiver.includes('[') ? 'other' : 'name', span, text };
      return { kind: activationKind(c.name)!, call: c, form: 'method', input, where: 'model' };
    }
    return null;
  }

  /** For a call of a module held in a variable or attribute (`self.fc(x)`), the call that built the module. */
  moduleBuiltFor(c: CallFact): CallFact | null {
    if (!c.dotted || (c.receiver !== null && c.receiver !== 'self')) return null;
    const name = c.callee.replace(/\s+/g, '');
    if (!this.moduleNames().has(name)) return null;
    const built = this.py.constructionsOfName(name, c);
    return built.length === 1 ? built[0]!.call : null;
  }

  private moduleNames_: Set<string> | undefined;

  /** Names that hold a Linear, Sequential or activation module (`self.fc`, `softmax`): the only ones worth resolving. */
  private moduleNames(): Set<string> {
    if (!this.moduleNames_) {
      const out = new Set<string>();
      const py = this.py;
      for (const name of [...LINEAR.names, ...SEQUENTIAL.names, ...ACTIVATION_MODULES.names]) {
        for (const c of py.callsNamed(name)) {
          if (!py.api(c, LINEAR) && !py.api(c, SEQUENTIAL) && !py.api(c, ACTIVATION_MODULES)) continue;
          const t = py.binding(c).target;
          if (t) out.add(t.replace(/\s+/g, ''));
        }
      }
      this.moduleNames_ = out;
    }
    return this.moduleNames_;
  }

  private isFinalSequential(s: CallFact): boolean {
    const b = this.py.binding(s);
    if (b.returned) return true;
    const target = b.target?.replace(/\s+/g, '');
    if (!target || b.key !== undefined || b.keyword !== undefined || b.comprehension !== undefined) return false;
    if (target.startsWith('self.')) {
      const d = this.py.enclosingDef(s);
      const cls = d && this.py.enclosingClass(d);
      return cls ? this.returnedAttributes(cls).has(target) : false;
    }
    if (target.includes('.') || target.includes('[')) return HEAD_ATTRIBUTE.test(target);
    // a plain variable: the model, unless it is itself a block of a bigger Sequential
    return !this.py.callsNamed('Sequential').some(o => o !== s && this.py.positionalArgs(o).some(a => a.value.text === target));
  }

  private readonly returned = new Map<ClassFact, Set<string>>();

  /** `self.x` attributes whose call forward() returns (directly or through the returned name). */
  private returnedAttributes(cls: ClassFact): Set<string> {
    let out = this.returned.get(cls);
    if (!out) {
      out = new Set();
      const fwd = this.methodOf(cls, 'forward');
      const add = (v: ValueFact, at: Placed, depth: number) => {
        const c = this.py.callOf(v);
        if (c) {
          if (c.receiver === 'self') out!.add(compact(c.callee));
        } else if (v.kind === 'name' && depth < 3) for (const w of this.py.valuesOf(v.text, at)) add(w, at, depth + 1);
      };
      if (fwd) for (const r of this.py.returnsOf(fwd)) if (r.value) add(r.value, r, 0);
      this.returned.set(cls, out);
    }
    return out;
  }

  /** The last Linear of a Sequential and the activation after it. */
  private sequentialTail(s: CallFact): FinalOutput | null {
    const py = this.py;
    const elements = py.positionalArgs(s).map(a => a.value);
    if (elements.length === 0 || py.hasSplat(s)) return null;
    const built = elements.map(e => this.constructionOf(e, s));
    let linearIndex = -1;
    for (let i = built.length - 1; i >= 0; i--) {
      const b = built[i];
      if (b && py.api(b, LINEAR)) {
        linearIndex = i;
        break;
      }
    }
    if (linearIndex < 0) return null;
    const linear = built[linearIndex]!;
    const lastIndex = built.length - 1;
    if (lastIndex === linearIndex) return { linear, activation: null };
    const last = built[lastIndex];
    const actName = last && py.api(last, ACTIVATION_MODULES);
    // only dropout may sit between the final Linear and the activation
    const between = built.slice(linearIndex + 1, lastIndex).every(b => b && py.api(b, DROPOUT));
    if (!last || !actName || !between) return { linear: null, activation: null };
    return {
      linear,
      activation: {
        kind: activationKind(actName)!, call: last, form: 'sequential', seq: { call: s, elements, index: lastIndex },
        linear, where: 'model',
      },
    };
  }

  private constructionOf(v: ValueFact, at: CallFact): CallFact | null {
    const c = this.py.callOf(v);
    if (c) return c;
    if (v.kind !== 'name' && v.kind !== 'attribute') return null;
    const built = this.py.constructions(v, at);
    return built.length === 1 ? built[0]!.call : null;
  }

  /** Follows a returned value back to an activation or to the Linear layer that made it. */
  private trace(v: ValueFact, at: Placed, depth: number): FinalOutput | null {
    const c = this.py.callOf(v);
    if (c) {
      const act = this.activationOf(c);
      if (act) {
        const linear = act.input ? this.linearOf(act.input, c, 0) : null;
        return { linear, activation: { ...act, linear } };
      }
      const built = this.moduleBuiltFor(c);
      if (built && this.py.api(built, LINEAR)) return { linear: built, activation: null };
      return null;
    }
    if (v.kind === 'name' && depth < 4) {
      const vs = this.py.valuesOf(v.text, at);
      if (vs.length === 1) return this.trace(vs[0]!, this.py.siteOf(vs[0]!) ?? at, depth + 1);
    }
    return null;
  }

  /** The Linear layer whose output a value is (`self.fc(x)`, or a name last assigned from it). */
  linearOf(v: ValueFact, at: Placed, depth: number): CallFact | null {
    const c = this.py.callOf(v);
    if (c) {
      const built = this.moduleBuiltFor(c);
      if (built && this.py.api(built, LINEAR)) return built;
      if (built && this.py.api(built, SEQUENTIAL)) {
        const tail = this.sequentialTail(built);
        return tail && !tail.activation ? tail.linear : null;
      }
      return null;
    }
    if (v.kind === 'name' && depth < 4) {
      const vs = this.py.valuesOf(v.text, at);
      if (vs.length === 1) return this.linearOf(vs[0]!, this.py.siteOf(vs[0]!) ?? at, depth + 1);
    }
    return null;
  }
}

function dedupe(outs: FinalOutput[]): FinalOutput[] {
  const seen = new Set<string>();
  return outs.filter(o => {
    const key = `${o.activation?.call.span.start ?? -1}:${o.linear?.span.start ?? -1}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
