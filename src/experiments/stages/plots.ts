/**
 * The plots stage: renders `plots/specs.json` (written by the evaluate stage) to
 * `plots/<name>.svg` and `plots/<name>.png` (eval/render.ts: vega headless → SVG, resvg →
 * PNG) and keeps each spec as `plots/<name>.vl.json` for notebooks and re-styling.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderPng, renderSvg } from '../../eval/render.js';
import { writeFileAtomic, writeJsonAtomic } from '../../core/atomic-write.js';
import type { RunDir } from '../run-dir.js';
import type { PlotSpec } from './plot-specs.js';
import type { Stage } from './stage.js';

/** The plot specs saved by the evaluate stage. */
export async function readPlotSpecs(run: RunDir): Promise<PlotSpec[]> {
  return JSON.parse(await readFile(join(run.plots, 'specs.json'), 'utf8')) as PlotSpec[];
}

export const plotsStage: Stage = {
  name: 'plots',
  enabled: (config) => config.outputs.plots,
  run: async (ctx) => {
    const files: string[] = [];
    for (const plot of await readPlotSpecs(ctx.run)) {
      const svg = await renderSvg(plot.spec);
      await writeFileAtomic(join(ctx.run.plots, `${plot.file}.svg`), svg);
      await writeFileAtomic(join(ctx.run.plots, `${plot.file}.png`), renderPng(svg));
      await writeJsonAtomic(join(ctx.run.plots, `${plot.file}.vl.json`), plot.spec);
      files.push(plot.file);
    }
    return { plots: files };
  },
};
