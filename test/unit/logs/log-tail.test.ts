import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogTail, type TailDelta } from '../../../src/core/logs/log-tail';
import { nodeFileSystem } from '../../../src/core/logs/node-file-system';
import type { LogFileSystem } from '../../../src/core/logs/file-system';
import { runToJson } from '../../../src/core/run/run-json';
import { parseLogBytes } from '../../../src/core/logs/log-session';
import { FIXTURES } from './fixtures';

/** Growth, truncation, rotation, deletion: on real temporary files. */
const epochLine = (e: number): string => `Epoch [${e}/50] | Train Loss: ${(1 / e).toFixed(4)} | Val Loss: ${(1.2 / e).toFixed(4)}\n`;

/** node's fs without file identities, as VS Code's file system API is. */
const noIdentity: LogFileSystem = {
  ...nodeFileSystem,
  stat: async p => {
    const s = await nodeFileSystem.stat(p);
    if (!s) return null;
    const { id: _id, ...rest } = s;
    return rest;
  },
};

function grown(d: TailDelta): [string, number, number][] {
  assert.equal(d.kind, 'append', JSON.stringify(d));
  return d.kind === 'append' ? d.grown.map(g => [g.series.name, g.from, g.series.ys.length]) : [];
}

describe('LogTail', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'td-tail-'));
    file = path.join(dir, 'train.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file, then only what is appended, reporting which series grew from where', async () => {
    writeFileSync(file, epochLine(1) + epochLine(2));
    const tail = new LogTail(nodeFileSystem, file);
    assert.deepEqual(await tail.poll(), { kind: 'replace', reason: 'first-read' });
    assert.equal(tail.run!.series[0]!.ys.length, 2);
    assert.deepEqual(await tail.poll(), { kind: 'none' });
    appendFileSync(file, epochLine(3));
    assert.deepEqual(grown(await tail.poll()), [['Train Loss', 2, 3], ['Val Loss', 2, 3]]);
    assert.equal(tail.bytesRead, readFileSync(file).length);
  });

  it('a partial last line waits for its newline; settle() reads it when the file goes quiet', async () => {
    writeFileSync(file, epochLine(1));
    const tail = new LogTail(nodeFileSystem, file);
    await tail.poll();
    appendFileSync(file, epochLine(2).slice(0, 30));
    assert.deepEqual(await tail.poll(), { kind: 'none' });
    appendFileSync(file, epochLine(2).slice(30, -1)); // everything but the newline
    assert.deepEqual(await tail.poll(), { kind: 'none' });
    assert.deepEqual(grown(await tail.settle()), [['Train Loss', 1, 2], ['Val Loss', 1, 2]]);
    // the line was whole after all: its newline and the next line arrive, nothing is read twice
    appendFileSync(file, '\n' + epochLine(3));
    assert.deepEqual(grown(await tail.poll()), [['Train Loss', 2, 3], ['Val Loss', 2, 3]]);
    assert.deepEqual(tail.run!.series[0]!.lines.toArray(), [1, 2, 3]);
  });

  it('a line read early that then goes on is read again from the start, so no wrong value stays', async () => {
    writeFileSync(file, epochLine(1) + 'Epoch [2/50] | Train Loss: 0.5');
    const tail = new LogTail(nodeFileSystem, file);
    await tail.poll(); // the first read settles: the cut line is read as 0.5
    assert.deepEqual(tail.run!.series[0]!.ys.toArray(), [1, 0.5]);
    appendFileSync(file, '123 | Val Loss: 0.6\n');
    assert.deepEqual(await tail.poll(), { kind: 'replace', reason: 'reread' });
    assert.deepEqual(tail.run!.series[0]!.ys.toArray(), [1, 0.5123]);
  });

  it('a truncated file is read again from the start', async () => {
    writeFileSync(file, epochLine(1) + epochLine(2) + epochLine(3));
    const tail = new LogTail(nodeFileSystem, file);
    await tail.poll();
    truncateSync(file, 0);
    writeFileSync(file, epochLine(1));
    assert.deepEqual(await tail.poll(), { kind: 'replace', reason: 'truncated' });
    assert.equal(tail.run!.series[0]!.ys.length, 1);
  });

  it('a rotated file (another file moved to the path) is read again, by inode', async () => {
    writeFileSync(file, epochLine(1));
    const tail = new LogTail(nodeFileSystem, file);
    await tail.poll();
    const next = path.join(dir, 'next.log');
    writeFileSync(next, epochLine(1) + epochLine(2) + epochLine(3));
    renameSync(next, file);
    assert.deepEqual(await tail.poll(), { kind: 'replace', reason: 'rotated' });
    assert.equal(tail.run!.series[0]!.ys.length, 3);
  });

  it('without inodes (VS Code file system), a replaced file shows by its first bytes', async () => {
    writeFileSync(file, epochLine(1));
    const tail = new LogTail(noIdentity, file);
    await tail.poll();
    writeFileSync(file, 'Epoch [7/9] | Train Loss: 0.1\n' + epochLine(8) + epochLine(9));
    assert.deepEqual(await tail.poll(), { kind: 'replace', reason: 'rotated' });
    assert.deepEqual(tail.run!.series[0]!.xs.toArray(), [7, 8, 9]);
  });

  it('deletion is reported once; re-creation reads the new file', async () => {
    writeFileSync(file, epochLine(1));
    const tail = new LogTail(nodeFileSystem, file);
    await tail.poll();
    unlinkSync(file);
    assert.deepEqual(await tail.poll(), { kind: 'gone' });
    assert.equal(tail.run, undefined);
    assert.match(tail.error!, /was deleted/);
    assert.deepEqual(await tail.poll(), { kind: 'none' });
    writeFileSync(file, epochLine(1) + epochLine(2));
    assert.deepEqual(await tail.poll(), { kind: 'replace', reason: 'recreated' });
    assert.equal(tail.run!.series[0]!.ys.length, 2);
  });

  it('a file read whole (trainer_state.json) is read again whenever it is rewritten', async () => {
    const state = path.join(dir, 'trainer_state.json');
    const full = readFileSync(path.join(FIXTURES, 'hf-trainer-state/tashu014-lora-imdb-distilbert.json'), 'utf8');
    const early = JSON.parse(full);
    early.log_history = early.log_history.slice(0, 4);
    writeFileSync(state, JSON.stringify(early, null, 2));
    const tail = new LogTail(nodeFileSystem, state);
    await tail.poll();
    assert.equal(tail.run!.series.find(s => s.name === 'loss')!.ys.length, 4);
    writeFileSync(state, full);
    assert.deepEqual(await tail.poll(), { kind: 'replace', reason: 'rewritten' });
    assert.equal(tail.run!.series.find(s => s.name === 'loss')!.ys.length, 18);
  });

  it('a redrawn last point (a progress bar, a repeated epoch) is reported from its index', async () => {
    writeFileSync(file, 'Epoch 1/3\n 5/10 [==>...] - ETA: 1s - loss: 0.9000\n');
    const tail = new LogTail(nodeFileSystem, file);
    await tail.poll(); // settled: the unfinished epoch shows its running value
    assert.deepEqual(tail.run!.series[0]!.ys.toArray(), [0.9]);
    appendFileSync(file, '10/10 [======] - 1s - loss: 0.8000 - val_loss: 0.7000\n');
    const d = await tail.poll();
    assert.deepEqual(grown(d), [['loss', 0, 1], ['val_loss', 0, 1]]);
    assert.deepEqual(tail.run!.series[0]!.ys.toArray(), [0.8]);
  });

  it('a file that is not a log says so, and becomes one when log lines arrive', async () => {
    writeFileSync(file, 'starting up\n');
    const tail = new LogTail(nodeFileSystem, file);
    const d = await tail.poll();
    assert.equal(d.kind, 'error');
    assert.match(tail.error!, /does not look like a training log/);
    appendFileSync(file, epochLine(1) + epochLine(2));
    const e = await tail.poll();
    assert.equal(e.kind, 'replace');
    assert.equal(tail.run!.format, 'print-lines');
  });

  it('reads a large file in chunks, yielding and reporting progress, to the same run as a whole read', async () => {
    const text = readFileSync(path.join(FIXTURES, 'keras-console/allegra42-belgian-traffic-sign-4models.txt'));
    writeFileSync(file, text);
    const progress: number[] = [];
    let yields = 0;
    const tail = new LogTail(nodeFileSystem, file, {
      chunkSize: 64 * 1024,
      onProgress: done => progress.push(done),
      yieldToEventLoop: async () => {
        yields++;
      },
    });
    await tail.poll();
    assert.equal(progress.at(-1), text.length);
    assert.ok(yields >= Math.floor(text.length / (64 * 1024)));
    const whole = parseLogBytes(text, file, 'train.log');
    assert.ok(whole.ok);
    assert.deepEqual(runToJson(tail.run!), runToJson(whole.run));
  });

  it('polls are serialised: concurrent calls see each change once', async () => {
    writeFileSync(file, epochLine(1));
    const tail = new LogTail(nodeFileSystem, file);
    await tail.poll();
    appendFileSync(file, epochLine(2));
    const [a, b] = await Promise.all([tail.poll(), tail.poll()]);
    assert.equal(a.kind, 'append');
    assert.deepEqual(b, { kind: 'none' });
  });

  it('a missing file is an error naming it', async () => {
    const tail = new LogTail(nodeFileSystem, path.join(dir, 'nope.log'));
    const d = await tail.poll();
    assert.equal(d.kind, 'error');
    assert.match(d.kind === 'error' ? d.message : '', /nope\.log/);
  });
});
