/**
 * Rendering vega-lite specs without a browser or canvas: spec → SVG with vega's headless
 * view (`renderer: 'none'`), SVG → PNG with resvg (a Rust SVG renderer shipped as a
 * platform binary inside the npm package: no download, no canvas).
 *
 * Fonts: vega measures text without canvas by an estimate, and writes the plot's font
 * family into the SVG. resvg draws text only with fonts it has loaded: it loads the system
 * fonts and maps the generic families (sans-serif…) to DejaVu, present on the machines we
 * run on (fonts-dejavu-core; see reference/node-ecosystem.md §3).
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { VegaLiteSpec } from './plots/spec.js';

const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';
const DEJAVU_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => `${DEJAVU_DIR}/${f}`);

/**
 * Render a vega-lite spec to an SVG string.
 * @example const svg = await renderSvg(learningCurveSpec(points)) // '<svg xmlns="http://www.w3.org/2000/svg" …'
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterise an SVG to PNG bytes at `scale` × its size (default 2, for sharp text), on white.
 * @example writeFileSync('plot.png', renderPng(svg, 2))
 */
export function renderPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      fontFiles: DEJAVU_FILES.filter((f) => existsSync(f)),
      loadSystemFonts: true,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  return resvg.render().asPng();
}
