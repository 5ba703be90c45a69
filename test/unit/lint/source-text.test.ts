import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import type { Node } from 'web-tree-sitter';
import { loadPythonLanguage, type PythonLanguage } from '../../../src/core/lint/parser/python-language';
import {
  readArgs, readClassHeader, readCondition, readDefHeader, readForHeader, readImports, readReturnValue,
} from '../../../src/core/lint/model/tree-readers';
import {
  argsFromText, classFromText, conditionFromText, defFromText, forFromText, importsFromText, returnFromText,
} from '../../../src/core/lint/model/source-text';
import { fixture } from './rule-tester';

/** Each text reader and the tree reader it stands in for. */
const READERS: Record<string, { text(text: string, n: Node): unknown; tree(text: string, n: Node, types: string[]): unknown }> = {
  call: {
    text: (text, n) => argsFromText(text, n.children[n.childCount - 1]!.startIndex, n.endIndex),
    tree: (text, n, types) => readArgs(n, text, types),
  },
  function_definition: { text: (text, n) => defFromText(text, n.startIndex, n.endIndex), tree: (text, n, types) => readDefHeader(n, text, types) },
  class_definition: { text: (text, n) => classFromText(text, n.startIndex, n.endIndex), tree: (text, n, types) => readClassHeader(n, text, types) },
  for_statement: { text: (text, n) => forFromText(text, n.startIndex, n.endIndex), tree: (text, n, types) => readForHeader(n, text, types) },
  while_statement: { text: (text, n) => conditionFromText(text, n.startIndex, n.endIndex, 'while'), tree: (text, n) => readCondition(n, text) },
  if_statement: { text: (text, n) => conditionFromText(text, n.startIndex, n.endIndex, 'if'), tree: (text, n) => readCondition(n, text) },
  return_statement: {
    text: (text, n) => returnFromText(text, n.startIndex, n.endIndex),
    tree: (text, n, types) => ({ value: readReturnValue(n, text, types) }),
  },
  import_statement: { text: (text, n) => importsFromText(text, n.startIndex, n.endIndex), tree: (text, n, types) => readImports(n, text, types) },
  import_from_statement: { text: (text, n) => importsFromText(text, n.startIndex, n.endIndex), tree: (text, n, types) => readImports(n, text, types) },
};

/** The text readers give what the tree readers give, or null (then the tree is asked). */
function compareAll(lang: PythonLanguage, text: string): { read: number; fallbacks: number } {
  const tree = lang.parser.parse(text)!;
  const types = lang.language.types;
  let read = 0;
  let fallbacks = 0;
  try {
    assert.equal(tree.rootNode.hasError, false, 'the snippets are valid Python');
    for (const n of tree.rootNode.descendantsOfType(Object.keys(READERS))) {
      const r = READERS[n.type]!;
      const fromText = r.text(text, n);
      if (fromText === null) fallbacks++;
      else assert.deepEqual(fromText, r.tree(text, n, types), text.slice(n.startIndex, Math.min(n.endIndex, n.startIndex + 80)));
      read++;
    }
  } finally {
    tree.delete();
  }
  return { read, fallbacks };
}

