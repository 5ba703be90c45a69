import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { diagnosisToJson } from '../../../src/core/diagnose/report-json';
import { diagnosisToText, wrap } from '../../../src/core/diagnose/report-text';
import type { EvidenceValue } from '../../../src/core/diagnose/symptom';
import { evidenceText } from '../../../src/core/diagnose/text';
import { at, fixtureRun, lint, RUNS, script } from './helpers';

const src = readFileSync(path.join(RUNS, 'softmax-before-cross-entropy', 'train.py'), 'utf8');
const withScript = script(src, {
  numClasses: { value: 10, at: at(30, 'nn.Linear(64, 10),') },
  finalActivation: { value: 'Softmax', at: at(31, 'nn.Softmax(dim=1),') },
  loss: { value: 'CrossEntropyLoss', at: at(33, 'criterion = nn.CrossEntropyLoss()') },
}, [lint('activation-after-final-linear', 31, 'Softmax before CrossEntropyLoss, which applies log-softmax itself'), lint('train-loader-no-shuffle', 21, 'the training loader does not shuffle', 'info')], 'runs/softmax/train.py');

describe('diagnosis reports', () => {
  it('JSON has exactly the shape of issue 6', () => {
    const json = diagnosisToJson(diagnose(fixtureRun('softmax-before-cross-entropy'), { script: withScript }));
    assert.deepEqual(Object.keys(json), ['file', 'format', 'epochs', 'script', 'findings', 'skipped']);
    assert.equal(json.epochs, 30);
    assert.equal(json.script, 'runs/softmax/train.py');
    const f = json.findings[0]!;
    assert.deepEqual(Object.keys(f), ['symptom', 'severity', 'title', 'segment', 'epochs', 'steps', 'logLines', 'evidence', 'explanation', 'advice', 'causes']);
    assert.deepEqual([f.symptom, f.severity, f.segment, f.epochs, f.steps], ['double-activation-floor', 'warning', 0, [3, 29], null]);
    assert.deepEqual(f.logLines, [18, 148]);
    assert.deepEqual(Object.keys(f.causes[0]!), ['rule', 'file', 'line', 'text', 'why']);
    assert.deepEqual(f.causes[0]!.line, 31);
    assert.ok(json.skipped.every(s => Object.keys(s).join() === 'symptom,reason'));
    // the unexplained lint finding
    const code = json.findings.find(x => x.symptom === 'code-finding')!;
    assert.deepEqual([code.severity, code.segment, code.epochs, code.steps, code.logLines], ['info', null, null, null, null]);
    // JSON survives a round trip (no NaN/undefined holes)
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
  });

  it('log lines point at the epoch lines the finding spans', () => {
    const lines = readFileSync(path.join(RUNS, 'softmax-before-cross-entropy', 'train.log'), 'utf8').split('\n');
    // With K = 10 from the script the floor band reaches up to 1.59: the finding starts at epoch 3 (1.5564).
    assert.match(lines[18 - 1]!, /^train Loss: 1\.5564/);
    assert.match(lines[148 - 1]!, /^train Loss: 1\.4639/);
  });

  it('the text report says what was found, where, why, and which lines to look at', () => {
    const text = diagnosisToText(diagnose(fixtureRun('softmax-before-cross-entropy'), { script: withScript }));
    const lines = text.split('\n');
    assert.match(lines[0]!, /train\.log: pytorch-tutorial, 30 epochs$/);
    assert.equal(lines[1], 'script: runs/softmax/train.py (given with --script)');
    assert.match(text, /WARNING double-activation-floor {2}\(epochs 3-29, log lines 18-148\)/);
    assert.match(text, /likely causes:\n {4}1\. runs\/softmax\/train\.py:31 nn\.Softmax\(dim=1\), \[activation-after-final-linear\]/);
    assert.match(text, /INFO code-finding/);
    assert.match(text, /0 errors, 1 warnings, 1 infos$/);
    for (const l of lines.slice(1)) assert.ok(l.length <= 100 || !l.includes(' '), `too long: ${l}`);
  });

  it('a curve-only report says so', () => {
    const text = diagnosisToText(diagnose(fixtureRun('healthy-digits-mlp')));
    assert.match(text.split('\n')[1]!, /^curves only: no training script found/);
  });

  it('evidence values read unambiguously in a key=value list', () => {
    const cases: [EvidenceValue, string][] = [
      [1.46521234, '1.4652'],
      [10, '10'],
      ['train Loss', '"train Loss"'],
      ['examples/train.py:44 nn.Linear(64, num_classes),', '"examples/train.py:44 nn.Linear(64, num_classes),"'],
      ['missing-zero-grad', 'missing-zero-grad'],
      [[0.5, 0.25], '[0.5, 0.25]'],
      [{ epoch: 3, series: 'val loss', note: null }, '{epoch: 3, series: "val loss"}'],
    ];
    for (const [v, text] of cases) assert.equal(evidenceText(v), text);
  });

  it('wraps words, never splitting them', () => {
    assert.deepEqual(wrap('a '.repeat(60).trim(), '  ', '    ').map(l => l.length <= 100), [true, true]);
  });
});
