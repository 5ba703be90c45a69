import { Query, type Language, type Node } from 'web-tree-sitter';
import type { LineIndex } from '../parser/line-index';
import type { PythonDocument, Span } from '../parser/python-document';
import { matchesApi, type ApiFamily } from './api';
import { readArgs, readBinding } from './tree-readers';
import { argsFromText } from './source-text';
import type { FactIndex } from './fact-index';
import {
  isDef, isLoop, type ArgFact, type AssignFact, type Binding, type CallFact, type ClassFact, type CommentFact,
  type ContainerFact, type DefFact, type Placed, type ImportFact, type LoopFact, type ReturnFact,
  type StmtFact, type ValueFact,
} from './facts';

/**
 * The Python-level view of one document for one lint, over the document's indexed facts (which outlive the
 * lint): imports and what names resolve to, same-file functions and their call sites, where each call sits
 * (function, loops, conditions), assignments. Rules and ScriptFacts read everything through it; what it works
 * out is memoized for the lint.
 */
export class SemanticModel {
  readonly text: string;
  readonly lines: LineIndex;
  // every fact of the document, in document order (the index's arrays: read-only here)
  readonly calls: readonly CallFact[];
  readonly stmts: readonly StmtFact[];
  readonly assigns: readonly AssignFact[];
  readonly returns: readonly ReturnFact[];
  readonly imports: readonly ImportFact[];
  readonly defs: readonly DefFact[];
  readonly classes: readonly ClassFact[];
  readonly loops: readonly LoopFact[];
  /** Leading comments and docstrings of the file, before its first statement of code. */
  readonly leadingEnd: number;
  private readonly leading: Span[] = [];

  private readonly importMap = new Map<string, string>();
  private readonly localNames = new Set<string>();
  private readonly stmtsByBlock = new Map<number, StmtFact[]>();
  private readonly callers = new Map<DefFact, CallFact[]>();
  private readonly bodyCalls = new Map<ContainerFact | null, CallFact[]>();
  private defIndex: { functions: Map<string, DefFact[]>; methods: Map<ClassFact, Map<string, DefFact[]>> } | undefined;
  private readonly qualified = new Map<string, { q: string; rooted: boolean }>();
  private readonly resolvedFn = new Map<CallFact, DefFact | null>();

  constructor(private readonly doc: PythonDocument, private readonly index: FactIndex) {
    this.text = doc.text;
    this.lines = doc.lines;
    ({ calls: this.calls, stmts: this.stmts, assigns: this.assigns, returns: this.returns, imports: this.imports } = index);
    ({ defs: this.defs, classes: this.classes, loops: this.loops } = index);
    let leadingEnd = 0;
    for (const s of index.statements) {
      if (!s.isComment && !s.isDocstring) break;
      leadingEnd = s.span.end;
      if (s.isComment) this.leading.push(s.span);
    }
    this.leadingEnd = leadingEnd;
    for (const i of this.imports) this.importMap.set(i.local, i.qualified);
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
    let m = this.apiCache.get(f);
    if (!m) this.apiCache.set(f, (m = new Map()));
    let r = m.get(call.callee);
    if (r === undefined) {
      const { q, rooted } = this.qualify(call.callee);
      m.set(call.callee, (r = matchesApi(q, rooted, f)));
    }
    return r;
  }

