import type { Node } from 'web-tree-sitter';
import type { Span } from '../parser/python-document';
import type { ArgFact, Binding, ImportFact, ParamFact, ValueFact, ValueKind } from './facts';
import { parseNumber } from './source-text';

/**
 * Facts read from the parse tree, one WASM call per node asked for. These readers serve statements with syntax
 * errors and the unusual text that source-text.ts leaves to the tree; for everything else source-text.ts gives
 * the same results from the text (the unit tests compare both).
 */

const VALUE_KINDS: Record<string, ValueKind> = {
  integer: 'int', float: 'float', true: 'true', false: 'false', none: 'none', string: 'string',
  concatenated_string: 'string', identifier: 'name', attribute: 'attribute', call: 'call', list: 'list',
  tuple: 'tuple', dictionary: 'dict', subscript: 'subscript', list_splat: 'splat', dictionary_splat: 'splat',
  lambda: 'lambda',
};

export function valueOf(node: Node, text: string, types: string[], depth: number, knownEnd?: number, knownType?: string): ValueFact {
  const type = knownType ?? types[node.typeId] ?? 'ERROR';
  const span: Span = { start: node.startIndex, end: knownEnd ?? node.endIndex };
  const t = text.slice(span.start, span.end);
  let kind: ValueKind = VALUE_KINDS[type] ?? 'other';
  const v: ValueFact = { kind, span, text: t };
  if (kind === 'int' || kind === 'float') v.num = parseNumber(t);
  else if (type === 'unary_operator' || type === 'parenthesized_expression') {
    const n = parseNumber(t.replace(/[()\s]/g, ''));
    if (n !== undefined) {
      kind = Number.isInteger(n) && !/[.eE]/.test(t) ? 'int' : 'float';
      v.kind = kind;
      v.num = n;
    }
  }
  if ((kind === 'list' || kind === 'tuple') && depth < 2) {
    const els: ValueFact[] = [];
    for (const c of node.namedChildren) {
      if (!c || types[c.typeId] === 'comment') continue;
      els.push(valueOf(c, text, types, depth + 1));
      if (els.length >= 64) break;
    }
    v.elements = els;
  }
  return v;
}


/**
 * A call's arguments. The argument list's children come in one WASM call, punctuation included, so each
 * argument ends where the next token starts: one more call per argument (its type), two per keyword argument.
 */
export function readArgs(call: Node, text: string, types: string[]): ArgFact[] {
  const kids = call.children;
  const list = kids[kids.length - 1];
  if (!list || kids.length < 2 || text.charCodeAt(list.startIndex) !== 40 /* ( */) return [];
  const listEnd = call.endIndex;
  const parts = list.children;
  const out: ArgFact[] = [];
  for (let i = 1; i < parts.length; i++) {
    const a = parts[i]!;
    const start = a.startIndex;
    const c = text.charCodeAt(start);
    if (c === 44 /* , */ || c === 41 /* ) */ || c === 35 /* # */) continue;
    const end = start + text.slice(start, (parts[i + 1]?.startIndex ?? listEnd)).trimEnd().length;
    const span = { start, end };
    const t = types[a.typeId] ?? 'ERROR';
    if (t === 'keyword_argument') {
      const kw = a.children;
      const name = kw[0];
      const value = kw[kw.length - 1];
      if (!name || !value || kw.length < 3) continue;
      out.push({ keyword: text.slice(name.startIndex, kw[1]!.startIndex).trim(), span, value: valueOf(value, text, types, 0, end) });
    } else out.push({ keyword: null, span, value: valueOf(a, text, types, 0, end, t) });
  }
  return out;
}

/** Where a call's result goes: assignment target, dict key, comprehension, keyword argument, return. */
export function readBinding(call: Node, text: string, types: string[]): Binding {
  const b: Binding = {};
  let child = call;
  for (let n = call.parent, depth = 0; n && depth < 6; child = n, n = n.parent, depth++) {
    const t = types[n.typeId];
    const str = (x: Node | null) => (x ? text.slice(x.startIndex, x.endIndex) : '');
    if (t === 'assignment') {
      if (n.childForFieldName('right')?.equals(child)) b.target = str(n.childForFieldName('left'));
      break;
    } else if (t === 'pair') {
      const key = n.childForFieldName('key');
      if (key && !key.equals(child)) b.key ??= str(key);
    } else if (t === 'dictionary_comprehension' || t === 'list_comprehension') {
      const clause = n.namedChildren.find(c => c !== null && types[c.typeId] === 'for_in_clause');
      if (clause) b.comprehension ??= str(clause.childForFieldName('right'));
    } else if (t === 'keyword_argument') {
      b.keyword ??= str(n.childForFieldName('name'));
    } else if (t === 'return_statement') {
      b.returned = true;
      break;
    } else if (t === 'expression_statement' || t === 'block' || t === 'module' || t === 'argument_list') break;
  }
  return b;
}

