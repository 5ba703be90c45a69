import type { Node } from 'web-tree-sitter';
import { treePoint, type Span } from '../parser/python-document';
import type { PythonLanguage } from '../parser/python-language';
import { DETAILED_CALLS } from './api';
import {
  classFromText, conditionFromText, defFromText, forFromText, importsFromText, returnFromText, valueFromText,
} from './source-text';
import {
  readArgs, readBinding, readClassHeader, readCondition, readDefHeader, readForHeader, readImports, readReturnValue, valueOf,
} from './tree-readers';
import type {
  AssignFact, CallFact, ClassFact, ContainerFact, DefFact, IfFact, LoopFact, StatementFacts, StmtFact, StmtKind, ValueFact,
} from './facts';

/**
 * The node types the single pass asks tree-sitter for. `descendantsOfType` walks the tree inside WASM and hands
 * back only these nodes, in document order (parents first): about a third of the parse time on a 10k-line file,
 * where a JavaScript cursor walk over every node costs as much as the parse itself.
 */
const NODE_TYPES = [
  'import_statement', 'import_from_statement', 'function_definition', 'class_definition', 'for_statement',
  'while_statement', 'if_statement', 'with_statement', 'try_statement', 'block', 'call', 'return_statement',
  'assignment', 'augmented_assignment',
];


interface Frame {
  end: number;
  type: string;
  /** Set for statements and containers. */
  stmt?: StmtFact;
  /** Set for calls. */
  call?: CallFact;
  /** Calls: where the arguments start. */
  argsStart?: number;
  /** Blocks: their start. */
  start?: number;
}

/** Extracts the facts of top-level statements; one instance per language, reused for every document. */
export class FactExtractor {
  private readonly types: string[];

  constructor(private readonly lang: PythonLanguage) {
    this.types = lang.language.types;
  }

  /** Facts of every top-level statement of a module, from one walk inside WASM. */
  extractAll(module: Node, text: string, depth = 0): StatementFacts[] {
    if (isError(module)) {
      // the whole file is one broken expression: keep what follows its first line
      const facts = this.emptyStatement(module.startIndex, module.endIndex);
      facts.recovered = this.recover(text, module.startIndex, module.endIndex, depth);
      return [facts];
    }
    const tops = module.namedChildren;
    const nodes = module.descendantsOfType(NODE_TYPES);
    // in an error-free tree (the usual case) no statement needs its own error check
    const broken = module.hasError;
    const out: StatementFacts[] = [];
    let ni = 0;
    let leading = true;
    for (const top of tops) {
      if (!top) continue;
      const start = top.startIndex;
      const end = top.endIndex;
      while (ni < nodes.length && nodes[ni]!.startIndex < start) ni++;
      const from = ni;
      while (ni < nodes.length && nodes[ni]!.startIndex < end) ni++;
      const topBroken = broken && top.hasError;
      const facts = new StatementPass(this.types, text, topBroken, depth > 0).run(top, start, end, nodes, from, ni, leading);
      leading &&= facts.isComment || facts.isDocstring;
      if (topBroken && isError(top)) this.recoverInto(facts, text, depth);
      out.push(facts);
    }
    return out;
  }

  /** Facts of one top-level statement (after an edit). */
  extract(top: Node, text: string): StatementFacts {
    const broken = top.hasError;
    const nodes = top.descendantsOfType(NODE_TYPES);
    const facts = new StatementPass(this.types, text, broken).run(top, top.startIndex, top.endIndex, nodes, 0, nodes.length, true);
    if (broken && isError(top)) this.recoverInto(facts, text, 0);
    return facts;
  }

  /** Replaces what the broken statement's own parse made of the text after its first line by the recovery. */
  private recoverInto(facts: StatementFacts, text: string, depth: number): void {
    const from = nextTopLevelLine(text, facts.span.start, facts.span.end);
    if (from < 0) return;
    const before = (x: { span: Span }) => x.span.start < from;
    facts.stmts = facts.stmts.filter(before);
    facts.calls = facts.calls.filter(before);
    facts.assigns = facts.assigns.filter(before);
    facts.returns = facts.returns.filter(before);
    facts.imports = facts.imports.filter(before);
    facts.recovered = this.recover(text, facts.span.start, facts.span.end, depth);
  }

