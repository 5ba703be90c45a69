import type { LineIndex } from '../parser/line-index';
import type { Span } from '../parser/python-document';
import type { SemanticModel } from '../model/semantic-model';
import type { StmtFact } from '../model/facts';
import type { OffsetEdit } from '../rule';

/**
 * Text edits that keep the file's layout: new lines take the indentation of the code they join (spaces or tabs,
 * copied from the neighbouring line, never re-invented) and the file's own line break (CRLF stays CRLF).
 * Every helper returns null when the code is laid out in a way it cannot edit safely (two statements on one
 * line, a statement sharing its line with a block header); the rule then reports without a fix.
 */
export class FixBuilder {
  private readonly lines: LineIndex;
  private readonly text: string;

  constructor(py: SemanticModel) {
    this.lines = py.lines;
    this.text = py.text;
  }

  get eol(): string {
    return this.lines.eol;
  }

  /** The statement starts its line and nothing but a comment follows it on its last line. */
  ownsLines(span: Span): boolean {
    if (!this.lines.startsLine(span.start)) return false;
    const rest = this.text.slice(span.end, this.lines.lineEnd(this.lines.lineOf(span.end)));
    const t = rest.trimStart();
    return t === '' || t.startsWith('#');
  }

  indentOf(span: Span): string {
    return this.lines.indentation(this.lines.lineOf(span.start));
  }

  /** Inserts `code` as a new line before the statement, at its indentation. */
  insertBefore(stmt: Span, code: string, indent = this.indentOf(stmt)): OffsetEdit | null {
    if (!this.lines.startsLine(stmt.start)) return null;
    const at = this.lines.lineStart(this.lines.lineOf(stmt.start));
    return { start: at, end: at, text: indent + code + this.eol };
  }

  /** Inserts `code` as a new line after the statement (after its last line). */
  insertAfter(stmt: Span, code: string, indent = this.indentOf(stmt)): OffsetEdit | null {
    if (!this.ownsLines(stmt)) return null;
    const last = this.lines.lineOf(stmt.end);
    const at = this.lines.lineEndWithBreak(last);
    if (at === this.text.length && this.lines.lineEnd(last) === at) {
      // last line of a file without a final line break
      return { start: at, end: at, text: this.eol + indent + code };
    }
    return { start: at, end: at, text: indent + code + this.eol };
  }

  /** Removes the statement's whole lines. */
  deleteLines(stmt: Span): OffsetEdit | null {
    if (!this.ownsLines(stmt)) return null;
    const start = this.lines.lineStart(this.lines.lineOf(stmt.start));
    const end = this.lines.lineEndWithBreak(this.lines.lineOf(stmt.end));
    return { start, end, text: '' };
  }

  /** The statement's source lines, re-indented from its own indentation to `indent`. */
  reindented(stmt: Span, indent: string): string | null {
    if (!this.ownsLines(stmt)) return null;
    const first = this.lines.lineOf(stmt.start);
    const last = this.lines.lineOf(stmt.end);
    const own = this.lines.indentation(first);
    const out: string[] = [];
    for (let l = first; l <= last; l++) {
      const t = this.lines.lineText(l);
      out.push(t.startsWith(own) ? indent + t.slice(own.length) : t);
    }
    return out.join(this.eol);
  }

  /**
   * Moves a statement to a new line before or after `anchor`, at `indent`. When the removal and the insertion
   * touch, they become one edit, so edits never overlap.
   */
  move(stmt: Span, anchor: Span, where: 'before' | 'after', indent = this.indentOf(anchor)): OffsetEdit[] | null {
    const code = this.reindented(stmt, indent);
    const del = this.deleteLines(stmt);
    if (code === null || !del) return null;
    const ins = where === 'before'
      ? this.insertBefore(anchor, code.slice(indent.length), indent)
      : this.insertAfter(anchor, code.slice(indent.length), indent);
    if (!ins) return null;
    if (ins.start >= del.start && ins.start <= del.end) {
      return [{ start: del.start, end: del.end, text: ins.start === del.start ? ins.text : ins.text }];
    }
    if (ins.end > del.start && ins.start < del.end) return null;
    return [del, ins];
  }

  replace(span: Span, text: string): OffsetEdit {
    return { start: span.start, end: span.end, text };
  }

  insertAt(offset: number, text: string): OffsetEdit {
    return { start: offset, end: offset, text };
  }

  /** The first line of a statement fact that can take an edit (a simple statement of its own). */
  simpleStatement(s: StmtFact | null): StmtFact | null {
    return s && s.kind === 'expr' && this.ownsLines(s.span) ? s : null;
  }

  /** A compound statement's first line (`for x in loader:`), for related locations. */
  headerSpan(s: StmtFact): Span {
    const line = this.lines.lineOf(s.span.start);
    return { start: s.span.start, end: Math.min(s.span.end, this.lines.lineEnd(line)) };
  }

  /** Text of a span. */
  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }
}
