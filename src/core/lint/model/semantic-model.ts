import type { Node } from 'web-tree-sitter';
import type { LineIndex } from '../parser/line-index';
import type { PythonDocument, Span } from '../parser/python-document';
import { matchesApi, type ApiFamily } from './api';
import { readArgs, readBinding } from './extract';
import {
  isDef, isLoop, type ArgFact, type AssignFact, type Binding, type CallFact, type ClassFact, type CommentFact,
  type ContainerFact, type DefFact, type Placed, type ImportFact, type LoopFact, type ReturnFact, type StatementFacts,
  type StmtFact, type ValueFact,
} from './facts';

/**
 * The Python-level view of one document, assembled from the per-statement facts on every lint (cheap: it only
 * indexes facts): imports and what names resolve to, same-file functions and their call sites, where each call
 * sits (function, loops, conditions), assignments. Rules and ScriptFacts read everything through it.
 */
export class SemanticModel {
  readonly text: string;
  readonly lines: LineIndex;
  readonly calls: CallFact[] = [];
  readonly stmts: StmtFact[] = [];
  readonly assigns: AssignFact[] = [];
  readonly returns: ReturnFact[] = [];
  readonly imports: ImportFact[] = [];
  readonly comments: CommentFact[] = [];
  readonly scalings: Span[] = [];
  readonly defs: DefFact[] = [];
  readonly classes: ClassFact[] = [];
  readonly loops: LoopFact[] = [];
  /** Leading comments and docstrings of the file, before its first statement of code. */
  readonly leadingEnd: number;

  private readonly importMap = new Map<string, string>();
  private readonly byName = new Map<string, CallFact[]>();
  private readonly localNames = new Set<string>();
  private byStart: Map<number, CallFact[]> | undefined;
  private assignsByTarget: Map<string, AssignFact[]> | undefined;
  private stmtsByBlock: Map<number, StmtFact[]> | undefined;
  private callsByDef: Map<DefFact | null, CallFact[]> | undefined;
  private callers: Map<DefFact, CallFact[]> | undefined;
  private readonly qualified = new Map<string, { q: string; rooted: boolean }>();
  private readonly resolvedFn = new Map<CallFact, DefFact | null>();

  constructor(private readonly doc: PythonDocument, statements: readonly StatementFacts[]) {
    this.text = doc.text;
    this.lines = doc.lines;
    let leadingEnd = 0;
    let leading = true;
    for (const s of statements) {
      if (leading) {
        if (s.isComment || s.isDocstring) leadingEnd = s.span.end;
        else leading = false;
      }
      for (const c of s.calls) {
        this.calls.push(c);
        if (c.name) push(this.byName, c.name, c);
      }
      for (const st of s.stmts) {
        this.stmts.push(st);
        if (st.kind === 'def') this.defs.push(st as DefFact);
        else if (st.kind === 'class') this.classes.push(st as ClassFact);
        else if (isLoop(st)) this.loops.push(st);
      }
      for (const a of s.assigns) this.assigns.push(a);
      for (const r of s.returns) this.returns.push(r);
      for (const i of s.imports) {
        this.imports.push(i);
        this.importMap.set(i.local, i.qualified);
      }
      for (const c of s.comments) this.comments.push(c);
      for (const x of s.scalings) this.scalings.push(x);
    }
    this.leadingEnd = leadingEnd;
    for (const d of this.defs) if (d.className === null) this.localNames.add(d.name);
    for (const c of this.classes) this.localNames.add(c.name);
  }

  // ---- names and APIs

  /** What a dotted callee stands for, through the file's imports; `rooted` when its first name is defined here. */
  qualify(dotted: string): { q: string; rooted: boolean } {
    let r = this.qualified.get(dotted);
    if (r) return r;
    const clean = dotted.replace(/\s+/g, '').replace(/\\/g, '');
    const dot = clean.indexOf('.');
    const root = dot < 0 ? clean : clean.slice(0, dot);
    const target = this.importMap.get(root);
    if (target !== undefined) r = { q: target + (dot < 0 ? '' : clean.slice(dot)), rooted: true };
    else r = { q: clean, rooted: this.localNames.has(root) || this.isAssigned(root) };
    this.qualified.set(dotted, r);
    return r;
  }

