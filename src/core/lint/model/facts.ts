import type { Span } from '../parser/python-document';

/**
 * The facts one pass over the parse tree extracts: plain data with offsets into the current text, no tree nodes,
 * so that the facts of an unchanged top-level statement survive a re-parse (shifted by the edit's length delta).
 * Names and callees are kept as written; resolving them (imports, same-file functions) is the model's job.
 */

export type StmtKind = 'expr' | 'return' | 'with' | 'try' | ContainerKind;
export type ContainerKind = 'def' | 'class' | 'for' | 'while' | 'if';

export interface StmtFact {
  kind: StmtKind;
  span: Span;
  /** Innermost def/class/loop/if whose body holds the statement; null at module level. */
  parent: ContainerFact | null;
  /** Start of the block (indented suite) holding the statement; -1 at module level. */
  blockStart: number;
}

export interface ContainerFact extends StmtFact {
  kind: ContainerKind;
  /** The first block (the body); null while the statement is too broken to have one. */
  body: Span | null;
}

export interface DefFact extends ContainerFact {
  kind: 'def';
  name: string;
  nameSpan: Span;
  params: ParamFact[];
  /** The class whose body holds this def (a method), else null. */
  className: string | null;
}

export interface ParamFact {
  name: string;
  /** Position for positional arguments (self included); -1 for keyword-only and splats. */
  index: number;
  default: ValueFact | null;
}

export interface ClassFact extends ContainerFact {
  kind: 'class';
  name: string;
  /** Base classes as written (`nn.Module`, `pl.LightningModule`). */
  bases: string[];
}

export interface LoopFact extends ContainerFact {
  kind: 'for' | 'while';
  /** `for <target> in ...`; the condition text for while loops. */
  target: string;
  /** The iterable of a for loop. */
  iter: ValueFact | null;
}

export interface IfFact extends ContainerFact {
  kind: 'if';
  condition: string;
  /** `if __name__ == "__main__":` runs unconditionally when the script is run, so it does not count as a condition. */
  mainGuard: boolean;
}

export type ValueKind =
  | 'int' | 'float' | 'true' | 'false' | 'none' | 'string' | 'name' | 'attribute' | 'call' | 'list' | 'tuple'
  | 'dict' | 'subscript' | 'splat' | 'lambda' | 'other';

export interface ValueFact {
  kind: ValueKind;
  span: Span;
  text: string;
  /** The number, for int and float literals (and negated ones). */
  num?: number;
  /** Elements of list and tuple literals. */
  elements?: ValueFact[];
}

export interface ArgFact {
  /** Keyword name; null for positional arguments. */
  keyword: string | null;
  /** The whole argument, `name=value` included. */
  span: Span;
  value: ValueFact;
}

/** Where a call's result goes, for the calls whose role depends on it (DataLoader, Sequential, Compose...). */
export interface Binding {
  /** Assignment target(s) as written (`train_loader`, `self.fc`, `model.fc`). */
  target?: string;
  /** Dict key (`'train'`) when the call is a dict value. */
  key?: string;
  /** The iterable of an enclosing dict/list comprehension (`['train', 'val']`). */
  comprehension?: string;
  /** Keyword the call is passed as (`train_dataloaders=`). */
  keyword?: string;
  /** True when the call is returned from its function. */
  returned?: boolean;
}

export interface CallFact {
  span: Span;
  /** Text of the called expression: `optimizer.step`, `nn.CrossEntropyLoss`, `model(x).softmax`. */
  callee: string;
  calleeSpan: Span;
  /** The callee is a dotted name (identifiers and dots only), so it can be resolved through imports. */
  dotted: boolean;
  /** Last identifier of the callee (`step`); '' when the callee is not a name or an attribute. */
  name: string;
  /** Callee text before its last dot (`optimizer`, `self.scheduler`); null for plain names. */
  receiver: string | null;
  argsSpan: Span;
  /** Detailed arguments: filled during extraction for the APIs the rules read, else on demand by the model. */
  args?: ArgFact[];
  binding?: Binding;
  parent: ContainerFact | null;
  stmt: StmtFact | null;
  /** The call whose arguments hold this one. */
  outer: CallFact | null;
  /** The call whose callee holds this one: `.float()` in `torch.from_numpy(x).float()`. */
  chained: CallFact | null;
  /** Its top-level statement has syntax errors: its arguments are read from the tree, not from the text. */
  broken: boolean;
}