  private readonly apiCache = new Map<ApiFamily, Map<string, string | null>>();

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
    return this.index.callsNamed(name);
  }

  /** The assignment whose value is exactly this span (`x = <span>`). */
  assignmentOfValue(span: Span): AssignFact | null {
    return valueHolder(this.assigns, span);
  }

  /** The return statement whose value is exactly this span. */
  returnOfValue(span: Span): ReturnFact | null {
    return valueHolder(this.returns, span);
  }

  /** The call a value is, when the value is a call expression. */
  callOf(v: ValueFact | null | undefined): CallFact | null {
    if (!v || v.kind !== 'call') return null;
    return this.callAtSpan(v.span);
  }

  callAtSpan(span: Span): CallFact | null {
    const calls = this.calls;
    for (let i = lowerBound(calls, span.start); i < calls.length && calls[i]!.span.start === span.start; i++) {
      if (calls[i]!.span.end === span.end) return calls[i]!;
    }
    return null;
  }

  // ---- arguments

  args(call: CallFact): ArgFact[] {
    if (call.args) return call.args;
    const fromText = call.broken ? null : argsFromText(this.text, call.argsSpan.start, call.span.end);
    if (fromText) return (call.args = fromText);
    const node = this.nodeOf(call);
    call.args = node ? readArgs(node, this.text, this.doc.tree.language.types) : [];
    return call.args;
  }

  binding(call: CallFact): Binding {
    if (call.binding) return call.binding;
    // most results are assigned or returned: the facts say so without the tree
    const a = this.assignmentOfValue(call.span);
    if (a) return (call.binding = { target: a.targets.join(', ') });
    if (this.returnOfValue(call.span)) return (call.binding = { returned: true });
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
    // the smallest node covering the span is the call itself, unless the call is broken (then give up)
    for (let i = 0; n && i < 3; i++, n = n.parent) {
      if (n.startIndex === call.span.start && n.endIndex === call.span.end) return this.doc.tree.language.types[n.typeId] === 'call' ? n : null;
    }
    return null;
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

  /** Calls whose nearest enclosing function is `d` (null: module level), in document order. */
  callsIn(d: DefFact | null): readonly CallFact[] {
    return this.callsUnder(d);
  }

  /** Calls executed in each run of the container's body (nested loops and ifs included, nested defs not). */
  callsInBody(c: ContainerFact): readonly CallFact[] {
    return this.callsUnder(c);
  }

  private callsUnder(root: ContainerFact | null): CallFact[] {
    let r = this.bodyCalls.get(root);
    if (!r) this.bodyCalls.set(root, (r = this.under(this.calls, root)));
    return r;
  }

  /** Loops inside a container's body (nested ones too, not inside nested defs); null: module level. */
  loopsUnder(root: ContainerFact | null): LoopFact[] {
    return this.under(this.loops, root);
  }

  /** Assignments run by a container's body (not inside nested defs); null: module level. */
  assignsUnder(root: ContainerFact | null): AssignFact[] {
    return this.under(this.assigns, root);
  }

  /**
   * The facts whose chain of containers reaches `root` without crossing a def or class, in document order: those
   * in its body (after `body.start`, within its span) that share its nearest def or class.
   */
  private under<T extends Placed>(facts: readonly T[], root: ContainerFact | null): T[] {
    const out: T[] = [];
    if (root === null) {
      for (const x of facts) if (ownerOf(x) === null) out.push(x);
      return out;
    }
    if (!root.body) return out;
    const owner = root.kind === 'def' || root.kind === 'class' ? root : ownerOf(root);
    const end = root.span.end;
    for (let i = lowerBound(facts, root.body.start); i < facts.length && facts[i]!.span.start < end; i++) {
      if (ownerOf(facts[i]!) === owner) out.push(facts[i]!);
    }
    return out;
  }

  /** The innermost call whose span holds `offset`, or a call inside the one that does (its chain leads there). */
  callAround(offset: number): CallFact | null {
    return lastBefore(this.calls, offset);
  }

  /** Calls inside a span, in document order. */
  callsWithin(span: Span): CallFact[] {
    const calls = this.calls;
    let lo = 0;
    let hi = calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (calls[mid]!.span.start < span.start) lo = mid + 1;
      else hi = mid;
    }
    const out: CallFact[] = [];
    for (let i = lo; i < calls.length && calls[i]!.span.start < span.end; i++) if (calls[i]!.span.end <= span.end) out.push(calls[i]!);
    return out;
  }

  /** Statements of one block, in order. */
  blockStmts(blockStart: number): readonly StmtFact[] {
    let r = this.stmtsByBlock.get(blockStart);
    if (!r) {
      r = [];
      const stmts = this.stmts;
      // from the block's start until a statement of an enclosing block
      for (let i = blockStart < 0 ? 0 : lowerBound(stmts, blockStart); i < stmts.length; i++) {
        const s = stmts[i]!;
        if (s.blockStart === blockStart) r.push(s);
        else if (s.blockStart < blockStart) break;
      }
      this.stmtsByBlock.set(blockStart, r);
    }
    return r;
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
    this.ensureDefIndex();
    if (call.receiver === null && call.dotted) {
      r = this.pickDef(this.defIndex!.functions.get(call.name) ?? [], call.span.start);
    } else if (call.receiver === 'self') {
      const inDef = this.enclosingDef(call);
      const cls = inDef && this.enclosingClass(inDef);
      if (cls) r = this.pickDef(this.defIndex!.methods.get(cls)?.get(call.name) ?? [], call.span.start);
    }
    this.resolvedFn.set(call, r);
    return r;
  }

  private ensureDefIndex(): void {
    if (!this.defIndex) {
      const functions = new Map<string, DefFact[]>();
      const methods = new Map<ClassFact, Map<string, DefFact[]>>();
      for (const d of this.defs) {
        const cls = this.enclosingClass(d);
        if (cls) {
          let m = methods.get(cls);
          if (!m) methods.set(cls, (m = new Map()));
          push(m, d.name, d);
        } else if (d.className === null) push(functions, d.name, d);
      }
      this.defIndex = { functions, methods };
    }
  }

  /** A method of a class of this file, by name. */
  methodOf(cls: ClassFact, name: string): DefFact | null {
    this.ensureDefIndex();
    const ms = this.defIndex!.methods.get(cls)?.get(name);
    return ms ? ms[ms.length - 1]! : null;
  }

  /** Names of all calls in the file (for scans over names rather than over every call). */
  callNames(): IterableIterator<string> {
    return this.index.callNames();
  }

  /** Among same-named defs, the last one before the call, else the first (a function defined below its caller). */
  private pickDef(candidates: DefFact[], at: number): DefFact | null {
    let best: DefFact | null = null;
    for (const d of candidates) if (d.span.start < at) best = d;
    return best ?? candidates[0] ?? null;
  }

  /** The calls that run a same-file function (see resolveFunction), in document order. */
  callersOf(d: DefFact): readonly CallFact[] {
    let r = this.callers.get(d);
    if (!r) {
      r = this.callsNamed(d.name).filter(c => (c.receiver === null || c.receiver === 'self') && this.resolveFunction(c) === d);
      this.callers.set(d, r);
    }
    return r;
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
    return this.index.assignmentsTo(name);
  }

  /**
   * The value `name` holds at `at`: the last assignment before it in the same function, else a module-level
   * one; for a parameter, what the call sites pass. Several candidates when it is not clear which.
   */
  valuesOf(name: string, at: Placed, depth = 0): ValueFact[] {
    const d = this.enclosingDef(at);
    if (name.startsWith('self.') && d) return this.attributeValues(name, d);
    const byDef = this.assignmentsByDef(name);
    const last = lastBefore(byDef.get(d) ?? [], at.span.start - 1);
    const isParam = d !== null && d.params.some(p => p.name === name);
    let pick: AssignFact | null = last;
    if (!pick && !isParam) {
      // a module-level name: its last module-level assignment before the use, else the first one (defined below)
      const mod = byDef.get(null) ?? [];
      pick = lastBefore(mod, at.span.start - 1) ?? mod[0] ?? null;
    }
    if (pick) return pick.targets.length === 1 && pick.value ? [pick.value] : [];
    if (isParam && depth < 3) return this.paramArguments(d!, name);
    return [];
  }

  private readonly byNameAndDef = new Map<string, Map<DefFact | null, AssignFact[]>>();

  /** Assignments to a name, grouped by the function they run in, in document order. */
  private assignmentsByDef(name: string): Map<DefFact | null, AssignFact[]> {
    let m = this.byNameAndDef.get(name);
    if (!m) {
      m = new Map();
      for (const a of this.assignmentsTo(name)) push(m, this.defOf(a), a);
      this.byNameAndDef.set(name, m);
    }
    return m;
  }

  private readonly assignDefs = new Map<AssignFact, DefFact | null>();

  private defOf(a: AssignFact): DefFact | null {
    let d = this.assignDefs.get(a);
    if (d === undefined) this.assignDefs.set(a, (d = this.enclosingDef(a)));
    return d;
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
    // the last call starting before the value; the innermost call holding it is that one or one of its outers
    for (let x: CallFact | null = lastBefore(this.calls, v.span.start); x; x = x.outer) {
      if (inside(x.argsSpan)) return x;
    }
    const a = lastBefore(this.assigns, v.span.start);
    if (a && inside(a.span)) return a;
    let stmt: StmtFact | null = lastBefore(this.stmts, v.span.start);
    while (stmt && !inside(stmt.span)) stmt = stmt.parent;
    if (!stmt || stmt.kind === 'class') return null;
    // a def's parameter defaults are evaluated where the def is
    if (stmt.kind === 'def' && v.span.start < ((stmt as DefFact).body?.start ?? 0)) return { span: stmt.span, parent: stmt.parent };
    return stmt;
  }

  // ---- read from the tree on demand (rare questions, not worth a node type in the shared pass)

  private scalings_: Span[] | undefined;

  /** Divisions by 255 (`x / 255.`, `x /= 255`): pixels scaled to [0, 1]. */
  get scalings(): readonly Span[] {
    if (!this.scalings_) {
      const out: Span[] = [];
      for (const c of scalingQuery(this.doc.tree.language).captures(this.doc.tree.rootNode)) {
        if (c.name !== 'n' || Number(this.text.slice(c.node.startIndex, c.node.endIndex)) !== 255) continue;
        const op = c.node.parent;
        if (op) out.push({ start: op.startIndex, end: op.endIndex });
      }
      this.scalings_ = out;
    }
    return this.scalings_;
  }

  private returnsByDef: Map<DefFact | null, ReturnFact[]> | undefined;

  /** Return statements of a function (not of functions nested in it). */
  returnsOf(d: DefFact): readonly ReturnFact[] {
    if (!this.returnsByDef) {
      this.returnsByDef = new Map();
      for (const r of this.returns) push(this.returnsByDef, this.enclosingDef(r), r);
    }
    return this.returnsByDef.get(d) ?? [];
  }

  /** Texts of the comments at the top of the file. */
  leadingComments(): string[] {
    return this.leading.map(s => this.text.slice(s.start, s.end));
  }

  /** The offset lies inside a string literal that goes on past it (a multi-line string). */
  insideString(offset: number): boolean {
    for (let n: Node | null = this.doc.tree.rootNode.descendantForIndex(Math.max(0, offset - 1), offset); n; n = n.parent) {
      if (n.type === 'string' || n.type === 'concatenated_string') return n.endIndex > offset;
    }
    return false;
  }

  /** The comment on a line, if there is one (a '#' inside a string is not a comment). */
  commentOnLine(line: number): CommentFact | null {
    const start = this.lines.lineStart(line);
    const end = this.lines.lineEnd(line);
    for (let i = this.text.indexOf('#', start); i >= 0 && i < end; i = this.text.indexOf('#', i + 1)) {
      const n = this.doc.tree.rootNode.descendantForIndex(i, i + 1);
      if (n && n.type === 'comment' && n.startIndex === i) return { span: { start: i, end: n.endIndex }, text: this.text.slice(i, n.endIndex) };
    }
    return null;
  }

  // ---- text helpers for fixes

  indentAt(offset: number): string {
    return this.lines.indentation(this.lines.lineOf(offset));
  }
}

