import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLogBytes, type ParseOutcome } from '../../../src/core/logs/log-session';
import { FORMATS } from '../../../src/core/logs/formats';
import { runToJson } from '../../../src/core/run/run-json';
import { epochCount, type Run } from '../../../src/core/run/model';
import type { RunBuilder } from '../../../src/core/run/run-builder';
import { FIXTURES } from './fixtures';

/**
 * Bad input never throws, never hangs and never drops data silently: a partial run with warnings that name
 * lines, or one clear error that names the file.
 */
function parse(bytes: Uint8Array | string, name = 'broken.log', format?: string): ParseOutcome {
  const b = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return parseLogBytes(b, `/tmp/${name}`, name, format);
}

function ok(r: ParseOutcome): Run {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.run;
}

function fixture(rel: string): Buffer {
  return readFileSync(path.join(FIXTURES, rel));
}

const KERAS = 'Epoch 1/3\n10/10 [==============================] - 1s 5ms/step - loss: 0.9000 - acc: 0.5000 - val_loss: 0.8000 - val_acc: 0.6000\nEpoch 2/3\n10/10 [==============================] - 1s 5ms/step - loss: 0.7000 - acc: 0.6000 - val_loss: 0.7500 - val_acc: 0.6500\n';

describe('broken and hostile input', () => {
  it('empty input: a clear error naming the file', () => {
    const r = parse('', 'empty.log');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /empty\.log is empty/);
  });

  it('random binary: "binary file", naming it', () => {
    let seed = 7;
    const bytes = new Uint8Array(20000).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    const r = parse(bytes, 'weights.bin');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /weights\.bin is a binary file/);
  });

  it('a zip or a PyTorch checkpoint given as a log: an error, not a crash', () => {
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000'), Buffer.alloc(3000, 0x9c)]);
    const r = parse(zip, 'model.pt');
    assert.equal(r.ok, false);
  });

  it('text that is not a training log says so', () => {
    const r = parse('Dear diary,\nToday I trained nothing.\n'.repeat(10), 'notes.txt');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /notes\.txt does not look like a training log/);
  });

  it('a line cut in the middle at the end of the file: the values before the cut stay, the cut line is read as far as it goes', () => {
    const text = KERAS + 'Epoch 3/3\n10/10 [==============================] - 1s 5ms/step - loss: 0.6000 - acc: 0.7000 - val_lo';
    const run = ok(parse(text, 'cut.log'));
    const loss = run.series.find(s => s.name === 'loss')!;
    assert.deepEqual(loss.ys.toArray(), [0.9, 0.7, 0.6]);
    const val = run.series.find(s => s.name === 'val_loss')!;
    assert.deepEqual(val.ys.toArray(), [0.8, 0.75]);
  });

  it('a JSON-lines file cut mid-object: the complete rows stay, the cut one is a warning with its line', () => {
    const text = '{"iteration": 19, "total_loss": 2.0, "lr": 0.001, "eta_seconds": 5}\n{"iteration": 39, "total_loss": 1.5, "lr": 0.001, "eta_seconds": 4}\n{"iteration": 59, "total_lo';
    const run = ok(parse(text, 'metrics.json'));
    assert.equal(run.format, 'detectron2-metrics');
    assert.deepEqual(run.series.find(s => s.name === 'total_loss')!.ys.toArray(), [2, 1.5]);
    assert.ok(run.warnings.some(w => w.line === 3 && /unreadable JSON/.test(w.message)), JSON.stringify(run.warnings));
  });

  it('trainer_state.json cut mid-write: the entries before the cut stay, with a warning', () => {
    const whole = fixture('hf-trainer-state/tashu014-lora-imdb-distilbert.json').toString();
    const cut = whole.slice(0, whole.indexOf('"step": 200') + 5);
    const run = ok(parse(cut, 'trainer_state.json'));
    const loss = run.series.find(s => s.name === 'loss')!;
    assert.equal(loss.xs.last(), 180);
    assert.ok(run.warnings.some(w => /ends or breaks inside log_history/.test(w.message) && w.line > 0));
  });

  it('a 50 MB single line is skipped with a warning, the lines around it are read', function () {
    this.timeout(60_000);
    const big = 'x'.repeat(50 * 1024 * 1024);
    const bytes = Buffer.concat([Buffer.from(KERAS), Buffer.from(big), Buffer.from('\nEpoch 3/3\n10/10 [==============================] - 1s - loss: 0.5000 - acc: 0.8000\n')]);
    const run = ok(parse(bytes, 'huge-line.log'));
    assert.deepEqual(run.series.find(s => s.name === 'loss')!.ys.toArray(), [0.9, 0.7, 0.5]);
    assert.ok(run.warnings.some(w => w.line === 5 && /longer than 1 MiB: skipped/.test(w.message)), JSON.stringify(run.warnings));
  });

  it('a 50 MB file that is one line of garbage gives one clear error', function () {
    this.timeout(60_000);
    const r = parse(Buffer.alloc(50 * 1024 * 1024, 0x61), 'one-line.log');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /one-line\.log/);
  });

  it('NUL bytes inside lines (a crash left a zero-filled block) are removed; the numbers still read', () => {
    const text = KERAS.replace('loss: 0.7000', 'loss: 0.7\u0000\u0000\u0000000') + '\u0000'.repeat(200) + 'Epoch 3/3\n10/10 [==============================] - 1s - loss: 0.5000 - acc: 0.8000\n';
    const run = ok(parse(text, 'nul.log'));
    assert.deepEqual(run.series.find(s => s.name === 'loss')!.ys.toArray(), [0.9, 0.7, 0.5]);
  });

  it('mixed encodings: GBK bytes in a UTF-8 log become U+FFFD and the numbers around them still read', () => {
    const gbk = Buffer.from([0xbf, 0xaa, 0xca, 0xbc, 0xd1, 0xb5, 0xc1, 0xb7]); // 开始训练 in GBK
    const bytes = Buffer.concat([gbk, Buffer.from(' 训练开始\n'), Buffer.from('Epoch [1/2] | Train Loss: 0.5000 | Val Acc: 0.7000\n'), gbk, Buffer.from('\nEpoch [2/2] | Train Loss: 0.4000 | Val Acc: 0.7500\n')]);
    const run = ok(parse(bytes, 'mixed.log'));
    assert.deepEqual(run.series.find(s => s.name === 'Train Loss')!.ys.toArray(), [0.5, 0.4]);
  });

  it('UTF-16 LE and BE, with and without BOM, read like UTF-8', () => {
    const text = fixture('print-lines/5697526-cifar10-training-mojibake.log').toString('utf8');
    const expected = runToJson(ok(parse(Buffer.from(text), 'training.log')));
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [['le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), le])], ['le', le], ['be-bom', Buffer.concat([Buffer.from([0xfe, 0xff]), be])], ['be', be]] as const) {
      const json = runToJson(ok(parse(bytes, 'training.log')));
      assert.deepEqual({ ...json, file: '' }, { ...expected, file: '' }, name);
    }
  });

  it('a UTF-8 BOM, CRLF line ends and ANSI colours change nothing', () => {
    const plain = 'Epoch [1/2] | Train Loss: 0.5000 | Val Acc: 0.7000\nEpoch [2/2] | Train Loss: 0.4000 | Val Acc: 0.7500\n';
    const fancy = '\ufeff' + plain.replace(/\n/g, '\r\n').replace(/Train Loss/g, '\u001b[32mTrain Loss\u001b[0m').replace(/0\.7500/, '\u001b[1;31m0.7500\u001b[0m');
    const a = runToJson(ok(parse(plain, 'a.log')));
    const b = runToJson(ok(parse(fancy, 'a.log')));
    assert.deepEqual(b, a);
  });

  it('non-numeric values are warnings with their line; the other values of the line stay', () => {
    const text = KERAS + 'Epoch 3/3\n10/10 [==============================] - 1s - loss: oops - acc: 0.8000\n';
    const run = ok(parse(text, 'words.log'));
    assert.deepEqual(run.series.find(s => s.name === 'acc')!.ys.toArray(), [0.5, 0.6, 0.8]);
    assert.ok(run.warnings.some(w => w.line === 6 && /loss: 'oops' is not a number/.test(w.message)), JSON.stringify(run.warnings));
  });

  it('CSV cells that are not numbers are warned, NA is a missing value', () => {
    const text = 'epoch,accuracy,loss,val_accuracy,val_loss\n0,0.5,0.9,0.6,0.8\n1,0.6,n/a?,0.65,0.75\n2,0.7,0.5,NA,NA\n';
    const run = ok(parse(text, 'training_log.csv'));
    assert.deepEqual(run.series.find(s => s.name === 'loss')!.ys.toArray(), [0.9, 0.5]);
    assert.deepEqual(run.series.find(s => s.name === 'val_loss')!.xs.toArray(), [0, 1]);
    assert.deepEqual(run.warnings.map(w => w.line), [3]);
  });

  it('a duplicated epoch replaces the earlier values, with a warning; an epoch going back starts a new segment', () => {
    const text = 'Epoch 0/2\ntrain Loss: 0.9 Acc: 0.5\nEpoch 1/2\ntrain Loss: 0.8 Acc: 0.6\nEpoch 1/2\ntrain Loss: 0.7 Acc: 0.65\nEpoch 0/2\ntrain Loss: 1.0 Acc: 0.4\n';
    const run = ok(parse(text, 'dup.log'));
    assert.equal(run.segments, 2);
    const first = run.series.find(s => s.segment === 0 && s.name === 'train Loss')!;
    assert.deepEqual([first.xs.toArray(), first.ys.toArray()], [[0, 1], [0.9, 0.7]]);
    assert.ok(run.warnings.some(w => w.line === 5 && /epoch 1 appears again/.test(w.message)));
  });

  it('out-of-order iterations in JSON lines start a new segment instead of drawing a line backwards', () => {
    const text = [39, 59, 19, 39].map(i => JSON.stringify({ iteration: i, total_loss: 1 / i, eta_seconds: 1 })).join('\n') + '\n';
    const run = ok(parse(text, 'metrics.json'));
    assert.equal(run.segments, 2);
    assert.deepEqual(run.series.filter(s => s.name === 'total_loss').map(s => s.xs.toArray()), [[39, 59], [19, 39]]);
  });

  it('a file whose x goes back on every line is capped at 1000 segments with a warning, never a hang', () => {
    const rows = ['epoch,loss,val_loss'];
    for (let i = 0; i < 20000; i++) rows.push(`${i % 2 ? 0 : 1},${(i / 20000).toFixed(5)},0.5`);
    const run = ok(parse(rows.join('\n') + '\n', 'training_log.csv'));
    assert.equal(run.segments, 1000);
    assert.equal(run.series.reduce((n, s) => n + s.ys.length, 0), 40000); // every value kept
    assert.ok(run.warnings.some(w => /more than 1000 runs/.test(w.message)));
  });

  it('the Hugging Face console\'s rounded epochs repeat: each logging step keeps its point', () => {
    const text = "{'loss': 0.9, 'learning_rate': 5e-05, 'epoch': 0.01}\n{'loss': 0.8, 'learning_rate': 5e-05, 'epoch': 0.01}\n{'loss': 0.7, 'learning_rate': 5e-05, 'epoch': 0.02}\n";
    const run = ok(parse(text, 'train.log'));
    assert.equal(run.segments, 1);
    assert.deepEqual(run.series.find(s => s.name === 'loss')!.ys.toArray(), [0.9, 0.8, 0.7]);
  });

  it('a truncated TensorBoard event file keeps the whole records and says where it ends', () => {
    const bytes = fixture('tensorboard-events/pytorch-digits-mlp/events.out.tfevents.1736935200.fixture.4242.0');
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    const run = ok(parse(cut, 'events.out.tfevents.1'));
    assert.ok(run.series.find(s => s.name === 'Loss/train')!.ys.length > 50);
    assert.ok(run.warnings.some(w => /the file ends inside record/.test(w.message)));
  });

  it('a damaged TensorBoard record is skipped; a damaged length stops the read with a warning', () => {
    const bytes = Buffer.from(fixture('tensorboard-events/pytorch-digits-mlp/events.out.tfevents.1736935200.fixture.4242.0'));
    const whole = ok(parse(bytes, 'events.out.tfevents.1'));
    const n = whole.series.find(s => s.name === 'Loss/train')!.ys.length;
    const dataFlip = Buffer.from(bytes);
    dataFlip[200] = dataFlip[200]! ^ 0xff; // inside an early record's data
    const a = ok(parse(dataFlip, 'events.out.tfevents.1'));
    assert.ok(a.warnings.some(w => /bad data checksum: skipped/.test(w.message)));
    assert.ok(a.series.find(s => s.name === 'Loss/train')!.ys.length >= n - 1);
    const lenFlip = Buffer.from(bytes);
    lenFlip[0] = lenFlip[0]! ^ 0x01;
    const b = parse(lenFlip, 'events.out.tfevents.1');
    assert.equal(b.ok, false); // nothing before the damage: no run, and the message says why
    assert.match(b.ok ? '' : b.error, /bad length checksum/);
  });

  it('no format throws on hostile text: every line parser survives garbage, deep nesting and huge numbers', () => {
    const hostile = [
      '{"a": [[[[[[[[[[[[', '{{{{', '{"x": 1e999999, "y": -1e999999, "z": NaN}', '\'\'\'', 'Epoch [', 'Epoch 99999999999999999999/1',
      '| epoch 001: / ', '\u0000\u0001\u0002', 'loss: tensor(', 'lr: [', 'Epoch(train) [', '%|█', ',,,,,,', '"a","b"\n1,2', 'a=b=c=1',
      ' - loss: - acc:', '12/ 5 batches |', 'e'.repeat(5000), '1/1 [=] - loss: 1 - val_loss: 2 - ' + 'x: 1 - '.repeat(2000),
    ].join('\n');
    for (const f of FORMATS) {
      const r = parseLogBytes(Buffer.from(hostile), '/tmp/h.log', 'h.log', f.id);
      if (r.ok) for (const s of r.run.series) assert.equal(s.xs.length, s.ys.length);
    }
  });

  it('a parser that throws keeps what it read and reports where it stopped', () => {
    const throwing = { id: 'throws', title: 't', sniff: () => 1, createLineParser: (out: RunBuilder) => {
      let n = 0;
      const s = out.series('loss', { x: 'epoch' });
      return { line: () => {
        if (++n === 3) throw new Error('boom');
        out.add(s, n, n / 10, n);
      } };
    } };
    const r = parseLogBytes(Buffer.from('a\nb\nc\nd\n'), '/tmp/t.log', 't.log', throwing);
    const run = ok(r);
    assert.deepEqual(run.series[0]!.ys.toArray(), [0.1, 0.2]);
    assert.ok(run.warnings.some(w => /parser stopped here: boom/.test(w.message)));
    assert.equal(epochCount(run), 2);
  });
});
