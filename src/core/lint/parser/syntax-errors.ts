import { Query, type Tree } from 'web-tree-sitter';
import type { PythonLanguage } from './python-language';

const queries = new WeakMap<PythonLanguage, Query>();

/** ERROR and MISSING nodes of a tree: the fix-safety tests require a fix to add none. */
export function countSyntaxErrors(lang: PythonLanguage, tree: Tree): number {
  if (!tree.rootNode.hasError) return 0;
  let q = queries.get(lang);
  if (!q) queries.set(lang, (q = new Query(lang.language, '(ERROR) @e (MISSING) @m')));
  return q.captures(tree.rootNode).length;
}