  /** The API name a call resolves to within a family, or null. */
  api(call: CallFact, f: ApiFamily): string | null {
    if (!call.dotted || !f.names.has(call.name)) return null;
    const { q, rooted } = this.qualify(call.callee);
    return matchesApi(q, rooted, f);
  }

  /** Same for a value written as a dotted name (`nn.Module` in a class's bases). */
  apiName(dotted: string, f: ApiFamily): string | null {
    const { q, rooted } = this.qualify(dotted);
    return matchesApi(q, rooted, f);
  }

  private isAssigned(name: string): boolean {
    return this.assignmentsTo(name).length > 0;
  }

  /** The name is imported with `from <module> import *`, or from <module> by name. */
  importOf(local: string): ImportFact | undefined {
    for (let i = this.imports.length - 1; i >= 0; i--) if (this.imports[i]!.local === local) return this.imports[i];
    return undefined;
  }

  callsNamed(name: string): readonly CallFact[] {
    return this.byName.get(name) ?? [];
  }

  /** The call a value is, when the value is a call expression. */
  callOf(v: ValueFact | null | undefined): CallFact | null {
    if (!v || v.kind !== 'call') return null;
    return this.callAtSpan(v.span);
  }

  callAtSpan(span: Span): CallFact | null {
    for (const c of this.byStartMap().get(span.start) ?? []) if (c.span.end === span.end) return c;
    return null;
  }

  // ---- arguments

  args(call: CallFact): ArgFact[] {
    if (call.args) return call.args;
    const node = this.nodeOf(call);
    call.args = node ? readArgs(node, this.text, this.doc.tree.language.types) : [];
    return call.args;
  }

  binding(call: CallFact): Binding {
    if (call.binding) return call.binding;
    const node = this.nodeOf(call);
    call.binding = node ? readBinding(node, this.text, this.doc.tree.language.types) : {};
    return call.binding;
  }

  /** An argument by keyword, or by position among the positional ones. */
  arg(call: CallFact, keyword: string | null, position = -1): ArgFact | null {
    let i = 0;
    for (const a of this.args(call)) {
      if (a.keyword !== null) {
        if (a.keyword === keyword) return a;
      } else if (a.value.kind !== 'splat') {
        if (i === position) return a;
        i++;
      }
    }
    return null;
  }

  positionalArgs(call: CallFact): ArgFact[] {
    return this.args(call).filter(a => a.keyword === null && a.value.kind !== 'splat');
  }

  hasSplat(call: CallFact): boolean {
    return this.args(call).some(a => a.value.kind === 'splat');
  }

  /** The call's node in the current tree (facts of reused statements have no nodes). */
  private nodeOf(call: CallFact): Node | null {
    let n: Node | null = this.doc.tree.rootNode.descendantForIndex(call.span.start, call.span.end);
    while (n && (n.startIndex !== call.span.start || n.endIndex !== call.span.end || n.type !== 'call')) {
      if (n.startIndex < call.span.start || n.endIndex > call.span.end) return null;
      n = n.parent;
    }
    return n;
  }

  // ---- places

  enclosingDef(x: Placed): DefFact | null {
    for (let p = x.parent; p; p = p.parent) if (p.kind === 'def') return p as DefFact;
    return null;
  }

  enclosingClass(d: DefFact): ClassFact | null {
    return d.parent && d.parent.kind === 'class' ? (d.parent as ClassFact) : null;
  }

  /** `x` runs as part of each execution of `c`'s body (no def boundary in between). */
  inBody(x: Placed, c: ContainerFact): boolean {
    for (let p = x.parent; p; p = p.parent) {
      if (p === c) return true;
      if (p.kind === 'def' || p.kind === 'class') return false;
    }
    return false;
  }

  /** Loops around `x` within its function, innermost first. */
  loopsAround(x: Placed): LoopFact[] {
    const out: LoopFact[] = [];
    for (let p = x.parent; p; p = p.parent) {
      if (p.kind === 'def' || p.kind === 'class') break;
      if (isLoop(p)) out.push(p);
    }
    return out;
  }

