/**
 * Shared pieces of the vega-lite spec builders.
 *
 * Specs declare the vega-lite **v5** `$schema`: notebook front ends (JupyterLab, VS Code)
 * bundle vega-lite 5 and render the `application/vnd.vegalite.v5+json` mime type, and the
 * specs built here use nothing newer. They are compiled and rendered in Node by vega-lite
 * 6 / vega 6 (render.ts), which accept v5 specs.
 *
 * Every builder is a pure function from plain rows to a spec with inline data (`values`),
 * so a spec is self-contained: it can be saved as JSON, shown in a notebook or rendered.
 */
import type { TopLevelSpec } from 'vega-lite';

/** A vega-lite spec as the builders return it. */
export type VegaLiteSpec = TopLevelSpec;

/** The `$schema` of every spec built here. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Font used in rendered plots (installed on the machine; render.ts loads it for PNG). */
export const PLOT_FONT = 'DejaVu Sans';

/** Config shared by the plots: font, white background. */
export const PLOT_CONFIG = Object.freeze({
  font: PLOT_FONT,
  background: 'white',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
});

/** Replace non-finite numbers by null so inline data serialises to valid JSON. */
export function jsonSafeRows<T extends object>(rows: readonly T[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
    return out;
  });
}