  /**
   * Statements after a broken line: the text from the next line that starts at column 0 with code, parsed on
   * its own (tree-sitter's included ranges keep the offsets of the whole text).
   */
  private recover(text: string, start: number, end: number, depth: number): StatementFacts[] {
    if (depth >= 8) return [];
    const from = nextTopLevelLine(text, start, end);
    if (from < 0) return [];
    const tree = this.lang.parser.parse(text, null, {
      includedRanges: [{ startIndex: from, endIndex: end, startPosition: treePoint(text, from), endPosition: treePoint(text, end) }],
    });
    if (!tree) return [];
    try {
      return this.extractAll(tree.rootNode, text, depth + 1).filter(f => f.span.start >= from);
    } finally {
      tree.delete();
    }
  }

  private emptyStatement(start: number, end: number): StatementFacts {
    return {
      span: { start, end }, stmts: [], calls: [], assigns: [], returns: [], imports: [],
      isComment: false, isDocstring: false,
    };
  }
}

function isError(n: Node): boolean {
  return n.typeId === 65535 || n.isError;
}

/** Offset of the first line after `start`'s line that begins at column 0 with code, before `end`; else -1. */
function nextTopLevelLine(text: string, start: number, end: number): number {
  let i = text.indexOf('\n', start);
  while (i >= 0 && i + 1 < end) {
    const c = text[i + 1]!;
    if (!/[\s#)\]}]/.test(c)) return i + 1;
    i = text.indexOf('\n', i + 1);
  }
  return -1;
}

class StatementPass {
  private readonly stack: Frame[] = [];
  private readonly out: StatementFacts;
  private readonly detailed: { node: Node; call: CallFact }[] = [];
  /** The node after the one being visited (a call sharing its start is inside its callee). */
  private next: Node | undefined;

  /**
   * @param broken the statement holds ERROR or MISSING nodes: read everything from the tree, none of it from
   *   the text (the text readers assume well-formed code)
   */
  constructor(private readonly types: string[], private readonly text: string, private readonly broken: boolean, private readonly eagerDetails = false) {
    this.out = {
      span: { start: 0, end: 0 }, stmts: [], calls: [], assigns: [], returns: [], imports: [],
      isComment: false, isDocstring: false,
    };
  }

  /** The facts of `root` (a top-level statement), from its nodes: nodes[from, to). */
  run(root: Node, start: number, end: number, nodes: Node[], from: number, to: number, checkDocstring: boolean): StatementFacts {
    const out = this.out;
    out.span = { start, end };
    // a well-formed top-level statement that starts with '#' is a comment
    out.isComment = this.broken ? this.type(root) === 'comment' : this.text.charCodeAt(start) === 35;
    if (checkDocstring && !out.isComment && this.type(root) === 'expression_statement') {
      const first = root.firstNamedChild;
      out.isDocstring = first !== null && this.type(first) === 'string';
    }
    for (let i = from; i < to; i++) {
      this.next = i + 1 < to ? nodes[i + 1] : undefined;
      this.visit(nodes[i]!);
    }
    for (const { node, call } of this.detailed) {
      call.args = readArgs(node, this.text, this.types);
      call.binding = readBinding(node, this.text, this.types);
    }
    return out;
  }

  private type(node: Node): string {
    return this.types[node.typeId] ?? 'ERROR';
  }

  private visit(node: Node): void {
    const start = node.startIndex;
    const end = node.endIndex;
    const type = this.type(node);
    const stack = this.stack;
    while (stack.length > 0 && stack[stack.length - 1]!.end <= start) stack.pop();
    switch (type) {
      case 'block': {
        // the first block of a compound statement is its body; later ones are elif/else/except clauses
        for (let i = stack.length - 1; i >= 0; i--) {
          const s = stack[i]!.stmt;
          if (s && s.kind !== 'expr' && s.kind !== 'return') {
            if ('body' in s && (s as ContainerFact).body === null) (s as ContainerFact).body = { start, end };
            break;
          }
        }
        stack.push({ end, type, start });
        return;
      }
      case 'call':
        this.expressionStatement(start, end);
        this.call(node, start, end);
        return;
      case 'return_statement':
        this.returnStatement(node, start, end);
        return;
      case 'with_statement':
        this.statement('with', start, end);
        return;
      case 'try_statement':
        this.statement('try', start, end);
        return;
      case 'assignment':
        this.expressionStatement(start, end);
        this.assignment(node, start, end);
        return;
      case 'augmented_assignment':
        this.expressionStatement(start, end);
        return;
      case 'function_definition':
        this.def(node, start, end);
        return;
      case 'class_definition':
        this.classDef(node, start, end);
        return;
      case 'for_statement':
      case 'while_statement':
        this.loop(node, type, start, end);
        return;
      case 'if_statement':
        this.ifStatement(node, start, end);
        return;
      case 'import_statement':
      case 'import_from_statement':
        this.imports(node, start, end);
        return;
    }
  }

  /** Innermost container whose body holds `offset` (containers whose header holds it are skipped). */
  private container(offset: number): ContainerFact | null {
    const stack = this.stack;
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i]!;
      const s = f.stmt;
      if (!s || s.kind === 'expr' || s.kind === 'return' || s.kind === 'with' || s.kind === 'try') continue;
      const c = s as ContainerFact;
      if (c.body !== null && offset >= c.body.start) return c;
    }
    return null;
  }

  private innermostStmt(): StmtFact | null {
    const stack = this.stack;
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.stmt) return stack[i]!.stmt!;
    return null;
  }

  private blockStart(): number {
    const stack = this.stack;
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.type === 'block') return stack[i]!.start!;
    return -1;
  }

  private pushStmt<T extends StmtFact>(s: T, end: number, type: string): T {
    this.out.stmts.push(s);
    this.stack.push({ end, type, stmt: s });
    return s;
  }

  private statement(kind: StmtKind, start: number, end: number): StmtFact {
    return this.pushStmt({ kind, span: { start, end }, parent: this.container(start), blockStart: this.blockStart() }, end, kind);
  }

  /**
   * Calls and assignments that make up a whole statement line become statements (the facts the fixes anchor
   * on); tree-sitter's expression_statement nodes are not fetched, which saves a third of the nodes.
   */
  private expressionStatement(start: number, end: number): void {
    const top = this.stack[this.stack.length - 1];
    if (top && (top.call || (top.stmt && (top.stmt.kind === 'expr' || top.stmt.kind === 'return')))) return;
    const text = this.text;
    let i = start - 1;
    while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
    const before = i < 0 ? 10 : text.charCodeAt(i);
    const startsStatement = before === 10 || before === 13 || before === 59 /* ; */ || this.blockStart() === start;
    if (!startsStatement) return;
    let j = end;
    while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    const after = j >= text.length ? 10 : text.charCodeAt(j);
    if (after !== 10 && after !== 13 && after !== 59 && after !== 35 /* # */) return;
    this.statement('expr', start, end);
  }

  private call(node: Node, start: number, end: number): void {
    // the callee is usually a dotted name right before '(': no WASM call needed; else ask for the children
    let argsStart = scanDottedCallee(this.text, start, end);
    const next = this.next;
    if (argsStart < 0 || (next && next.startIndex === start && this.types[next.typeId] === 'call')) {
      const kids = node.children;
      const args = kids[kids.length - 1];
      if (kids.length < 2 || !args) return;
      argsStart = args.startIndex;
    }
    const callee = this.text.slice(start, argsStart).trimEnd();
    const fnEnd = start + callee.length;
    const { name, receiver } = splitCallee(callee);
    let outer: CallFact | null = null;
    let chained: CallFact | null = null;
    const stack = this.stack;
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i]!;
      if (!f.call) continue;
      if (start >= f.argsStart!) {
        outer = f.call;
        break;
      }
      chained ??= f.call;
    }
    const call: CallFact = {
      span: { start, end },
      callee,
      calleeSpan: { start, end: fnEnd },
      dotted: name !== '' && isDottedName(callee),
      name,
      receiver,
      argsSpan: { start: argsStart, end },
      parent: this.container(start),
      stmt: this.innermostStmt(),
      outer,
      chained,
      broken: this.broken,
    };
    this.out.calls.push(call);
    stack.push({ end, type: 'call', call, argsStart });
    // facts recovered from a throw-away parse cannot read their arguments later: read the ones rules use now
    if (this.eagerDetails && DETAILED_CALLS.has(name)) this.detailed.push({ node, call });
  }

  private returnStatement(node: Node, start: number, end: number): void {
    const stmt = this.statement('return', start, end);
    let value = this.broken ? undefined : returnFromText(this.text, start, end)?.value;
    if (value === undefined) value = readReturnValue(node, this.text, this.types);
    this.out.returns.push({ span: { start, end }, value, parent: stmt.parent });
  }

  private assignment(node: Node, start: number, end: number): void {
    const text = this.text;
    // `target = value` with a plain target: the boundaries come from the text between the node's ends
    const eq = scanSimpleTarget(text, start, end);
    let leftText: string;
    let leftNode: Node | null = null;
    let value: ValueFact | null;
    if (eq >= 0) {
      leftText = text.slice(start, eq).trimEnd();
      value = this.broken ? null : valueFromText(text, eq + 1, end);
      if (!value) {
        const right = node.lastChild;
        value = right ? valueOf(right, text, this.types, 0, end) : null;
      }
    } else {
      // annotations, subscripts, starred or nested targets: ask the tree
      const kids = node.children;
      const left = kids[0];
      const next = kids[1];
      if (!left || !next) return;
      leftNode = left;
      leftText = text.slice(left.startIndex, next.startIndex).trimEnd();
      const last = kids[kids.length - 1]!;
      const beforeLast = kids[kids.length - 2];
      const right = kids.length >= 3 && beforeLast && text.charCodeAt(beforeLast.startIndex) === 61 /* = */ ? last : null;
      value = right ? valueOf(right, text, this.types, 0, end) : null;
    }
    const targets = leftText.includes(',') ? splitTargets(leftText, leftNode ?? node.firstChild!, text) : [leftText];
    const a: AssignFact = {
      targets,
      targetSpan: { start, end: start + leftText.length },
      value,
      span: { start, end },
      parent: this.container(start),
      stmt: this.innermostStmt(),
    };
    this.out.assigns.push(a);
  }

  private def(node: Node, start: number, end: number): void {
    // `def name(params)` read from the text; the tree when the text is unusual
    const header = (this.broken ? null : defFromText(this.text, start, end)) ?? readDefHeader(node, this.text, this.types);
    const parent = this.container(start);
    const d: DefFact = {
      kind: 'def',
      span: { start, end },
      parent,
      blockStart: this.blockStart(),
      body: null,
      name: header.name,
      nameSpan: header.nameSpan,
      params: header.params,
      className: parent && parent.kind === 'class' ? (parent as ClassFact).name : null,
    };
    this.pushStmt(d, end, 'def');
  }

  private classDef(node: Node, start: number, end: number): void {
    const header = (this.broken ? null : classFromText(this.text, start, end)) ?? readClassHeader(node, this.text, this.types);
    const c: ClassFact = {
      kind: 'class', span: { start, end }, parent: this.container(start), blockStart: this.blockStart(), body: null,
      name: header.name, bases: header.bases,
    };
    this.pushStmt(c, end, 'class');
  }

  private loop(node: Node, type: string, start: number, end: number): void {
    const text = this.text;
    let target: string;
    let iter: ValueFact | null = null;
    if (type === 'for_statement') {
      ({ target, iter } = (this.broken ? null : forFromText(text, start, end)) ?? readForHeader(node, text, this.types));
    } else target = this.condition(node, start, end, 'while');
    const l: LoopFact = {
      kind: type === 'for_statement' ? 'for' : 'while', span: { start, end }, parent: this.container(start),
      blockStart: this.blockStart(), body: null, target, iter,
    };
    this.pushStmt(l, end, type);
  }

  private condition(node: Node, start: number, end: number, keyword: 'if' | 'while'): string {
    return (this.broken ? null : conditionFromText(this.text, start, end, keyword)) ?? readCondition(node, this.text);
  }

  private ifStatement(node: Node, start: number, end: number): void {
    const condition = this.condition(node, start, end, 'if');
    let mainGuard = false;
    if (condition.includes('__main__')) {
      const compact = condition.replace(/\s+/g, '').replace(/'/g, '"');
      mainGuard = compact === '__name__=="__main__"' || compact === '"__main__"==__name__';
    }
    const i: IfFact = {
      kind: 'if', span: { start, end }, parent: this.container(start), blockStart: this.blockStart(), body: null,
      condition, mainGuard,
    };
    this.pushStmt(i, end, 'if');
  }

  private imports(node: Node, start: number, end: number): void {
    const imports = (this.broken ? null : importsFromText(this.text, start, end)) ?? readImports(node, this.text, this.types);
    for (const i of imports) this.out.imports.push(i);
  }

}

