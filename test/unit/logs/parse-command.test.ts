import assert from 'node:assert/strict';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import { FIXTURES } from './fixtures';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('train-doctor parse', () => {
  it('prints the foundation JSON shape for a log, exit 0', async () => {
    const r = await run(['parse', path.join(FIXTURES, 'keras-csvlogger/ashishbatham-facial-emotion.csv'), '--json']);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.out);
    assert.deepEqual(Object.keys(json), ['file', 'format', 'epochs', 'segments', 'series', 'warnings']);
    assert.deepEqual(Object.keys(json.series[0]), ['metric', 'split', 'name', 'segment', 'x', 'points', 'lines', 'scale']);
  });

  it('--format forces a format', async () => {
    const r = await run(['parse', path.join(FIXTURES, 'generic-csv/digits-mlp-steps.csv'), '--json', '--format', 'lightning-metrics-csv']);
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.out).format, 'lightning-metrics-csv');
  });

  it('exit 1 with a message naming the file for a missing file or a file that is not a log', async () => {
    const missing = await run(['parse', '/nonexistent/train.log']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read \/nonexistent\/train\.log/);
    const notLog = await run(['parse', path.join(FIXTURES, '../../../tsconfig.json')]);
    assert.equal(notLog.code, 1);
    assert.match(notLog.err, /tsconfig\.json does not look like a training log/);
  });

  it('exit 2 for bad usage', async () => {
    assert.equal((await run(['parse'])).code, 2);
    assert.equal((await run(['parse', 'a', 'b'])).code, 2);
    assert.equal((await run(['parse', 'a', '--format', 'nope'])).code, 2);
  });
});