const TRICKY = `
f(a, b=1, *c, **d)
f(-1, +2.5, ~3, - 4, (5), ((6)), (-7), 0x1F, 0o17, 0b11, 1_000, .5, 5., 1e-3, 1E+3, 1j, 2.5j)
f(x == 1, x <= 2, y=x == 1, z=(w := 3))
f("a" "b", r"\\d", b'x', rb"y", u"z", f"no braces", """triple "quoted" ,)""", '''x''')
f([1, [2, [3, [4]]]], (1,), (), {}, {'a': 1}, {**k}, {1, 2}, [x for x in y], (x for x in y), {k: v for k, v in z})
f(a.b, a . b, a.b(c), a.b[c], a(b)(c), a(b).c, a[b].c, "s".join(x), [1][0], (a).b, (a, b)[0], ...)
f(lambda x, y: x + y, key=lambda a, b=1: (a, b), other=2)
f({'float': lambda x: "%.2f" % x}, {lambda: 1})
f(not x, a and b, a if b else c, await_ if b else c, x is None, x in y, a < b < c)
f(
    a,  # first
    # between
    b=[1,  # one
       2],
    *rest,
)
DataLoader(train_set, batch_size=64, shuffle=False, num_workers=2)
optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616))
scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
def g(a, b: int, c=1, d: str = "x", *args, e, f=[1, 2], **kwargs): pass
def h(self, *, key, value: "T" = None, **kw: int): pass
def k(a, /, b, *args: int, c=lambda x, y: x): pass
async def m(x=(1, 2), y={'a': [1, 2]}, z=-1): pass
def n(): pass
class A(nn.Module, metaclass=Meta): pass
class B: pass
class C(): pass
for i, (x, y) in enumerate(zip(a, b)): pass
for x in a, b: pass
async def p():
    async for x in aiter(): pass
while not done and (n := next(it)): pass
if __name__ == '__main__': pass
if x := f(): pass
def q():
    return
def r():
    return a, b
def s():
    return lambda x, y: x
def t():
    return (yield)
import torch, torch.nn as nn, os.path
import numpy as np
from torch import optim
from torch.optim import lr_scheduler as sched, SGD
from . import sibling
from ..pkg.mod import (a as b,  # first
    c,
)
from torchvision.transforms import *
`;

describe('reading arguments and parameters from the source text', () => {
  it('gives what the tree gives on every call and statement of the training-script fixtures', async () => {
    const lang = await loadPythonLanguage();
    const names = readdirSync('test/fixtures/lint/scripts').filter(f => f.endsWith('.py'));
    let total = 0;
    let fallbacks = 0;
    for (const name of names) {
      const r = compareAll(lang, fixture(`scripts/${name}`));
      total += r.read;
      fallbacks += r.fallbacks;
    }
    assert.ok(total > 500, `${total} statements and calls`);
    // f-strings with interpolations are the usual reason to ask the tree
    assert.ok(fallbacks < total / 20, `${fallbacks} of ${total} read from the tree`);
  });

  it('gives what the tree gives on tricky but valid Python', async () => {
    const lang = await loadPythonLanguage();
    const r = compareAll(lang, TRICKY);
    assert.equal(r.fallbacks, 0);
  });

  it('leaves interpolated f-strings, line continuations, generators and non-ASCII names to the tree', async () => {
    const lang = await loadPythonLanguage();
    for (const code of ['f(f"{x}")', 'f(a, \\\n  b)', 'f(x for x in y)', 'f(é)', 'def é(x): pass', 'def f(x=f"{y}"): pass']) {
      const tree = lang.parser.parse(code)!;
      try {
        const n = tree.rootNode.descendantsOfType(['call', 'function_definition'])[0]!;
        const r = n.type === 'call' ? argsFromText(code, n.children[1]!.startIndex, n.endIndex) : defFromText(code, n.startIndex, n.endIndex);
        assert.equal(r, null, code);
      } finally {
        tree.delete();
      }
    }
  });

  it('leaves comments in a class\'s bases and lambdas in headers to the tree', () => {
    const c = 'class A(B,  # base\n  C): pass';
    assert.equal(classFromText(c, 0, c.length), null);
    const f = 'for x in lambda: y: pass';
    assert.equal(forFromText(f, 0, f.length), null);
  });

  it('reads `*args: T` as the start of the keyword-only parameters and skips `**kwargs: T`', () => {
    const code = 'def f(a, *args: int, b, **kw: str): pass';
    assert.deepEqual(defFromText(code, 0, code.length)!.params.map(p => [p.name, p.index]), [['a', 0], ['b', -1]]);
  });
});
