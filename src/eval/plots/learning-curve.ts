/**
 * Learning curves: evaluation return (or any metric) against environment steps, one line
 * per run (algorithm × seed), coloured by algorithm.
 */
import { jsonSafeRows, PLOT_CONFIG, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './spec.js';

/** One evaluation point of a training run. */
export interface LearningCurvePoint {
  /** Algorithm or configuration (colour). */
  run: string;
  /** Seed of the run (one line per run and seed). */
  seed: number;
  step: number;
  value: number;
}

export interface LearningCurveOptions {
  /** y axis title (default 'Mean evaluation return'). */
  yTitle?: string;
  title?: string;
  width?: number;
  height?: number;
}

/**
 * One line per (run, seed) of `value` against `step`.
 * @example learningCurveSpec([{ run: 'ppo', seed: 0, step: 10000, value: 120 }, { run: 'ppo', seed: 0, step: 20000, value: 180 }])
 */
export function learningCurveSpec(points: readonly LearningCurvePoint[], options: LearningCurveOptions = {}): VegaLiteSpec {
  const yTitle = options.yTitle ?? 'Mean evaluation return';
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? 'Learning curves',
    width: options.width ?? 480,
    height: options.height ?? 260,
    data: { values: jsonSafeRows(points.map((p) => ({ ...p, line: `${p.run} (seed ${p.seed})` }))) },
    mark: { type: 'line', point: { size: 16 } },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'Environment steps' },
      y: { field: 'value', type: 'quantitative', title: yTitle },
      color: { field: 'run', type: 'nominal', title: 'Run' },
      detail: { field: 'line', type: 'nominal' },
      tooltip: [
        { field: 'line', type: 'nominal', title: 'Run' },
        { field: 'step', type: 'quantitative' },
        { field: 'value', type: 'quantitative', format: '.3f' },
      ],
    },
    config: PLOT_CONFIG,
  } as VegaLiteSpec;
}
