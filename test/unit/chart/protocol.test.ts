import assert from 'node:assert/strict';
import { DEFAULT_VIEW_STATE, parseHostToView, parsePersistedState, parseViewToHost, PROTOCOL_VERSION, ProtocolError } from '../../../src/shared/protocol';

const XSS = '<img src=x onerror=alert(1)>';

describe('protocol validation (both directions)', () => {
  it('accepts well-formed messages and keeps log strings exactly as data', () => {
    const msg = parseHostToView({
      type: 'runs',
      runs: [{ id: 'file:///a.log', label: XSS, path: XSS, format: 'pytorch-tutorial', live: false, segments: 1, warnings: [{ line: 3, message: XSS }], warningCount: 1, error: null,
        series: [{ key: 'k', metric: XSS, split: 'val', name: XSS, segment: 0, x: 'epoch', axes: ['epoch'], count: 2, goal: 'min' }] }],
      data: { seq: 0, axis: 'epoch', range: null, series: [{ key: 'k', xs: [0, 1], ys: [1, 0.5], lines: [3, 4], unit: 1, events: [{ x: 2, kind: 'NaN', count: 1, line: 5 }], best: { x: 1, y: 0.5, line: 4, goal: 'min' }, total: 3, reduced: false }] },
    });
    assert.equal(msg.type, 'runs');
    if (msg.type !== 'runs') return;
    assert.equal(msg.runs[0]!.series[0]!.name, XSS);
    assert.equal(msg.runs[0]!.label, XSS);
  });

  const badHost: [string, unknown, RegExp][] = [
    ['not an object', 'init', /message: expected object/],
    ['unknown type', { type: 'eval', code: '1' }, /host-to-view message type/],
    ['a NaN number (must travel as "NaN")', { type: 'append', runId: 'r', series: [{ key: 'k', xs: [1], ys: [NaN], lines: [1], total: 1 }] }, /ys\[0\]/],
    ['a non-finite string in drawn points', { type: 'data', data: { seq: 1, axis: 'epoch', range: null, series: [{ key: 'k', xs: [1], ys: ['NaN'], lines: [1], unit: 1, events: [], total: 1, reduced: false }] } }, /ys\[0\]: expected finite number/],
    ['columns of different lengths', { type: 'data', data: { seq: 1, axis: 'epoch', range: null, series: [{ key: 'k', xs: [1, 2], ys: [1], lines: [1], unit: 1, events: [], total: 1, reduced: false }] } }, /different lengths/],
    ['an unknown axis', { type: 'data', data: { seq: 1, axis: 'time', range: null, series: [] } }, /axis/],
    ['a reversed range', { type: 'data', data: { seq: 1, axis: 'step', range: [5, 1], series: [] } }, /range/],
    ['a bad severity', { type: 'notice', level: 'fatal', text: 'x' }, /notice.level/],
    ['a symptom without its x range', { type: 'symptoms', runId: 'r', markers: [{ symptom: 'nan-loss', severity: 'error', segment: 0, label: 'NaN' }] }, /markers\[0\]\.x/],
  ];
  for (const [what, input, error] of badHost) {
    it(`rejects, to the webview: ${what}`, () => assert.throws(() => parseHostToView(input), (e: unknown) => e instanceof ProtocolError && error.test(e.message)));
  }

  it('accepts the webview\'s messages and rejects malformed ones', () => {
    assert.deepEqual(parseViewToHost({ type: 'ready', version: PROTOCOL_VERSION, state: DEFAULT_VIEW_STATE, width: 800 }), { type: 'ready', version: PROTOCOL_VERSION, state: DEFAULT_VIEW_STATE, width: 800 });
    assert.deepEqual(parseViewToHost({ type: 'revealLine', runId: 'r', line: 12 }), { type: 'revealLine', runId: 'r', line: 12 });
    assert.throws(() => parseViewToHost({ type: 'revealLine', runId: 'r', line: 1.5 }), /line: expected integer/);
    assert.throws(() => parseViewToHost({ type: 'exportImage', format: 'gif', data: '' }), /format/);
    assert.throws(() => parseViewToHost({ type: 'query', seq: 1, axis: 'step', range: null }), /budget/);
    assert.throws(() => parseViewToHost({ type: 'openFile', path: '/etc/passwd' }), /view-to-host message type/);
  });

  it('restores a persisted state and refuses a foreign one', () => {
    const state = { version: 1, runs: ['file:///w/a.log'], view: { ...DEFAULT_VIEW_STATE, axis: 'step', zoom: [10, 20], scales: { lr: 'log' } } };
    assert.deepEqual(parsePersistedState(JSON.parse(JSON.stringify(state))), state);
    assert.throws(() => parsePersistedState({ runs: 'a.log' }));
    assert.throws(() => parsePersistedState({ version: 1, runs: [], view: { ...DEFAULT_VIEW_STATE, scales: { lr: 'sqrt' } } }), /scales\.lr/);
  });
});