/** The nearest def or class around a fact (null at module level). */
function ownerOf(x: Placed): ContainerFact | null {
  for (let p = x.parent; p; p = p.parent) if (p.kind === 'def' || p.kind === 'class') return p;
  return null;
}

/** The first index whose fact starts at or after `offset`, in an array sorted by start. */
function lowerBound(xs: readonly { span: Span }[], offset: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]!.span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The assignment or return whose value is exactly `span` (the last one whose value starts there). */
function valueHolder<T extends { span: Span; value: ValueFact | null }>(xs: readonly T[], span: Span): T | null {
  // the holder starts before its value; only chained assignments (`a = b = c`) start in between
  for (let i = lowerBound(xs, span.start + 1) - 1; i >= 0; i--) {
    const x = xs[i]!;
    if (x.span.end < span.end) break;
    const v = x.value;
    if (v && v.span.start === span.start) return v.span.end === span.end ? x : null;
  }
  return null;
}

/** The last element starting at or before `offset` in an array sorted by start. */
function lastBefore<T extends { span: Span }>(xs: readonly T[], offset: number): T | null {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]!.span.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? xs[lo - 1]! : null;
}

const scalingQueries = new WeakMap<Language, Query>();

function scalingQuery(language: Language): Query {
  let q = scalingQueries.get(language);
  if (!q) {
    q = new Query(language, `
      (binary_operator operator: "/" right: [(integer) (float)] @n)
      (augmented_assignment operator: "/=" right: [(integer) (float)] @n)
    `);
    scalingQueries.set(language, q);
  }
  return q;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

export { isDef };