/** A def's parameters from its `parameters` node (for defs whose text the text reader leaves to the tree). */
export function readParams(params: Node | null, text: string, types: string[]): ParamFact[] {
  if (!params) return [];
  const out: ParamFact[] = [];
  let index = 0;
  let keywordOnly = false;
  for (const p of params.namedChildren) {
    if (!p) continue;
    const t = types[p.typeId];
    const str = (x: Node | null) => (x ? text.slice(x.startIndex, x.endIndex) : '');
    if (t === 'identifier') out.push({ name: str(p), index: keywordOnly ? -1 : index++, default: null });
    else if (t === 'typed_parameter') {
      // `*args: T` starts the keyword-only parameters, `**kwargs: T` is none
      const kids = p.namedChildren;
      const first = kids[0] ? types[kids[0].typeId] : '';
      if (first === 'list_splat_pattern') keywordOnly = true;
      else if (first !== 'dictionary_splat_pattern') {
        const id = kids.find(c => c !== null && types[c.typeId] === 'identifier');
        out.push({ name: str(id ?? null), index: keywordOnly ? -1 : index++, default: null });
      }
    } else if (t === 'default_parameter' || t === 'typed_default_parameter') {
      const value = p.childForFieldName('value');
      out.push({ name: str(p.childForFieldName('name')), index: keywordOnly ? -1 : index++, default: value ? valueOf(value, text, types, 0) : null });
    } else if (t === 'list_splat_pattern' || t === 'keyword_separator') keywordOnly = true;
  }
  return out;
}

/** `for <left> in <right>:` */
export function readForHeader(node: Node, text: string, types: string[]): { target: string; iter: ValueFact | null } {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  return { target: left ? text.slice(left.startIndex, left.endIndex) : '', iter: right ? valueOf(right, text, types, 0) : null };
}

/** The condition of an if or while statement. */
export function readCondition(node: Node, text: string): string {
  const cond = node.childForFieldName('condition');
  return cond ? text.slice(cond.startIndex, cond.endIndex) : '';
}

export function readReturnValue(node: Node, text: string, types: string[]): ValueFact | null {
  const v = node.firstNamedChild;
  return v ? valueOf(v, text, types, 0) : null;
}

/** A class's name and its bases as written (keyword arguments such as metaclass= left out). */
export function readClassHeader(node: Node, text: string, types: string[]): { name: string; bases: string[] } {
  const nameNode = node.childForFieldName('name');
  const sup = node.childForFieldName('superclasses');
  return {
    name: nameNode ? text.slice(nameNode.startIndex, nameNode.endIndex) : '',
    bases: sup ? sup.namedChildren.filter(n => n !== null && types[n.typeId] !== 'keyword_argument').map(n => text.slice(n!.startIndex, n!.endIndex)) : [],
  };
}

/** A def's name; its parameters come from readParams. */
export function readDefHeader(node: Node, text: string, types: string[]): { name: string; nameSpan: { start: number; end: number }; params: ParamFact[] } {
  const nameNode = node.childForFieldName('name');
  const nameSpan = nameNode ? { start: nameNode.startIndex, end: nameNode.endIndex } : { start: node.startIndex, end: node.startIndex };
  return { name: text.slice(nameSpan.start, nameSpan.end), nameSpan, params: readParams(node.childForFieldName('parameters'), text, types) };
}

/** The names an import statement binds (see importsFromText). */
export function readImports(node: Node, text: string, types: string[]): ImportFact[] {
  const out: ImportFact[] = [];
  const stmtSpan = { start: node.startIndex, end: node.endIndex };
  const str = (n: Node) => text.slice(n.startIndex, n.endIndex).replace(/\s+/g, '');
  const push = (local: string, qualified: string, n: Node, fromModule: string | null) =>
    out.push({ local, qualified, span: { start: n.startIndex, end: n.endIndex }, fromModule, stmtSpan });
  if (types[node.typeId] === 'import_statement') {
    for (const n of node.namedChildren) {
      if (!n) continue;
      if (types[n.typeId] === 'aliased_import') {
        const name = n.childForFieldName('name');
        const alias = n.childForFieldName('alias');
        if (name && alias) push(str(alias), str(name), n, null);
      } else {
        const root = str(n).split('.')[0]!;
        push(root, root, n, null);
      }
    }
    return out;
  }
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return out;
  const module = str(moduleNode);
  for (const n of node.namedChildren) {
    if (!n || n.equals(moduleNode)) continue;
    const t = types[n.typeId];
    if (t === 'wildcard_import') push('*', module, n, module);
    else if (t === 'aliased_import') {
      const name = n.childForFieldName('name');
      const alias = n.childForFieldName('alias');
      if (name && alias) push(str(alias), `${module}.${str(name)}`, n, module);
    } else if (t === 'dotted_name') push(str(n), `${module}.${str(n)}`, n, module);
  }
  return out;
}
