import { epochCount, validationSplit, type Run } from '../run/model';
import type { LintFinding } from '../lint/finding';
import { classesFromScript } from './chance';
import { lineText, rankCauses } from './causes';
import { segmentCurves, type Curve } from './curves';
import { Translator } from './l10n';
import { SYMPTOMS, symptomById } from './symptoms';
import {
  SEVERITY_RANK, type CauseCandidate, type FindingId, type Hit, type ScriptFoundBy, type ScriptInput, type Severity, type SkipReason,
  type Symptom, type SymptomContext, type SymptomId, type Evidence,
} from './symptom';
import { round } from './stats';

/** At most this many causes are listed per finding. */
export const MAX_CAUSES = 5;

export interface DiagnoseOptions {
  /** The training script, read by the lint layer; null/absent: a curve-only diagnosis. */
  script?: ScriptInput | null;
  /** Report language (`en`, `de`); English when absent or unknown. */
  lang?: string;
}

export interface Cause {
  rule: string | null;
  file: string;
  /** 1-based line of the lint finding or of the hyperparameter. */
  line: number;
  text: string;
  why: string;
}

/** Where a finding sits on the curves, as plain data for the curves view (x in the curve's own axis). */
export interface Marker {
  symptom: FindingId;
  severity: Severity;
  segment: number;
  axis: 'epoch' | 'step';
  /** The series the span was measured on, as written in the log. */
  series: string;
  x: [number, number];
  /** Single points worth a tick of their own (best epoch, LR drops, where a collapse starts). */
  points: number[];
  label: string;
}

export interface Finding {
  symptom: FindingId;
  severity: Severity;
  title: string;
  /** 0-based segment (run) of the log; null for findings about the script alone. */
  segment: number | null;
  epochs: [number, number] | null;
  steps: [number, number] | null;
  logLines: [number, number] | null;
  evidence: Evidence;
  explanation: string;
  advice: string[];
  causes: Cause[];
  /** Not in the JSON output: for the editor. */
  marker: Marker | null;
}

export interface Skipped {
  symptom: SymptomId;
  reason: string;
}

export interface Diagnosis {
  file: string;
  format: string;
  epochs: number | null;
  script: string | null;
  scriptFoundBy: ScriptFoundBy | null;
  segments: number;
  findings: Finding[];
  skipped: Skipped[];
  lang: string;
}

/**
 * Reads a run's curves (and, when given, its training script's facts and lint findings) and says what is
 * wrong, where in the log, and which lines of the script most likely cause it.
 */
export function diagnose(run: Run, opts: DiagnoseOptions = {}): Diagnosis {
  const t = new Translator(opts.lang ?? 'en');
  const script = opts.script ?? null;
  const valSplit = validationSplit(run);
  const findings: Finding[] = [];
  const skippedBySymptom = new Map<SymptomId, { segment: number; reason: string }[]>();
  const usedFindings = new Set<LintFinding>();
  const scriptClasses = classesFromScript(script?.facts);

  for (let segment = 0; segment < run.segments; segment++) {
    const curves = segmentCurves(run, segment, valSplit);
    const found = new Map<SymptomId, Hit>();
    const ctx: SymptomContext = { run, curves, scriptClasses, script, found };
    for (const s of SYMPTOMS) {
      const reason = s.requires(ctx);
      if (reason) {
        const list = skippedBySymptom.get(s.id) ?? [];
        list.push({ segment, reason: skipText(t, reason) });
        skippedBySymptom.set(s.id, list);
        continue;
      }
      const hit = s.detect(ctx);
      if (!hit) continue;
      hit.severity ??= s.severity;
      found.set(s.id, hit);
    }
    for (const id of [...found.keys()]) for (const sup of symptomById(id)!.supersedes ?? []) found.delete(sup);
    for (const [id, hit] of found) {
      const symptom = symptomById(id)!;
      const cands = script && symptom.causes ? rankCauses(symptom.causes(ctx, hit, script)).slice(0, MAX_CAUSES) : [];
      for (const c of cands) if (c.finding) usedFindings.add(c.finding);
      findings.push(toFinding(t, symptom, hit, segment, cands, script));
    }
  }
  if (script) findings.push(...codeFindings(t, script, usedFindings));

  findings.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.segment ?? Infinity) - (b.segment ?? Infinity) || (a.logLines?.[0] ?? Infinity) - (b.logLines?.[0] ?? Infinity));
  return {
    file: run.file,
    format: run.format,
    epochs: epochCount(run),
    script: script?.path ?? null,
    scriptFoundBy: script?.foundBy ?? null,
    segments: run.segments,
    findings,
    skipped: mergeSkipped(skippedBySymptom, run.segments),
    lang: t.lang,
  };
}

