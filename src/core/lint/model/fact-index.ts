import type { AssignFact, CallFact, ClassFact, DefFact, ImportFact, LoopFact, ReturnFact, StatementFacts, StmtFact } from './facts';

/**
 * The facts of every statement of a document in document order, with the by-name indexes the model looks things
 * up in. It lives as long as the document: after an edit the facts of the re-extracted statements are spliced
 * out and in (the facts of the statements after the edit were shifted in place), so a one-line edit costs the
 * edited statement's facts, not a rebuild of 10k lines' worth of arrays and maps.
 */
export class FactIndex {
  /** Top-level statements and the statements recovered after broken lines, in document order. */
  readonly statements: StatementFacts[] = [];
  readonly calls: CallFact[] = [];
  readonly stmts: StmtFact[] = [];
  readonly assigns: AssignFact[] = [];
  readonly returns: ReturnFact[] = [];
  readonly imports: ImportFact[] = [];
  readonly defs: DefFact[] = [];
  readonly classes: ClassFact[] = [];
  readonly loops: LoopFact[] = [];
  private readonly callsByName = new Map<string, CallFact[]>();
  private readonly assignsByTarget = new Map<string, AssignFact[]>();

  constructor(entries: readonly StatementFacts[]) {
    const flat = flatten(entries);
    for (const s of flat) this.statements.push(s);
    collectInto(flat, this);
    for (const c of this.calls) if (c.name) push(this.callsByName, c.name, c);
    for (const a of this.assigns) for (const t of a.targets) push(this.assignsByTarget, t, a);
  }

  /** Calls whose callee's last name is `name`, in document order. */
  callsNamed(name: string): readonly CallFact[] {
    return this.callsByName.get(name) ?? NONE;
  }

  /** Every name some call is made by. */
  callNames(): IterableIterator<string> {
    return this.callsByName.keys();
  }

  /** Assignments to a target written exactly so (`x`, `self.fc`), in document order. */
  assignmentsTo(target: string): readonly AssignFact[] {
    return this.assignsByTarget.get(target) ?? NONE;
  }

  /**
   * Replaces the facts of the `removed` entries, which directly follow the `before` entries, by the facts of
   * `added`. The entries after them must already hold their new offsets.
   */
  replace(before: readonly StatementFacts[], removed: readonly StatementFacts[], added: readonly StatementFacts[]): void {
    const b = collect(flatten(before), true);
    const remFlat = flatten(removed);
    const rem = collect(remFlat);
    const addFlat = flatten(added);
    const add = collect(addFlat);
    spliceIn(this.statements, b.statements, remFlat.length, addFlat);
    spliceIn(this.calls, b.calls, rem.calls.length, add.calls);
    spliceIn(this.stmts, b.stmts, rem.stmts.length, add.stmts);
    spliceIn(this.assigns, b.assigns, rem.assigns.length, add.assigns);
    spliceIn(this.returns, b.returns, rem.returns.length, add.returns);
    spliceIn(this.imports, b.imports, rem.imports.length, add.imports);
    spliceIn(this.defs, b.defs, rem.defs.length, add.defs);
    spliceIn(this.classes, b.classes, rem.classes.length, add.classes);
    spliceIn(this.loops, b.loops, rem.loops.length, add.loops);
    for (const c of rem.calls) if (c.name) remove(this.callsByName, c.name, c);
    for (const a of rem.assigns) for (const t of a.targets) remove(this.assignsByTarget, t, a);
    for (const c of add.calls) if (c.name) insert(this.callsByName, c.name, c);
    for (const a of add.assigns) for (const t of a.targets) insert(this.assignsByTarget, t, a);
  }
}

const NONE: readonly never[] = [];

/** Array.splice without spreading (the arrays of a large file exceed the arguments a call can take). */
function spliceIn<T>(a: T[], at: number, removeCount: number, items: readonly T[]): void {
  const tail = a.slice(at + removeCount);
  a.length = at;
  for (const x of items) a.push(x);
  for (const x of tail) a.push(x);
}

function flatten(entries: readonly StatementFacts[]): StatementFacts[] {
  const out: StatementFacts[] = [];
  const add = (e: StatementFacts) => {
    out.push(e);
    if (e.recovered) for (const r of e.recovered) add(r);
  };
  for (const e of entries) add(e);
  return out;
}

interface Collected {
  calls: CallFact[];
  stmts: StmtFact[];
  assigns: AssignFact[];
  returns: ReturnFact[];
  imports: ImportFact[];
  defs: DefFact[];
  classes: ClassFact[];
  loops: LoopFact[];
}

function collect(flat: readonly StatementFacts[]): Collected;
function collect(flat: readonly StatementFacts[], countOnly: true): Record<keyof Collected | 'statements', number>;
function collect(flat: readonly StatementFacts[], countOnly = false): Collected | Record<keyof Collected | 'statements', number> {
  if (countOnly) {
    const n = { statements: flat.length, calls: 0, stmts: 0, assigns: 0, returns: 0, imports: 0, defs: 0, classes: 0, loops: 0 };
    for (const s of flat) {
      n.calls += s.calls.length;
      n.stmts += s.stmts.length;
      n.assigns += s.assigns.length;
      n.returns += s.returns.length;
      n.imports += s.imports.length;
      for (const st of s.stmts) {
        if (st.kind === 'def') n.defs++;
        else if (st.kind === 'class') n.classes++;
        else if (st.kind === 'for' || st.kind === 'while') n.loops++;
      }
    }
    return n;
  }
  const c: Collected = { calls: [], stmts: [], assigns: [], returns: [], imports: [], defs: [], classes: [], loops: [] };
  collectInto(flat, c);
  return c;
}

/** Appends the facts of the statements to the arrays of `c`, in document order (one pass, no spreading). */
function collectInto(flat: readonly StatementFacts[], c: Collected): void {
  for (const s of flat) {
    for (const x of s.calls) c.calls.push(x);
    for (const x of s.assigns) c.assigns.push(x);
    for (const x of s.returns) c.returns.push(x);
    for (const x of s.imports) c.imports.push(x);
    for (const st of s.stmts) {
      c.stmts.push(st);
      if (st.kind === 'def') c.defs.push(st as DefFact);
      else if (st.kind === 'class') c.classes.push(st as ClassFact);
      else if (st.kind === 'for' || st.kind === 'while') c.loops.push(st as LoopFact);
    }
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function remove<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (!a) return;
  const i = a.indexOf(v);
  if (i >= 0) a.splice(i, 1);
  if (a.length === 0) m.delete(k);
}

/** Inserts at its place in document order. */
function insert<K, V extends { span: { start: number } }>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (!a) {
    m.set(k, [v]);
    return;
  }
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]!.span.start <= v.span.start) lo = mid + 1;
    else hi = mid;
  }
  a.splice(lo, 0, v);
}