  /** `x` sits under an `if` inside `within` (or inside its function when `within` is null). */
  isConditional(x: Placed, within: ContainerFact | null): boolean {
    for (let p = x.parent; p && p !== within; p = p.parent) {
      if (p.kind === 'def' || p.kind === 'class') return false;
      if (p.kind === 'if' && !(p as { mainGuard?: boolean }).mainGuard) return true;
    }
    return false;
  }

  /** Calls whose nearest enclosing function is `d` (null: module level). */
  callsIn(d: DefFact | null): readonly CallFact[] {
    if (!this.callsByDef) {
      this.callsByDef = new Map();
      for (const c of this.calls) push(this.callsByDef, this.enclosingDef(c), c);
    }
    return this.callsByDef.get(d) ?? [];
  }

  /** Calls executed in each run of the container's body. */
  callsInBody(c: ContainerFact): CallFact[] {
    const d = c.kind === 'def' ? (c as DefFact) : this.enclosingDef(c);
    return this.callsIn(d).filter(x => x !== null && (c.kind === 'def' || this.inBody(x, c)));
  }

  /** Statements of one block, in order. */
  blockStmts(blockStart: number): readonly StmtFact[] {
    if (!this.stmtsByBlock) {
      this.stmtsByBlock = new Map();
      for (const s of this.stmts) push(this.stmtsByBlock, s.blockStart, s);
    }
    return this.stmtsByBlock.get(blockStart) ?? [];
  }

  /** The statement of `blockStart`'s block that holds the span. */
  stmtInBlock(blockStart: number, span: Span): StmtFact | null {
    for (const s of this.blockStmts(blockStart)) if (s.span.start <= span.start && span.end <= s.span.end) return s;
    return null;
  }

  // ---- same-file functions

  /** The same-file function a call runs: `f(...)` for a module-level def, `self.m(...)` for a method of the class. */
  resolveFunction(call: CallFact): DefFact | null {
    let r = this.resolvedFn.get(call);
    if (r !== undefined) return r;
    r = null;
    if (call.receiver === null && call.dotted) {
      r = this.pickDef(this.defs.filter(d => d.name === call.name && d.className === null), call.span.start);
    } else if (call.receiver === 'self') {
      const inDef = this.enclosingDef(call);
      const cls = inDef && this.enclosingClass(inDef);
      if (cls) r = this.pickDef(this.defs.filter(d => d.name === call.name && this.enclosingClass(d) === cls), call.span.start);
    }
    this.resolvedFn.set(call, r);
    return r;
  }

  /** Among same-named defs, the last one before the call, else the first (a function defined below its caller). */
  private pickDef(candidates: DefFact[], at: number): DefFact | null {
    let best: DefFact | null = null;
    for (const d of candidates) if (d.span.start < at) best = d;
    return best ?? candidates[0] ?? null;
  }

  callersOf(d: DefFact): readonly CallFact[] {
    if (!this.callers) {
      this.callers = new Map();
      for (const c of this.calls) {
        if (c.receiver !== null && c.receiver !== 'self') continue;
        const f = this.resolveFunction(c);
        if (f) push(this.callers, f, c);
      }
    }
    return this.callers.get(d) ?? [];
  }

  /** Arguments passed for a parameter at the function's call sites. */
  paramArguments(d: DefFact, param: string): ValueFact[] {
    const p = d.params.find(x => x.name === param);
    if (!p) return [];
    const out: ValueFact[] = [];
    const offset = d.params[0]?.name === 'self' && d.className !== null ? 1 : 0;
    for (const c of this.callersOf(d)) {
      const a = this.arg(c, p.name, p.index >= 0 ? p.index - offset : -1);
      if (a) out.push(a.value);
    }
    if (out.length === 0 && p.default) out.push(p.default);
    return out;
  }

  // ---- assignments

  assignmentsTo(name: string): readonly AssignFact[] {
    if (!this.assignsByTarget) {
      this.assignsByTarget = new Map();
      for (const a of this.assigns) for (const t of a.targets) push(this.assignsByTarget, t, a);
    }
    return this.assignsByTarget.get(name) ?? [];
  }

