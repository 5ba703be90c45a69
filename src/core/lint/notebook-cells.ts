import type { LintFinding, Position, Range, TextEdit } from './finding';
import { lastAtOrBelow } from './parser/line-index';

/**
 * A notebook's Python code cells read as one module, the way the kernel runs them one after another: the model
 * defined in one cell, the training loop in the next. IPython syntax that is not Python becomes comments of the
 * same length (`%matplotlib inline`, `!pip install ...`), and cells of other languages (`%%bash`, `%%html`)
 * become blank lines, so every line and column of the joined text is the same line and column of its cell.
 */
export interface JoinedCells {
  text: string;
  /** The joined text's line where each cell starts. */
  firstLines: number[];
}

/** Cell magics whose body is still Python. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug']);

export function joinCells(cells: readonly string[]): JoinedCells {
  const parts: string[] = [];
  const firstLines: number[] = [];
  let line = 0;
  for (const cell of cells) {
    firstLines.push(line);
    const lines = cell.split('\n');
    const magic = /^%%(\w+)/.exec(lines[0] ?? '');
    const python = !magic || PYTHON_CELL_MAGICS.has(magic[1]!);
    parts.push(lines.map((l, i) => (!python ? '' : i === 0 && magic ? commented(l, 0) : ipythonLine(l))).join('\n'));
    line += lines.length;
  }
  return { text: parts.join('\n'), firstLines };
}

/** `%magic`, `!shell` and `%%` lines as comments of the same length; other lines as they are. */
function ipythonLine(line: string): string {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  const c = line.charCodeAt(i);
  return c === 37 /* % */ || c === 33 /* ! */ ? commented(line, i) : line;
}

function commented(line: string, at: number): string {
  return `${line.slice(0, at)}#${line.slice(at + 1)}`;
}

/** The cell holding a line of the joined text, and the line within the cell. */
export function cellOf(joined: JoinedCells, line: number): { cell: number; line: number } {
  const cell = lastAtOrBelow(joined.firstLines, line);
  return { cell, line: line - (joined.firstLines[cell] ?? 0) };
}

/** A finding in one cell's own lines; its related locations name their cells. */
export interface CellFinding {
  cell: number;
  finding: LintFinding;
  /** The cell of each related location (same order as `finding.related`). */
  relatedCells: number[];
}

/**
 * The findings of the joined text, each moved into the cell it starts in. A fix whose edits reach into another
 * cell is dropped (one cell's edit must not change another), the finding stays.
 */
export function findingsByCell(joined: JoinedCells, findings: readonly LintFinding[]): CellFinding[] {
  const out: CellFinding[] = [];
  for (const f of findings) {
    const cell = cellOf(joined, f.range.start.line).cell;
    const range = inCell(joined, f.range, cell) ?? collapsed(joined, f.range);
    const relatedCells: number[] = [];
    const related = f.related.map(r => {
      if (r.file) {
        relatedCells.push(cell);
        return r;
      }
      const c = cellOf(joined, r.range.start.line).cell;
      relatedCells.push(c);
      return { ...r, range: inCell(joined, r.range, c) ?? collapsed(joined, r.range) };
    });
    let fix = f.fix;
    if (fix) {
      const edits: TextEdit[] = [];
      for (const e of fix.edits) {
        const r = inCell(joined, e.range, cell);
        if (!r) {
          fix = null;
          break;
        }
        edits.push({ range: r, newText: e.newText });
      }
      if (fix) fix = { ...fix, edits };
    }
    out.push({ cell, finding: { ...f, range, related, fix }, relatedCells });
  }
  return out;
}

function at(line: number, p: Position): Position {
  return { line, character: p.character };
}

/** A range of the joined text in the lines of `cell`; null when it does not lie wholly in that cell. */
function inCell(joined: JoinedCells, r: Range, cell: number): Range | null {
  const a = cellOf(joined, r.start.line);
  const b = cellOf(joined, r.end.line);
  return a.cell === cell && b.cell === cell ? { start: at(a.line, r.start), end: at(b.line, r.end) } : null;
}

/** A range that runs past its cell's end, as the empty range at its start. */
function collapsed(joined: JoinedCells, r: Range): Range {
  const p = at(cellOf(joined, r.start.line).line, r.start);
  return { start: p, end: p };
}
