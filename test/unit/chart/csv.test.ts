import assert from 'node:assert/strict';
import path from 'node:path';
import { cell, parseCsv, plottedCsv, CSV_HEADER } from '../../../src/core/chart/csv';
import { emaSmooth, typicalGap } from '../../../src/core/chart/ema';
import { parseLogFile } from '../../../src/core/logs/read-log-file';
import { Column } from '../../../src/core/run/column';
import { newSeries } from '../../../src/core/run/model';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/logs/pytorch-tutorial');

describe('CSV export of the plotted series', () => {
  it('writes every point of a real run with its smoothed value and source line; NaN as NaN', () => {
    const r = parseLogFile(path.join(fixtures, 'digits-mlp-naive-logsoftmax-nan.log'));
    assert.ok(r.ok);
    const loss = r.run.series.filter(s => s.metric === 'loss');
    const csv = plottedCsv(loss.map(series => ({ run: 'digits', series, clock: undefined })), { axis: 'epoch', range: null, smoothing: 0.6 });
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], CSV_HEADER);
    assert.equal(rows.length, 1 + 60);
    const train = rows.filter(row => row[2] === 'train');
    assert.deepEqual(train[0], ['digits', 'loss', 'train', 'train Loss', '0', 'epoch', '0', '1.4291', '1.4291', '3']);
    assert.deepEqual(train[6]!.slice(6, 10), ['6', 'NaN', 'NaN', '39']);
    const s = loss[0]!;
    const smoothed = emaSmooth(s.xs.view(), s.ys.view(), 0.6, typicalGap(s.xs.view()));
    assert.equal(Number(train[3]![8]), smoothed[3]);
  });

  it('keeps a zoomed range plus one point either side, and leaves the smoothed column empty at 0', () => {
    const s = newSeries({ metric: 'loss', split: 'train', name: 'loss', segment: 0, x: 'step' });
    s.xs = Column.from([0, 10, 20, 30, 40, 50]);
    s.ys = Column.from([6, 5, 4, 3, 2, 1]);
    s.lines = Column.from([1, 2, 3, 4, 5, 6]);
    const rows = parseCsv(plottedCsv([{ run: 'r', series: s, clock: undefined }], { axis: 'step', range: [15, 35], smoothing: 0 }));
    assert.deepEqual(rows.slice(1).map(r => [r[6], r[8]]), [['10', ''], ['20', ''], ['30', ''], ['40', '']]);
  });

  it('quotes names from logs and defuses spreadsheet formulas in them', () => {
    assert.equal(cell('val loss'), 'val loss');
    assert.equal(cell('a,b'), '"a,b"');
    assert.equal(cell('say "hi"'), '"say ""hi"""');
    assert.equal(cell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
    assert.equal(cell('-loss'), '"\'-loss"');
    assert.deepEqual(parseCsv(`${cell('<img src=x onerror=alert(1)>')},${cell('a\nb')}\n`), [['<img src=x onerror=alert(1)>', 'a\nb']]);
  });

  it('skips series that have no values on the axis', () => {
    const s = newSeries({ metric: 'loss', split: 'train', name: 'loss', segment: 0, x: 'epoch' });
    s.xs.push(0);
    s.ys.push(1);
    s.lines.push(1);
    assert.equal(plottedCsv([{ run: 'r', series: s, clock: undefined }], { axis: 'step', range: null, smoothing: 0 }), CSV_HEADER.join(',') + '\n');
  });
});
