import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import type { Node } from 'web-tree-sitter';
import { loadPythonLanguage, type PythonLanguage } from '../../../src/core/lint/parser/python-language';
import { readArgs, readParams } from '../../../src/core/lint/model/extract';
import { argsFromText, defFromText } from '../../../src/core/lint/model/source-text';
import { fixture } from './rule-tester';

/** The text readers give what the tree readers give, or null (then the tree is asked). */
function compareAll(lang: PythonLanguage, text: string): { calls: number; defs: number; fallbacks: number } {
  const tree = lang.parser.parse(text)!;
  const types = lang.language.types;
  let calls = 0;
  let defs = 0;
  let fallbacks = 0;
  try {
    assert.equal(tree.rootNode.hasError, false, 'the snippets are valid Python');
    for (const n of tree.rootNode.descendantsOfType(['call', 'function_definition'])) {
      const what = text.slice(n.startIndex, Math.min(n.endIndex, n.startIndex + 80));
      if (n.type === 'call') {
        const args = n.children[n.childCount - 1]!;
        const fromText = argsFromText(text, args.startIndex, n.endIndex);
        if (fromText === null) fallbacks++;
        else assert.deepEqual(fromText, readArgs(n, text, types), what);
        calls++;
      } else {
        const fromText = defFromText(text, n.startIndex, n.endIndex);
        if (fromText === null) fallbacks++;
        else assert.deepEqual(fromText, treeDef(n, text, types), what);
        defs++;
      }
    }
  } finally {
    tree.delete();
  }
  return { calls, defs, fallbacks };
}

function treeDef(n: Node, text: string, types: string[]) {
  const name = n.childForFieldName('name')!;
  return {
    name: text.slice(name.startIndex, name.endIndex),
    nameSpan: { start: name.startIndex, end: name.endIndex },
    params: readParams(n.childForFieldName('parameters'), text, types),
  };
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
`;

describe('reading arguments and parameters from the source text', () => {
  it('gives what the tree gives on every call and def of the training-script fixtures', async () => {
    const lang = await loadPythonLanguage();
    const names = readdirSync('test/fixtures/lint/scripts').filter(f => f.endsWith('.py'));
    let total = 0;
    let fallbacks = 0;
    for (const name of names) {
      const r = compareAll(lang, fixture(`scripts/${name}`));
      total += r.calls + r.defs;
      fallbacks += r.fallbacks;
    }
    assert.ok(total > 400, `${total} calls and defs`);
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

  it('reads `*args: T` as the start of the keyword-only parameters and skips `**kwargs: T`', () => {
    const code = 'def f(a, *args: int, b, **kw: str): pass';
    assert.deepEqual(defFromText(code, 0, code.length)!.params.map(p => [p.name, p.index]), [['a', 0], ['b', -1]]);
  });
});
