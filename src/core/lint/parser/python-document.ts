import { Edit, type Point, type Tree } from 'web-tree-sitter';
import type { PythonLanguage } from './python-language';
import { LineIndex } from './line-index';

/** A span of the text in UTF-16 offsets, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** What changed between the previous text and the current one, in offsets. */
export interface TextChange {
  /** Where the old and new texts start to differ. */
  start: number;
  /** End of the replaced part in the old text. */
  oldEnd: number;
  /** End of the replacement in the new text. */
  newEnd: number;
  /** Ranges (new offsets) whose syntax changed, from tree-sitter's getChangedRanges. */
  changedRanges: Span[];
}

/**
 * One Python text and its parse tree. `update()` re-parses incrementally: the old tree is edited with the
 * difference between the two texts, re-parsed against, and deleted (the WASM heap never shrinks, so every tree
 * that is replaced must be freed).
 */
export class PythonDocument {
  private currentTree: Tree;
  private currentLines: LineIndex | undefined;

  private constructor(private readonly lang: PythonLanguage, private currentText: string, tree: Tree) {
    this.currentTree = tree;
  }

  static parse(lang: PythonLanguage, text: string): PythonDocument {
    return new PythonDocument(lang, text, parseOrThrow(lang, text, null));
  }

  get text(): string {
    return this.currentText;
  }

  get tree(): Tree {
    return this.currentTree;
  }

  get lines(): LineIndex {
    return (this.currentLines ??= new LineIndex(this.currentText));
  }

  /** Replaces the text; returns null when nothing changed. */
  update(text: string): TextChange | null {
    const old = this.currentText;
    if (text === old) return null;
    const { start, oldEnd, newEnd } = diffRange(old, text);
    const oldTree = this.currentTree;
    const startPosition = treePoint(old, start);
    oldTree.edit(new Edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition,
      oldEndPosition: advance(startPosition, old, start, oldEnd),
      newEndPosition: advance(startPosition, text, start, newEnd),
    }));
    const tree = parseOrThrow(this.lang, text, oldTree);
    const changedRanges = oldTree.getChangedRanges(tree).map(r => ({ start: r.startIndex, end: r.endIndex }));
    oldTree.delete();
    this.currentTree = tree;
    this.currentText = text;
    this.currentLines = undefined;
    return { start, oldEnd, newEnd, changedRanges };
  }

  dispose(): void {
    this.currentTree.delete();
  }
}

function parseOrThrow(lang: PythonLanguage, text: string, old: Tree | null): Tree {
  const tree = lang.parser.parse(text, old);
  // parse() returns null only when cancelled or without a language; neither happens here.
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/**
 * The smallest range that differs: common prefix and suffix, kept off the middle of a surrogate pair so the
 * edit never splits a character.
 */
export function diffRange(a: string, b: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(a.length, b.length);
  let start = 0;
  // equal blocks first (comparing two substrings is a memory compare), then character by character
  for (let step = 4096; step >= 16; step >>= 2) {
    while (start + step <= max && a.slice(start, start + step) === b.slice(start, start + step)) start += step;
  }
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(a.charCodeAt(start - 1))) start--;
  let suffix = 0;
  const maxSuffix = max - start;
  for (let step = 4096; step >= 16; step >>= 2) {
    while (suffix + step <= maxSuffix && a.slice(a.length - suffix - step, a.length - suffix) === b.slice(b.length - suffix - step, b.length - suffix)) suffix += step;
  }
  while (suffix < maxSuffix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(a.charCodeAt(a.length - suffix))) suffix--;
  return { start, oldEnd: a.length - suffix, newEnd: b.length - suffix };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The point after `text[from, to)`, starting from the point of `from`. */
function advance(p: Point, text: string, from: number, to: number): Point {
  let row = p.row;
  let lineStart = from - p.column;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: to - lineStart };
}

/** tree-sitter's point for an offset: rows counted on \n only, columns in UTF-16 code units. */
export function treePoint(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
