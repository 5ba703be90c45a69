import type { LintFinding, TextEdit } from './finding';
import { disableComment, parseDisable } from './suppressions';
import type { ScriptFacts } from './script-facts';
import { loadPythonLanguage, type PythonLanguage } from './parser/python-language';
import { PythonDocument } from './parser/python-document';
import { FactExtractor } from './model/extract';
import { DocumentFacts, type UpdateStats } from './model/document-facts';
import { SemanticModel } from './model/semantic-model';
import { LintContext, runRules, type EngineResult } from './lint-engine';
import { resolveRuleSettings, type RuleOverrides, type RuleSettings } from './config/rule-settings';
import { defaultSeverities } from './rules';
import { readScriptFacts } from './script-facts-extract';
import { countSyntaxErrors } from './parser/syntax-errors';

export interface Analysis {
  findings: LintFinding[];
  facts: ScriptFacts;
  /** ERROR and MISSING nodes in the parse tree: the rules still ran on everything that parsed. */
  syntaxErrors: number;
  /** Rules that failed on this file (a bug in the rule, never a reason to lose the other findings). */
  ruleErrors: { rule: string; error: string }[];
}

/**
 * The linter for one process: the parser and the fact extractor are created once; each open document keeps its
 * tree and per-statement facts so that edits are re-parsed and re-extracted incrementally.
 */
export class PythonAnalyzer {
  private constructor(private readonly lang: PythonLanguage, private readonly extractor: FactExtractor) {}

  /** Loads web-tree-sitter and the Python grammar (once per process). */
  static async load(): Promise<PythonAnalyzer> {
    const lang = await loadPythonLanguage();
    return new PythonAnalyzer(lang, new FactExtractor(lang));
  }

  open(text: string): AnalyzedDocument {
    return new AnalyzedDocument(this.lang, this.extractor, text);
  }

  /** Lints and describes one text, then frees its tree. */
  analyze(text: string, overrides: RuleOverrides[] = []): Analysis {
    const doc = this.open(text);
    try {
      const r = doc.lint(settingsFrom(overrides));
      return { findings: r.findings, facts: doc.scriptFacts(), syntaxErrors: doc.syntaxErrors(), ruleErrors: r.ruleErrors };
    } finally {
      doc.dispose();
    }
  }
}

/** One document: its tree, its facts, and the model built from them for the current text. */
export class AnalyzedDocument {
  private readonly doc: PythonDocument;
  private readonly facts: DocumentFacts;
  private context: LintContext | undefined;

  constructor(private readonly lang: PythonLanguage, extractor: FactExtractor, text: string) {
    this.doc = PythonDocument.parse(lang, text);
    this.facts = new DocumentFacts(extractor);
    this.facts.build(this.doc);
  }

  get text(): string {
    return this.doc.text;
  }

  /** Replaces the text: incremental re-parse, re-extraction of the top-level statements the edit touched. */
  update(text: string): UpdateStats | null {
    const change = this.doc.update(text);
    if (!change) return null;
    this.context = undefined;
    return this.facts.update(this.doc, change);
  }

  lint(settings: RuleSettings = settingsFrom([])): EngineResult {
    return runRules(this.lintContext(), settings);
  }

  scriptFacts(): ScriptFacts {
    return readScriptFacts(this.lintContext());
  }

  /**
   * The edit that silences a rule on one line: `# train-doctor: disable=<rule>` at its end, merged into a
   * disable comment already there. Null when the line ends inside a multi-line string.
   */
  disableRuleEdit(line: number, rule: string): TextEdit | null {
    const py = this.lintContext().py;
    const lines = py.lines;
    const end = lines.lineEnd(line);
    const c = py.commentOnLine(line);
    const range = (a: number, b: number) => ({ start: lines.position(a), end: lines.position(b) });
    if (c && parseDisable(c.text).length > 0) return { range: range(c.span.start, c.span.end), newText: disableComment(c.text, rule) };
    if (!c && py.insideString(end)) return null;
    const text = lines.lineText(line);
    const gap = text.trim() === '' ? '' : '  ';
    return { range: range(end, end), newText: `${gap}${disableComment(null, rule)}` };
  }

  syntaxErrors(): number {
    return countSyntaxErrors(this.lang, this.doc.tree);
  }

  dispose(): void {
    this.doc.dispose();
  }

  private lintContext(): LintContext {
    return (this.context ??= new LintContext(new SemanticModel(this.doc, this.facts.index)));
  }
}

export function settingsFrom(overrides: RuleOverrides[]): RuleSettings {
  return resolveRuleSettings(defaultSeverities(), ...overrides);
}

let shared: Promise<PythonAnalyzer> | undefined;

/**
 * Lints a Python source and reads its training facts: the API the CLI and the diagnosis use. The findings
 * follow finding.ts (0-based UTF-16 positions); the facts follow script-facts.ts (1-based lines and columns).
 */
export async function analyzePython(source: string, options: { overrides?: RuleOverrides[] } = {}): Promise<Analysis> {
  shared ??= PythonAnalyzer.load();
  return (await shared).analyze(source, options.overrides ?? []);
}