  /**
   * The value `name` holds at `at`: the last assignment before it in the same function, else a module-level
   * one; for a parameter, what the call sites pass. Several candidates when it is not clear which.
   */
  valuesOf(name: string, at: Placed, depth = 0): ValueFact[] {
    const d = this.enclosingDef(at);
    if (name.startsWith('self.') && d) return this.attributeValues(name, d);
    let last: AssignFact | null = null;
    let module: AssignFact | null = null;
    for (const a of this.assignmentsTo(name)) {
      const ad = this.enclosingDef(a);
      if (ad === d && a.span.start < at.span.start) last = a;
      else if (ad === null && (module === null || a.span.start < at.span.start)) module = a;
    }
    const isParam = d !== null && d.params.some(p => p.name === name);
    const pick = last ?? (isParam ? null : module);
    if (pick) return pick.targets.length === 1 && pick.value ? [pick.value] : [];
    if (isParam && depth < 3) return this.paramArguments(d!, name);
    return [];
  }

  /** `self.x` in a method: what the class's methods assign to it (`__init__` first). */
  private attributeValues(name: string, d: DefFact): ValueFact[] {
    const cls = this.enclosingClass(d);
    if (!cls) return [];
    const out: ValueFact[] = [];
    for (const a of this.assignmentsTo(name)) {
      const ad = this.enclosingDef(a);
      if (ad && this.enclosingClass(ad) === cls && a.targets.length === 1 && a.value) {
        if (ad.name === '__init__') out.unshift(a.value);
        else out.push(a.value);
      }
    }
    return out;
  }

  /**
   * The calls that built a value: follows names through assignments and parameters (a few hops), so that
   * `scheduler.step()` inside `train_model(..., scheduler)` finds the `StepLR(...)` passed at the call site.
   */
  constructions(v: ValueFact, at: Placed, depth = 0): { call: CallFact; value: ValueFact }[] {
    if (v.kind === 'call') {
      const c = this.callOf(v);
      return c ? [{ call: c, value: v }] : [];
    }
    if ((v.kind !== 'name' && v.kind !== 'attribute') || depth > 4) return [];
    const site = this.siteOf(v) ?? at;
    const out: { call: CallFact; value: ValueFact }[] = [];
    for (const w of this.valuesOf(v.text, site, depth)) if (w !== v) out.push(...this.constructions(w, this.siteOf(w) ?? site, depth + 1));
    return out;
  }

  /** Same, starting from a name used at `at`. */
  constructionsOfName(name: string, at: Placed): { call: CallFact; value: ValueFact }[] {
    const out: { call: CallFact; value: ValueFact }[] = [];
    for (const w of this.valuesOf(name, at)) out.push(...this.constructions(w, this.siteOf(w) ?? at, 1));
    return out;
  }

  /** A placed fact around a value (the innermost call or the assignment holding it), to resolve names from. */
  siteOf(v: ValueFact): Placed | null {
    const c = this.callAtSpan(v.span);
    if (c) return c;
    const inside = (s: Span) => s.start <= v.span.start && v.span.end <= s.end;
    let best: CallFact | null = null;
    for (const x of this.calls) if (inside(x.argsSpan) && (!best || x.span.start >= best.span.start)) best = x;
    if (best) return best;
    for (const a of this.assigns) if (inside(a.span)) return a;
    let stmt: StmtFact | null = null;
    for (const s of this.stmts) if (s.kind !== 'class' && inside(s.span) && (s.kind !== 'def' || v.span.start < ((s as DefFact).body?.start ?? 0))) stmt = s;
    // a def's parameter defaults are evaluated where the def is
    return stmt && stmt.kind === 'def' ? { span: stmt.span, parent: stmt.parent } : stmt;
  }

  private byStartMap(): Map<number, CallFact[]> {
    if (!this.byStart) {
      this.byStart = new Map();
      for (const c of this.calls) push(this.byStart, c.span.start, c);
    }
    return this.byStart;
  }

  // ---- text helpers for fixes

  indentAt(offset: number): string {
    return this.lines.indentation(this.lines.lineOf(offset));
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

export { isDef };