export interface AssignFact {
  /** Target names as written (`x`, `self.fc`, `a` and `b` for `a, b = ...`). */
  targets: string[];
  targetSpan: Span;
  value: ValueFact | null;
  span: Span;
  parent: ContainerFact | null;
  stmt: StmtFact | null;
}

export interface ReturnFact {
  span: Span;
  value: ValueFact | null;
  parent: ContainerFact | null;
}

export interface ImportFact {
  /** The name bound in this file. */
  local: string;
  /** What it stands for: `torch.nn` for `import torch.nn as nn`; `*` imports give local '*'. */
  qualified: string;
  span: Span;
  /** `from <module> import ...` statements keep their module, for adding a name to them. */
  fromModule: string | null;
  /** The statement, for edits that extend an import. */
  stmtSpan: Span;
}

export interface CommentFact {
  span: Span;
  text: string;
}

/** Everything extracted from one top-level statement. */
export interface StatementFacts {
  span: Span;
  stmts: StmtFact[];
  calls: CallFact[];
  assigns: AssignFact[];
  returns: ReturnFact[];
  imports: ImportFact[];
  /** True for a lone comment at module level (leading comments hold file-wide suppressions). */
  isComment: boolean;
  /** True for a module-level string expression (docstring). */
  isDocstring: boolean;
  /**
   * For a top-level ERROR node that swallowed the rest of the file (an unclosed bracket: Python lets brackets
   * span lines, so tree-sitter reads everything after it as one broken expression), the statements found by
   * parsing the text after the broken line on its own.
   */
  recovered?: StatementFacts[];
}

/** Anything with a place in the container tree. */
export interface Placed {
  span: Span;
  parent: ContainerFact | null;
}

export function isContainer(s: StmtFact): s is ContainerFact {
  return s.kind === 'def' || s.kind === 'class' || s.kind === 'for' || s.kind === 'while' || s.kind === 'if';
}

export function isLoop(s: StmtFact | null): s is LoopFact {
  return s !== null && (s.kind === 'for' || s.kind === 'while');
}

export function isDef(s: StmtFact | null): s is DefFact {
  return s !== null && s.kind === 'def';
}

/** Moves every offset of a reused statement's facts by `delta` (the edit was before it). */
export function shiftStatement(f: StatementFacts, delta: number): void {
  if (delta === 0) return;
  const span = (s: Span) => {
    s.start += delta;
    s.end += delta;
  };
  const value = (v: ValueFact | null | undefined) => {
    if (!v) return;
    span(v.span);
    if (v.elements) for (const e of v.elements) value(e);
  };
  span(f.span);
  for (const s of f.stmts) {
    span(s.span);
    if (s.blockStart >= 0) s.blockStart += delta;
    if (isContainer(s) && s.body) span(s.body);
    if (s.kind === 'def') {
      const d = s as DefFact;
      span(d.nameSpan);
      for (const p of d.params) value(p.default);
    } else if (isLoop(s)) value(s.iter);
  }
  for (const c of f.calls) {
    span(c.span);
    span(c.calleeSpan);
    span(c.argsSpan);
    if (c.args) {
      for (const a of c.args) {
        span(a.span);
        value(a.value);
      }
    }
  }
  for (const a of f.assigns) {
    span(a.span);
    span(a.targetSpan);
    value(a.value);
  }
  for (const r of f.returns) {
    span(r.span);
    value(r.value);
  }
  for (const i of f.imports) {
    span(i.span);
    span(i.stmtSpan);
  }
  if (f.recovered) for (const r of f.recovered) shiftStatement(r, delta);
}
