import type { Node } from 'web-tree-sitter';
import type { PythonDocument, Span, TextChange } from '../parser/python-document';
import type { FactExtractor } from './extract';
import { shiftStatement, type StatementFacts } from './facts';

/** How much of the previous extraction an update could keep. */
export interface UpdateStats {
  reused: number;
  extracted: number;
}

/**
 * The facts of a document, kept per top-level statement. After an edit only the statements that the edit or
 * tree-sitter's changed ranges touch are extracted again; the others are reused, their offsets shifted by the
 * edit's length delta. So a one-line edit in a 10k-line file costs the re-parse plus one statement, not a pass
 * over the whole tree.
 */
export class DocumentFacts {
  private entries: StatementFacts[] = [];
  private flat: StatementFacts[] | undefined;

  constructor(private readonly extractor: FactExtractor) {}

  /** Every statement's facts in order, including those recovered after a broken line. */
  get statements(): readonly StatementFacts[] {
    if (!this.flat) {
      const out: StatementFacts[] = [];
      const add = (e: StatementFacts) => {
        out.push(e);
        if (e.recovered) for (const r of e.recovered) add(r);
      };
      for (const e of this.entries) add(e);
      this.flat = out;
    }
    return this.flat;
  }

  build(doc: PythonDocument): void {
    this.entries = this.extractor.extractAll(doc.tree.rootNode, doc.text);
    this.flat = undefined;
  }

  update(doc: PythonDocument, change: TextChange): UpdateStats {
    const delta = change.newEnd - change.oldEnd;
    // old statements untouched by the edit, by their start in the new text
    const reusable = new Map<number, StatementFacts>();
    for (const e of this.entries) {
      if (e.span.end < change.start) reusable.set(e.span.start, e);
      else if (e.span.start > change.oldEnd) reusable.set(e.span.start + delta, e);
    }
    const dirty: Span[] = [{ start: change.start, end: change.newEnd }, ...change.changedRanges];
    const stats: UpdateStats = { reused: 0, extracted: 0 };
    this.flat = undefined;
    const root = doc.tree.rootNode;
    if (root.type === 'ERROR') {
      this.build(doc);
      return { reused: 0, extracted: this.entries.length };
    }
    const next: StatementFacts[] = [];
    for (const top of root.namedChildren) {
      if (!top) continue;
      const start = top.startIndex;
      const old = reusable.get(start);
      let reused = false;
      if (old) {
        const end = top.endIndex;
        const oldStart = old.span.start;
        const shift = oldStart > change.oldEnd ? delta : 0;
        if (old.span.end + shift === end && !touches(dirty, start, end)) {
          shiftStatement(old, shift);
          next.push(old);
          reused = true;
        }
      }
      if (!reused) {
        next.push(this.extractOne(top, doc.text));
        stats.extracted++;
      } else stats.reused++;
    }
    this.entries = next;
    return stats;
  }

  private extractOne(top: Node, text: string): StatementFacts {
    return this.extractor.extract(top, text);
  }
}

function touches(ranges: Span[], start: number, end: number): boolean {
  for (const r of ranges) if (start <= r.end && end >= r.start) return true;
  return false;
}
