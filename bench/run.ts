/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line, e.g.
 * `npm run bench -- pkpd envs`), prints a table and writes all results as JSON to
 * `bench/results/<timestamp>.json`.
 */
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { fmt, type BenchResult } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  const mod = (await import(join(here, file))) as { default: () => Promise<BenchResult[]> };
  process.stdout.write(`\n== ${file}\n`);
  const rows = await mod.default();
  for (const r of rows) {
    const ratio = r.ratio === undefined ? '' : `  ×${r.ratio.toFixed(2)} vs ${r.baseline}`;
    const goal = r.goal === undefined ? '' : `  goal ${r.goal}: ${r.goalMet ? 'met' : 'NOT met'}`;
    process.stdout.write(`${r.name.padEnd(58)} ${fmt(r.value).padStart(9)} ${r.unit}${ratio}${goal}\n`);
  }
  results.push(...rows);
}

const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = join(outDir, `${stamp}.json`);
const payload = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  results,
};
writeFileSync(`${out}.tmp`, JSON.stringify(payload, null, 2));
renameSync(`${out}.tmp`, out);
process.stdout.write(`\nwrote ${out}\n`);