/**
 * Where the argument list starts when the callee is a dotted name (`torch.optim.SGD(`), else -1. Only the
 * characters of the call's own node are read; anything else (subscripts, calls, strings) falls back to the tree.
 */
export function scanDottedCallee(text: string, start: number, end: number): number {
  let sawName = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */) return sawName ? i : -1;
    if (c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127) sawName = true;
    else if (c !== 46 && c !== 32 && c !== 9) return -1;
  }
  return -1;
}

/** The '=' of `target = value` when the target is a name, attribute or tuple of them; else -1. */
export function scanSimpleTarget(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */) return text.charCodeAt(i + 1) === 61 ? -1 : i;
    const ok = c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127
      || c === 46 || c === 32 || c === 9 || c === 44 /* , */;
    if (!ok) return -1;
  }
  return -1;
}

/** Name and receiver of a callee: `optimizer.step` → step, optimizer; `model(x).softmax` → softmax, model(x). */
export function splitCallee(callee: string): { name: string; receiver: string | null } {
  const dot = callee.lastIndexOf('.');
  const tail = callee.slice(dot + 1).trim();
  if (!isIdentifier(tail)) return { name: '', receiver: null };
  if (dot < 0) return { name: tail, receiver: null };
  const receiver = callee.slice(0, dot).trim();
  return receiver === '' ? { name: '', receiver: null } : { name: tail, receiver };
}

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

