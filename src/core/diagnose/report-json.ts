import type { Diagnosis } from './diagnose';
import type { Evidence, FindingId, Severity, SymptomId } from './symptom';

/**
 * The shape of `train-doctor diagnose <log> --format json`, fixed by issue 6: extend it, never change it.
 * Epochs are the numbers as written in the log; lines are 1-based.
 */
export interface DiagnosisJson {
  file: string;
  format: string;
  epochs: number | null;
  script: string | null;
  findings: {
    symptom: FindingId;
    severity: Severity;
    title: string;
    segment: number | null;
    epochs: [number, number] | null;
    steps: [number, number] | null;
    logLines: [number, number] | null;
    evidence: Evidence;
    explanation: string;
    advice: string[];
    causes: { rule: string | null; file: string; line: number; text: string; why: string }[];
  }[];
  skipped: { symptom: SymptomId; reason: string }[];
}

export function diagnosisToJson(d: Diagnosis): DiagnosisJson {
  return {
    file: d.file,
    format: d.format,
    epochs: d.epochs,
    script: d.script,
    findings: d.findings.map(f => ({
      symptom: f.symptom,
      severity: f.severity,
      title: f.title,
      segment: f.segment,
      epochs: f.epochs,
      steps: f.steps,
      logLines: f.logLines,
      evidence: f.evidence,
      explanation: f.explanation,
      advice: f.advice,
      causes: f.causes.map(c => ({ rule: c.rule, file: c.file, line: c.line, text: c.text, why: c.why })),
    })),
    skipped: d.skipped.map(s => ({ symptom: s.symptom, reason: s.reason })),
  };
}
