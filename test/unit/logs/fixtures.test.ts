import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LogSession, parseLogBytes } from '../../../src/core/logs/log-session';
import { readRunFolder } from '../../../src/core/logs/run-folder';
import { nodeFileSystem } from '../../../src/core/logs/node-file-system';
import { runToJson, type RunJson } from '../../../src/core/run/run-json';
import type { ParseOutcome } from '../../../src/core/logs/log-session';
import { fixtureCases, type FixtureCase } from './fixtures';

/**
 * Every fixture under test/fixtures/logs/<format>/:
 * - is read as the format its folder names;
 * - gives the committed snapshot of its parsed run (test/snapshots/logs/<fixture>.json); after a deliberate
 *   change, `npm run test:update` rewrites the snapshots and the diff is reviewed before committing;
 * - gives the same run when its bytes arrive in random chunks, cut mid-line and mid-UTF-8 sequence.
 */
const SNAPSHOTS = path.resolve(__dirname, '../../../../test/snapshots/logs');
const UPDATE = process.env['UPDATE_SNAPSHOTS'] === '1';

async function parseCase(c: FixtureCase, chunkSize?: number): Promise<ParseOutcome> {
  if (c.folder) return readRunFolder(nodeFileSystem, c.abs, chunkSize ? { chunkSize } : {});
  return parseLogBytes(readFileSync(c.abs), c.abs, path.basename(c.abs));
}

function portable(json: RunJson, c: FixtureCase): RunJson {
  return { ...json, file: c.rel };
}

function chunked(bytes: Uint8Array, file: string, seed: number): ParseOutcome {
  const s = new LogSession(file, path.basename(file));
  let r = seed;
  let i = 0;
  while (i < bytes.length) {
    r = (r * 16807) % 2147483647;
    // mostly small pieces (mid-line, mid-character), sometimes large ones
    const n = r % 5 === 0 ? 1 + (r % 9000) : 1 + (r % 61);
    s.push(bytes.subarray(i, i + n));
    i += n;
  }
  s.end();
  return s.result();
}

/** Pretty JSON with each long array (points, lines, epochAt, wallTime) on one line: compact, diffable. */
function snapshotText(json: RunJson): string {
  const { series, ...head } = json;
  const lines = JSON.stringify(head, null, 1).split('\n');
  lines.pop(); // closing brace
  const body = series.map(s => {
    const fields = Object.entries(s).map(([k, v]) => `   ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return `  {\n${fields.join(',\n')}\n  }`;
  });
  return `${lines.join('\n')},\n "series": [\n${body.join(',\n')}\n ]\n}\n`;
}

describe('log fixtures', () => {
  for (const c of fixtureCases()) {
    describe(c.rel, () => {
      it(`is read as ${c.format} and matches its snapshot`, async () => {
        const r = await parseCase(c);
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.equal(r.run.format, c.format);
        const json = portable(runToJson(r.run), c);
        const snap = path.join(SNAPSHOTS, `${c.rel}.json`);
        if (UPDATE || !existsSync(snap)) {
          mkdirSync(path.dirname(snap), { recursive: true });
          writeFileSync(snap, snapshotText(json));
          if (!UPDATE) assert.fail(`no snapshot yet: wrote ${path.relative(process.cwd(), snap)}; review it and run the tests again`);
          return;
        }
        assert.deepEqual(json, JSON.parse(readFileSync(snap, 'utf8')));
      });

      it('streams to the same run as a whole read', async () => {
        const whole = await parseCase(c);
        assert.ok(whole.ok);
        const expected = runToJson(whole.run);
        if (c.folder) {
          for (const size of [7, 100, 4099]) {
            const r = await parseCase(c, size);
            assert.ok(r.ok);
            assert.deepEqual(runToJson(r.run), expected, `chunks of ${size}`);
          }
          return;
        }
        const bytes = readFileSync(c.abs);
        for (const seed of [1, 2, 3]) {
          const r = chunked(bytes, c.abs, seed);
          assert.ok(r.ok, r.ok ? '' : r.error);
          assert.deepEqual(runToJson(r.run), expected, `seed ${seed}`);
        }
      });
    });
  }
});
