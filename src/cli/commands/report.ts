/**
 * `dosegym report <run-dir>`: re-render report.html from the run's saved metrics
 * (metrics.json), plots and provenance, without evaluating again. Plots whose SVG is
 * missing are rendered from plots/specs.json first.
 *
 * ```
 * dosegym report runs/warfarin-pgx-20260501T120000Z
 * ```
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { isRunDir } from '../../experiments/resume.js';
import { markStageDone, runDirAt } from '../../experiments/run-dir.js';
import { readPlotSpecs } from '../../experiments/stages/plots.js';
import { writeRunReport } from '../../experiments/stages/report.js';
import { renderPng, renderSvg } from '../../eval/render.js';

interface ReportArgs {
  runDir: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <run-dir>',
  describe: 'Re-render the report of a run directory from its saved metrics',
  builder: (y) => y.positional('run-dir', { type: 'string', demandOption: true, describe: 'run directory (runs/<name>-<timestamp>)' }) as never,
  handler: async (argv) => {
    const path = resolve(argv.runDir);
    if (!isRunDir(path) || !existsSync(join(path, 'metrics.json'))) {
      throw new InputError(`'${argv.runDir}' is not an evaluated run directory (needs config.json, progress.json and metrics.json)`, 'run-dir');
    }
    const run = runDirAt(path);
    if (existsSync(join(run.plots, 'specs.json'))) {
      for (const plot of await readPlotSpecs(run)) {
        const svgPath = join(run.plots, `${plot.file}.svg`);
        if (existsSync(svgPath)) continue;
        const svg = await renderSvg(plot.spec);
        await writeFileAtomic(svgPath, svg);
        await writeFileAtomic(join(run.plots, `${plot.file}.png`), renderPng(svg));
      }
    }
    const report = await writeRunReport(run);
    await markStageDone(run, 'report', { report: 'report.html' });
    process.stdout.write(`report: ${report}\n`);
  },
};
