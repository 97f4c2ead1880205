/**
 * `dosegym export`: export trained policies for clinical review and for other systems.
 *
 * ```
 * dosegym export <run-dir | checkpoint-dir> --out <dir>
 *                [--format all|onnx|tfjs|json|table|rules|card|fhir[,…]] [--env <id>]
 *                [--env-options <json|@file>] [--episodes 100] [--seed 10000]
 *                [--depth 3] [--min-leaf 20]
 * ```
 * A checkpoint directory (holding checkpoint.json) is exported into `--out`. A run
 * directory (holding checkpoints/) has each checkpoint found in `checkpoints/` (itself or
 * its subfolders) exported into `--out/<checkpoint name>/`, with the run's
 * provenance.json in the card; the env id and options default to the run's config.json
 * (`env.id`/`env.options`, or `envId`/`envOptions`) and then to the checkpoint's env id.
 * Prints one line per written file (path, bytes, SHA-256 prefix) and the fidelity figures.
 * See export/export-all.ts for the files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../core/errors.js';
import type { MakeVecOptions } from '../../envs/registry.js';
import { EXPORT_FORMATS, exportAll, type ExportFormat, type ExportManifest } from '../../export/export-all.js';
import { integerOption, readEnvOptions } from './check-env.js';

interface ExportArgs {
  path: string;
  out: string;
  format: string;
  env?: string;
  envOptions?: string;
  episodes: number;
  seed: number;
  depth: number;
  minLeaf: number;
}

/** Parse `all` or a comma list of formats. */
export function parseFormats(value: string): ExportFormat[] {
  const parts = String(value).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0 || parts.includes('all')) return [...EXPORT_FORMATS];
  for (const p of parts) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(p)) throw new InputError(`--format: unknown format '${p}' (expected all or ${EXPORT_FORMATS.join(', ')})`, '--format');
  }
  return parts as ExportFormat[];
}

/** The checkpoints to export: [name, dir] pairs, and the run dir when `path` is one. */
export function findCheckpoints(path: string): { runDir: string | null; checkpoints: [string, string][] } {
  if (existsSync(join(path, 'checkpoint.json'))) return { runDir: null, checkpoints: [[basename(path), path]] };
  const dir = join(path, 'checkpoints');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(`'${path}' is neither a checkpoint directory (checkpoint.json) nor a run directory (checkpoints/)`, 'path');
  }
  const found: [string, string][] = existsSync(join(dir, 'checkpoint.json')) ? [['policy', dir]] : [];
  for (const name of readdirSync(dir).sort()) {
    const sub = join(dir, name);
    if (statSync(sub).isDirectory() && existsSync(join(sub, 'checkpoint.json'))) found.push([name, sub]);
  }
  if (found.length === 0) throw new InputError(`run directory '${path}' has no trained policy in checkpoints/ (no checkpoint.json)`, 'path');
  return { runDir: path, checkpoints: found };
}

/** Env id and options from a run's config.json, when it names them. */
function runEnv(runDir: string | null): { id?: string; options?: MakeVecOptions } {
  if (runDir === null || !existsSync(join(runDir, 'config.json'))) return {};
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(`${join(runDir, 'config.json')}: malformed JSON (${(e as Error).message})`, 'config');
  }
  const env = (config.env ?? {}) as Record<string, unknown>;
  const id = typeof env.id === 'string' ? env.id : typeof config.envId === 'string' ? config.envId : undefined;
  const options = (env.options ?? config.envOptions) as MakeVecOptions | undefined;
  return { ...(id ? { id } : {}), ...(options && typeof options === 'object' ? { options } : {}) };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function printManifest(m: ExportManifest, out: string): void {
  const lines = [`exported ${m.policy} (${m.envId}) → ${out}`];
  for (const f of m.files) lines.push(`  ${f.path}  ${f.bytes} B  sha256 ${f.sha256.slice(0, 12)}…`);
  for (const s of m.skipped) lines.push(`  skipped ${s.format}: ${s.reason}`);
  const t = m.summary.tableFidelity;
  if (t) lines.push(`  dosing table fidelity: ${pct(t.exact)} exact, ${pct(t.within05)} within ±0.5 mg (n = ${t.n})`);
  const r = m.summary.rulesFidelity;
  if (r) lines.push(`  rules fidelity (held out): ${pct(r.holdoutExact)} exact, ${pct(r.holdoutWithinOneStep)} within one step (n = ${r.nHoldout})`);
  if (m.summary.trueTtr) lines.push(`  true TTR: ${Object.entries(m.summary.trueTtr).map(([k, v]) => `${k} ${pct(v)}`).join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <path>',
  describe: 'Export trained policies (ONNX, tfjs, portable JSON, dosing table, rules, policy card, FHIR)',
  builder: (y) =>
    y
      .positional('path', { type: 'string', demandOption: true, describe: 'a run directory or a checkpoint directory' })
      .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
      .option('format', { type: 'string', default: 'all', describe: `all, or a comma list of ${EXPORT_FORMATS.join(', ')}` })
      .option('env', { type: 'string', describe: "env id (default: the run's config, then the checkpoint's env id)" })
      .option('env-options', { type: 'string', describe: 'makeVec options as JSON or @file (kwargs as trained)' })
      .option('episodes', { type: 'number', default: 100, describe: 'evaluation patients behind table fidelity, rules and card' })
      .option('seed', { type: 'number', default: 10_000, describe: 'evaluation episode k is reset with seed + k' })
      .option('depth', { type: 'number', default: 3, describe: 'maximum depth of the distilled rules' })
      .option('min-leaf', { type: 'number', default: 20, describe: 'minimum states per rule leaf' }) as never,
  handler: async (argv) => {
    const formats = parseFormats(argv.format);
    const episodes = integerOption(argv.episodes, '--episodes', 2);
    const seed = integerOption(argv.seed, '--seed', 0);
    const maxDepth = integerOption(argv.depth, '--depth', 0);
    const minSamplesLeaf = integerOption(argv.minLeaf, '--min-leaf', 1);
    const { runDir, checkpoints } = findCheckpoints(argv.path);
    const fromRun = runEnv(runDir);
    const envOptions = argv.envOptions !== undefined ? readEnvOptions(argv.envOptions) : (fromRun.options ?? {});
    for (const [name, dir] of checkpoints) {
      const out = runDir === null ? argv.out : join(argv.out, name);
      const manifest = await exportAll({
        checkpointDir: dir,
        outDir: out,
        ...((argv.env ?? fromRun.id) ? { envId: argv.env ?? fromRun.id } : {}),
        envOptions,
        evaluation: { episodes, seed },
        ...(runDir ? { runDir } : {}),
        formats,
        rules: { maxDepth, minSamplesLeaf },
      });
      printManifest(manifest, out);
    }
  },
};
