import assert from 'node:assert/strict';
import path from 'node:path';
import { LogSession, parseLogBytes } from '../../../src/core/logs/log-session';
import { parseLogFile } from '../../../src/core/logs/read-log-file';
import { epochCount, type Run } from '../../../src/core/run/model';
import { runToJson } from '../../../src/core/run/run-json';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/logs/pytorch-tutorial');

function parse(text: string): Run {
  const r = parseLogBytes(Buffer.from(text), 'x.log', 'x.log');
  if (!r.ok) throw new Error(r.error);
  return r.run;
}

describe('pytorch-tutorial format', () => {
  it('reads the tutorial loop', () => {
    const run = parse('Epoch 0/24\n----------\ntrain Loss: 0.9054 Acc: 0.5021\nval Loss: 0.6661 Acc: 0.7623\n\nEpoch 1/24\n----------\ntrain Loss: 0.5 Acc: 0.7\nval Loss: 0.4 Acc: 0.8\n');
    const json = runToJson(run);
    assert.equal(json.format, 'pytorch-tutorial');
    assert.equal(json.epochs, 2);
    assert.deepEqual(json.series.map(s => [s.split, s.metric, s.name, s.points, s.lines, s.scale]), [
      ['train', 'loss', 'train Loss', [[0, 0.9054], [1, 0.5]], [3, 8], undefined],
      ['train', 'accuracy', 'train Acc', [[0, 0.5021], [1, 0.7]], [3, 8], 'fraction'],
      ['val', 'loss', 'val Loss', [[0, 0.6661], [1, 0.4]], [4, 9], undefined],
      ['val', 'accuracy', 'val Acc', [[0, 0.7623], [1, 0.8]], [4, 9], 'fraction'],
    ]);
  });

  it('writes NaN losses as "NaN" and keeps them', () => {
    const json = runToJson(parse('Epoch 0/1\ntrain Loss: nan Acc: 0.1\n'));
    assert.deepEqual(json.series[0]!.points, [[0, 'NaN']]);
  });

  it('reads three models trained one after another as three segments (resnet 18/34/50 corpus log)', () => {
    const r = parseLogFile(path.join(fixtures, 'deep-learning-algorithm-resnet-18-34-50.md'));
    assert.ok(r.ok);
    const run = r.run;
    assert.equal(run.segments, 3);
    assert.equal(epochCount(run), 100);
    const first = (seg: number, name: string): [number, number] => {
      const s = run.series.find(x => x.segment === seg && x.name === name)!;
      return [s.ys.at(0), s.ys.at(s.ys.length - 1)];
    };
    // MANIFEST: resnet-50 train loss 2.4752 -> 0.3029, test loss 2.4580 -> 0.3043, Top-1 4.1501 -> 89.3551
    assert.deepEqual(first(0, 'train Loss'), [2.4752, 0.3029]);
    assert.deepEqual(first(0, 'test Loss'), [2.458, 0.3043]);
    assert.deepEqual(first(0, 'test Top-1 Acc'), [4.1501, 89.3551]);
    assert.equal(run.series.find(x => x.name === 'test Top-1 Acc')!.scale, 'percent');
    // resnet-34 2.3195 -> 0.2221; resnet-18 test Top-1 1.8302 -> 89.8614
    assert.deepEqual(first(1, 'train Loss'), [2.3195, 0.2221]);
    assert.deepEqual(first(2, 'test Top-1 Acc'), [1.8302, 89.8614]);
  });

  it('reads tensor reprs and Markdown headings (helping_hands corpus log)', () => {
    const r = parseLogFile(path.join(fixtures, 'icelandman2-helping-hands-resnet18extended-numbers.md'));
    assert.ok(r.ok);
    assert.equal(epochCount(r.run), 100);
    const s = (name: string) => r.run.series.find(x => x.name === name)!;
    // MANIFEST: train loss 1.93706 -> 0.89999, val loss 1.12561 -> 0.68400, val acc 0.6223 -> 0.7627
    assert.equal(s('train loss').ys.at(0), 1.93706483326);
    assert.equal(s('val loss').ys.at(99), 0.68399917199);
    assert.equal(s('val acc').ys.at(0), 0.6223);
    assert.equal(s('val acc').ys.at(99), 0.7627);
  });

  it('says a file without metrics is not a training log, naming the file', () => {
    const r = parseLogBytes(Buffer.from('hello\nworld\n'), 'notes.txt', 'notes.txt');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /notes\.txt/);
  });

  it('rejects binary and empty input with a clear message', () => {
    const bin = parseLogBytes(new Uint8Array(4096).map((_, i) => (i * 7) % 256), 'a.bin', 'a.bin');
    assert.equal(bin.ok, false);
    assert.match(!bin.ok ? bin.error : '', /binary|not look like/);
    const empty = parseLogBytes(new Uint8Array(0), 'e.log', 'e.log');
    assert.equal(empty.ok, false);
    assert.match(!empty.ok ? empty.error : '', /empty/);
  });

  it('gives the same run when fed in random chunks, split mid-line and mid-character', () => {
    const bytes = Buffer.from('Epoch 0/2\n-----\ntrain Loss: 0.9 Acc: 0.5\nval Loss: 0.8 Acc: 0.6 ✓\nEpoch 1/2\ntrain Loss: 0.7 Acc: 0.6\nval Loss: 0.6 Acc: 0.7\n'.repeat(50));
    const whole = runToJson(parse(bytes.toString()));
    for (let seed = 1; seed <= 20; seed++) {
      const s = new LogSession('x.log', 'x.log');
      let i = 0;
      let r = seed;
      while (i < bytes.length) {
        r = (r * 16807) % 2147483647;
        const n = 1 + (r % 97);
        s.push(bytes.subarray(i, i + n));
        i += n;
      }
      s.end();
      const out = s.result();
      assert.ok(out.ok);
      assert.deepEqual(runToJson(out.run), whole);
    }
  });
});
