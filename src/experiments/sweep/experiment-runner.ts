/**
 * `experiment`: the sweep's default {@link CellRunner}. A cell's resolved config is an
 * experiment config (config.ts); the runner validates it, runs it with `runExperiment` into
 * the cell directory (`<cellDir>/<name>-<timestamp>/`, the run directory `dosegym run`
 * writes) and returns the means of metrics.json's main table as flat scalar metrics:
 *
 * ```
 * <policy>.<metric>      mean over the test patients, e.g. ppo.pttr, ppo.trueTtr,
 *                        ppo.return, ppo.cost, iwpc-pg+nomogram.pttr
 * <agent run>.trainReturn  final mean training-episode return of a trained agent
 * ```
 * Metrics whose mean is not finite (e.g. no patient ever reached the range) are left out.
 * Wall-clock figures (training seconds) are not metrics: a cell's metrics depend on its
 * config only, so the same config gives the same metrics in any process.
 *
 * **Re-runs.** A cell directory left by an interrupted attempt is resumed when it holds a
 * run directory of the same config (finished stages and training runs are kept; the
 * runner's resume rule gives the same metrics as an uninterrupted run); incomplete run
 * directories (killed before config.json was written) are removed first.
 *
 * `ctx.signal` is checked at every progress event of the run (stage boundaries and PPO/DQN
 * updates): an aborted cell throws there.
 */
import { readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseExperimentConfig, type ExperimentConfig } from '../config.js';
import { configHash } from '../provenance.js';
import { isRunDir } from '../resume.js';
import { runExperiment } from '../runner.js';
import type { MetricsFile } from '../stages/evaluate.js';
import type { CellContext, CellResult, CellRunner } from './cell-runner.js';

/** Flat scalar metrics of a metrics.json (see the module doc). */
export function cellMetrics(metrics: MetricsFile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of metrics.report.mainTable) {
    if (Number.isFinite(row.summary.mean)) out[`${row.policy}.${row.metric}`] = row.summary.mean;
  }
  for (const t of metrics.training) {
    if (t.finalMeanReturn !== null && Number.isFinite(t.finalMeanReturn)) out[`${t.name}.trainReturn`] = t.finalMeanReturn;
  }
  return out;
}

/** The run directory of an earlier attempt of this config in `cellDir` to resume, removing incomplete ones. */
async function earlierAttempt(cellDir: string, config: ExperimentConfig): Promise<string | undefined> {
  const prefix = `${config.name}-`;
  const dirs = readdirSync(cellDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith(prefix))
    .map((e) => join(cellDir, e.name))
    .sort();
  let found: string | undefined;
  for (const dir of dirs) {
    if (found === undefined && isRunDir(dir)) {
      const started = parseExperimentConfig(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')), join(dir, 'config.json'));
      if (configHash(started) === configHash(config)) {
        found = dir;
        continue;
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
  return found;
}

/** Run one experiment config in the cell directory and return its metrics. */
export const experimentRunner: CellRunner = async (input: unknown, ctx: CellContext): Promise<CellResult> => {
  const config = parseExperimentConfig(input, 'sweep cell config');
  const aborted = (): void => {
    if (ctx.signal?.aborted) throw new Error('cell aborted');
  };
  aborted();
  const resume = await earlierAttempt(ctx.cellDir, config);
  const result = await runExperiment(config, { ...(resume ? { resume } : { outDir: ctx.cellDir }), onEvent: aborted });
  const metrics = JSON.parse(await readFile(join(result.run.path, 'metrics.json'), 'utf8')) as MetricsFile;
  return { metrics: cellMetrics(metrics), backend: result.backend, info: { run: relative(ctx.cellDir, result.run.path), ...(resume ? { resumed: true } : {}) } };
};