function skipText(t: Translator, r: SkipReason): string {
  return t.ui(r.key, r.params);
}

/** One entry per symptom: the reason, and which runs of the file it applies to when not all. */
function mergeSkipped(by: Map<SymptomId, { segment: number; reason: string }[]>, segments: number): Skipped[] {
  const out: Skipped[] = [];
  for (const s of SYMPTOMS) {
    const list = by.get(s.id);
    if (!list) continue;
    const reasons = [...new Set(list.map(l => l.reason))];
    let reason: string;
    if (segments === 1) reason = reasons[0]!;
    else if (reasons.length === 1 && list.length === segments) reason = reasons[0]!;
    else reason = list.map(l => `run ${l.segment + 1}: ${l.reason}`).join('; ');
    out.push({ symptom: s.id, reason });
  }
  return out;
}

function range(c: Curve, from: number, to: number): { epochs: [number, number] | null; steps: [number, number] | null } {
  if (c.axis === 'epoch') return { epochs: [c.xs[from]!, c.xs[to]!], steps: null };
  const epochs: [number, number] | null = c.epochs.length === c.xs.length && Number.isFinite(c.epochs[from]) && Number.isFinite(c.epochs[to])
    ? [round(c.epochs[from]!), round(c.epochs[to]!)] : null;
  return { epochs, steps: [c.xs[from]!, c.xs[to]!] };
}

function toFinding(t: Translator, s: Symptom, hit: Hit, segment: number, cands: CauseCandidate[], script: ScriptInput | null): Finding {
  const v = hit.variant && hit.variant !== 'main' ? hit.variant : null;
  const variant = v ? s.texts.variants?.[v] : undefined;
  const key = (field: string) => (v ? `${s.id}.${v}.${field}` : `${s.id}.${field}`);
  const title = t.render(variant?.title ? key('title') : `${s.id}.title`, variant?.title ?? s.texts.title, hit.params);
  const explanation = t.render(variant?.explanation ? key('explanation') : `${s.id}.explanation`, variant?.explanation ?? s.texts.explanation, hit.params);
  const adviceList = variant?.advice ?? s.texts.advice;
  const advice = adviceList.map((a, i) => t.render(variant?.advice ? `${key('advice')}.${i}` : `${s.id}.advice.${i}`, a, hit.params));
  const { curve, from, to } = hit.span;
  const { epochs, steps } = range(curve, from, to);
  const severity = hit.severity ?? s.severity;
  return {
    symptom: s.id,
    severity,
    title,
    segment,
    epochs,
    steps,
    logLines: [curve.firstLines[from]!, curve.lines[to]!],
    evidence: hit.evidence,
    explanation,
    advice,
    causes: cands.map(c => ({ rule: c.rule, file: script!.path, line: c.line, text: c.text, why: t.render(c.whyKey, c.why, { ...hit.params, ...c.params }) })),
    // A band on a chart has room for a name, not a sentence: the symptom's short name in the report's language.
    marker: { symptom: s.id, severity, segment, axis: curve.axis, series: curve.name, x: [curve.xs[from]!, curve.xs[to]!], points: hit.marks ?? [], label: t.template(`${s.id}.name`, s.name) },
  };
}

/** Lint findings no curve symptom listed as a cause: the report never hides a known bug. */
function codeFindings(t: Translator, script: ScriptInput, used: Set<LintFinding>): Finding[] {
  return script.findings.filter(f => !used.has(f)).map(f => {
    const line = f.range.start.line + 1;
    const text = lineText(script.source, line);
    return {
      symptom: 'code-finding' as const,
      severity: f.severity,
      title: t.ui('ui.code-finding.title', { message: f.message }),
      segment: null,
      epochs: null,
      steps: null,
      logLines: null,
      evidence: { rule: f.rule, line, column: f.range.start.character + 1 },
      explanation: t.ui('ui.code-finding.explanation'),
      advice: f.fix ? [f.fix.title] : [],
      causes: [{ rule: f.rule, file: script.path, line, text, why: t.ui('ui.code-finding.why', { rule: f.rule, message: f.message }) }],
      marker: null,
    };
  });
}