function isIdentifier(s: string): boolean {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return IDENTIFIER.test(s);
    if (!(c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (i > 0 && c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** `a, b` / `(a, b)` / `a, *rest` → the names; nested brackets fall back to the tree. */
function splitTargets(leftText: string, left: Node, text: string): string[] {
  let from = 0;
  let to = leftText.length;
  const first = leftText.charCodeAt(0);
  const last = leftText.charCodeAt(to - 1);
  if (first === 40 || first === 91) from = 1;
  if ((last === 41 || last === 93) && to - 1 >= from) to--;
  const out: string[] = [];
  let part = from;
  for (let i = from; i <= to; i++) {
    const c = i < to ? leftText.charCodeAt(i) : 44;
    if (c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125) {
      return left.namedChildren.filter(n => n !== null).map(n => text.slice(n!.startIndex, n!.endIndex));
    }
    if (c === 44) {
      let t = leftText.slice(part, i).trim();
      if (t.charCodeAt(0) === 42) t = t.slice(1);
      if (t !== '') out.push(t);
      part = i + 1;
    }
  }
  return out;
}

/** Identifiers and dots only (whitespace allowed around the dots). */
export function isDottedName(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = c === 46 || c === 95 || c === 32 || c === 9 || c === 10 || c === 13 || c === 92
      || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
    if (!ok) return false;
  }
  return true;
}
