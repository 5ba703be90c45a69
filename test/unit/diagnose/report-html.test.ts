import assert from 'node:assert/strict';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { diagnosisToHtml, escapeHtml, parseReportMessage } from '../../../src/core/diagnose/report-html';
import { at, fixtureRun, lint, runFrom, script } from './helpers';

describe('report webview page', () => {
  const html = (d: ReturnType<typeof diagnose>) => diagnosisToHtml(d, { cspSource: 'vscode-webview://x', nonce: 'N0nce', logLabel: 'runs/<b>.log' });

  it('a strict CSP: nothing but its own nonce\'d script and style', () => {
    const page = html(diagnose(fixtureRun('healthy-digits-mlp')));
    assert.match(page, /content="default-src 'none'; style-src 'nonce-N0nce'; script-src 'nonce-N0nce'; img-src vscode-webview:\/\/x;"/);
    assert.equal((page.match(/<script/g) ?? []).length, 1);
    assert.match(page, /<script nonce="N0nce">/);
    assert.doesNotMatch(page, /\son\w+=/); // no inline event handlers
  });

  it('escapes everything that comes from the log or the script', () => {
    const run = runFrom({ 'train loss': [NaN, 1, 1], '<img src=x onerror=alert(1)> loss': [NaN] });
    const s = script('x = "<script>alert(1)</script>"\n', { optimizer: { value: 'Adam', lr: 1, weightDecay: null, momentum: null, at: at(1, 'x = "<script>alert(1)</script>"') } }, [lint('missing-zero-grad', 1, '<b>bold</b>')]);
    const page = html(diagnose(run, { script: s }));
    assert.doesNotMatch(page, /<img|<b>|<script>alert/);
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page, /<h1>runs\/&lt;b&gt;\.log<\/h1>/);
  });

  it('causes are links carrying file and line; log lines and docs too', () => {
    const s = script('', { finalActivation: { value: 'Softmax', at: at(31, 'nn.Softmax(dim=1),') } }, [lint('activation-after-final-linear', 31)], 'examples/train.py');
    const page = html(diagnose(fixtureRun('softmax-before-cross-entropy'), { script: s }));
    assert.match(page, /<a data-file="examples\/train\.py" data-line="31">/);
    assert.match(page, /<a data-log-line="\d+">/);
    assert.match(page, /<a data-doc="double-activation-floor">/);
    assert.match(page, /<a data-command="pickScript">/);
  });

  it('messages from the page are validated before the extension acts on them', () => {
    assert.deepEqual(parseReportMessage({ type: 'openSource', file: 'train.py', line: 31 }), { type: 'openSource', file: 'train.py', line: 31 });
    assert.deepEqual(parseReportMessage({ type: 'command', command: 'rerun' }), { type: 'command', command: 'rerun' });
    for (const bad of [null, 'x', {}, { type: 'openSource', file: 'a.py', line: 0 }, { type: 'openSource', file: '', line: 3 }, { type: 'openSource', file: 'a.py', line: 1.5 },
      { type: 'openDoc', symptom: '../../etc/passwd' }, { type: 'command', command: 'workbench.action.terminal.new' }, { type: 'revealLogLine', line: -1 }]) {
      assert.equal(parseReportMessage(bad), null, JSON.stringify(bad));
    }
  });

  it('escapeHtml', () => assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'));
});
