import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { scratchDir, type Measure } from './measure';
import { suites } from './suites';

/**
 * `npm run bench [-- <key prefix>...]`: runs every measure (or those whose key starts with a given prefix),
 * prints one line per measure and merges the values into bench/results.json.
 */
async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter(a => !a.startsWith('-'));
  const measures: Measure[] = suites.flat().filter(m => filters.length === 0 || filters.some(f => m.key.startsWith(f)));
  const resultsFile = path.resolve(__dirname, '..', 'bench', 'results.json');
  const results: Record<string, { value: number; unit: string }> = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  const ctx = { scratch: scratchDir(), log: (m: string) => process.stderr.write(`  ${m}\n`) };
  for (const m of measures) {
    const value = await m.run(ctx);
    const rounded = Math.round(value * 1000) / 1000;
    results[m.key] = { value: rounded, unit: m.unit };
    console.log(`${m.key.padEnd(36)} ${String(rounded).padStart(10)} ${m.unit}${m.goal ? `   (goal ${m.goal})` : ''}`);
    writeFileSync(resultsFile, JSON.stringify(sortKeys(results), null, 2) + '\n');
  }
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
