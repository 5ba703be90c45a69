import type { Node } from 'web-tree-sitter';
import type { PythonDocument, TextChange } from '../parser/python-document';
import type { FactExtractor } from './extract';
import { FactIndex } from './fact-index';
import { shiftStatement, type StatementFacts } from './facts';

/** How much of the previous extraction an update could keep. */
export interface UpdateStats {
  reused: number;
  extracted: number;
}

/**
 * The facts of a document, kept per top-level statement. After an edit only the top-level statements that the
 * edit or tree-sitter's changed ranges touch are extracted again; outside those ranges the tree's structure is
 * unchanged, so the other statements keep their facts, shifted by the edit's length delta when they follow it.
 * A one-line edit in a 10k-line file costs the re-parse plus one statement, not a pass over the whole tree.
 */
export class DocumentFacts {
  private entries: StatementFacts[] = [];
  private factIndex = new FactIndex([]);

  constructor(private readonly extractor: FactExtractor) {}

  /** Every statement's facts in order, including those recovered after a broken line. */
  get statements(): readonly StatementFacts[] {
    return this.factIndex.statements;
  }

  /** The facts of the whole document, indexed. */
  get index(): FactIndex {
    return this.factIndex;
  }

  build(doc: PythonDocument): void {
    this.entries = this.extractor.extractAll(doc.tree.rootNode, doc.text);
    this.factIndex = new FactIndex(this.entries);
  }

  update(doc: PythonDocument, change: TextChange): UpdateStats {
    const root = doc.tree.rootNode;
    if (root.type === 'ERROR' || this.entries.length === 0) {
      this.build(doc);
      return { reused: 0, extracted: this.entries.length };
    }
    const delta = change.newEnd - change.oldEnd;
    // the region whose structure may have changed, in new offsets (before the edit both texts agree)
    let lo = change.start;
    let hi = change.newEnd;
    for (const r of change.changedRanges) {
      lo = Math.min(lo, r.start);
      hi = Math.max(hi, r.end);
    }
    const before: StatementFacts[] = [];
    const after: StatementFacts[] = [];
    for (const e of this.entries) {
      if (e.span.end < lo && e.span.end < change.start) before.push(e);
      else if (e.span.start > change.oldEnd && e.span.start + delta > hi) after.push(e);
      else {
        // dropped: the new statements replacing it must cover its old place too
        lo = Math.min(lo, e.span.start);
        hi = Math.max(hi, e.span.start > change.oldEnd ? e.span.end + delta : e.span.end <= change.start ? e.span.end : e.span.end + delta);
      }
    }
    // kept statements that the widened region now reaches are extracted again too
    while (before.length > 0 && before[before.length - 1]!.span.end >= lo) lo = Math.min(lo, before.pop()!.span.start);
    while (after.length > 0 && after[0]!.span.start + delta <= hi) hi = Math.max(hi, after.shift()!.span.end + delta);
    const middle: StatementFacts[] = [];
    let n: Node | null = root.firstNamedChildForIndex(lo);
    // a new statement that starts before the region absorbs the kept ones it now covers
    if (n) while (before.length > 0 && before[before.length - 1]!.span.end > n.startIndex) before.pop();
    for (; n && n.startIndex < hi; n = n.nextNamedSibling) middle.push(this.extractor.extract(n, doc.text));
    const lastEnd = middle.length > 0 ? middle[middle.length - 1]!.span.end : -1;
    while (after.length > 0 && after[0]!.span.start + delta < lastEnd) after.shift();
    for (const e of after) shiftStatement(e, delta);
    const removed = this.entries.slice(before.length, this.entries.length - after.length);
    this.factIndex.replace(before, removed, middle);
    this.entries = [...before, ...middle, ...after];
    return { reused: before.length + after.length, extracted: middle.length };
  }
}
