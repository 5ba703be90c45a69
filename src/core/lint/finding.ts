/**
 * What the linter reports. Positions are 0-based lines and 0-based columns in UTF-16 code units (VS Code's
 * convention); ends are exclusive. The CLI converts to 1-based when it prints.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** A text replacement on the original source; the edits of one fix never overlap. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  /** What the fix does, e.g. "Insert `optimizer.zero_grad()` before `loss.backward()`". */
  title: string;
  /** Safe fixes keep the program's meaning apart from the bug; only they are offered as preferred / fix-all. */
  safe: boolean;
  edits: TextEdit[];
}

export interface RelatedLocation {
  range: Range;
  message: string;
  /** Another file; absent = the same file. */
  file?: string;
}

export interface LintFinding {
  /** Rule id, e.g. `missing-zero-grad`. */
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  related: RelatedLocation[];
  fix: Fix | null;
}
