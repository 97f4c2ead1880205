/**
 * The report stage: `report.html`, one self-contained file (eval/report: inline SVG plots,
 * inline CSS, no scripts, no CDN) from `metrics.json`, the rendered plots, the run's
 * provenance and links to its artefacts (relative paths, so the run directory can be moved
 * or archived as a whole), every exported file included. `dosegym report <run-dir>` runs this stage again.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buildReport } from '../../eval/report/html.js';
import type { ReportData } from '../../eval/report/sections.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { RunDir } from '../run-dir.js';
import type { MetricsFile } from './evaluate.js';
import { readPlotSpecs } from './plots.js';
import type { Stage } from './stage.js';

/** Every file under `dir` (the export stage's export/<agent run>/… trees), sorted; hidden entries (temporary leftovers) are left out. */
function exportedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? exportedFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Artefacts of the run that exist, as relative links. */
function artefacts(run: RunDir): { label: string; href: string }[] {
  const out: { label: string; href: string }[] = [];
  const add = (label: string, path: string): void => {
    if (existsSync(path)) out.push({ label, href: relative(run.path, path) });
  };
  add('Resolved experiment config (config.json)', join(run.path, 'config.json'));
  add('Provenance (provenance.json)', join(run.path, 'provenance.json'));
  add('Metrics with CIs (metrics.json)', join(run.path, 'metrics.json'));
  add('Metrics with CIs, long table (metrics.csv)', join(run.path, 'metrics.csv'));
  add('Per-patient metrics (episodes.csv)', join(run.path, 'episodes.csv'));
  add('Sampled trajectories (trajectories/sample.json)', join(run.trajectories, 'sample.json'));
  for (const dir of existsSync(run.checkpoints) ? readdirSync(run.checkpoints).filter((d) => !d.startsWith('.')).sort() : []) add(`Checkpoint ${dir}`, join(run.checkpoints, dir));
  for (const file of existsSync(run.plots) ? readdirSync(run.plots).filter((f) => f.endsWith('.png')).sort() : []) add(`Plot ${file}`, join(run.plots, file));
  for (const file of exportedFiles(run.export)) add(`Export ${relative(run.export, file)}`, file);
  add('Progress (progress.json)', run.progressFile);
  return out;
}

/**
 * Write `report.html` of a run whose evaluate stage is done (plots are included when rendered).
 * @example await writeRunReport(runDirAt('runs/warfarin-pgx-20260501T120000Z'))
 */
export async function writeRunReport(run: RunDir): Promise<string> {
  const metrics = JSON.parse(await readFile(join(run.path, 'metrics.json'), 'utf8')) as MetricsFile;
  const plots: ReportData['plots'][number][] = [];
  for (const p of existsSync(join(run.plots, 'specs.json')) ? await readPlotSpecs(run) : []) {
    const svgPath = join(run.plots, `${p.file}.svg`);
    if (existsSync(svgPath)) plots.push({ title: p.title, caption: p.caption, svg: await readFile(svgPath, 'utf8') });
  }
  const provenancePath = join(run.path, 'provenance.json');
  const provenance = existsSync(provenancePath) ? (JSON.parse(await readFile(provenancePath, 'utf8')) as Record<string, unknown>) : undefined;
  const training = metrics.training.map((t) => `${t.name}: ${t.timesteps} env steps in ${t.seconds.toFixed(0)} s, final mean training return ${t.finalMeanReturn?.toFixed(1) ?? '–'}, training seed streams [${t.seedStreams[0]}, ${t.seedStreams[1]})`);
  const question = [
    metrics.report.question,
    `Test cohort: ${metrics.testCohort.size} patients, seed streams ${metrics.testCohort.seed}…${metrics.testCohort.seed + metrics.testCohort.size - 1}, held out from every training run's seed streams.`,
    ...(training.length > 0 ? [`Training: ${training.join('; ')}.`] : []),
  ].join('\n\n');
  const html = buildReport({ ...metrics.report, question, plots, artefacts: artefacts(run), ...(provenance ? { provenance } : {}) });
  const path = join(run.path, 'report.html');
  await writeFileAtomic(path, html);
  return path;
}

export const reportStage: Stage = {
  name: 'report',
  enabled: (config) => config.outputs.report ?? true,
  run: async (ctx) => ({ report: relative(ctx.run.path, await writeRunReport(ctx.run)) }),
};
