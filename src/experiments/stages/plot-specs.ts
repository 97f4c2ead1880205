/**
 * The plots of an experiment as vega-lite specs with inline data, built at the end of the
 * evaluate stage (while the trajectories are in memory) and saved to `plots/specs.json`,
 * so the plots stage (and `dosegym report`) can render them again without re-evaluating:
 * INR and dose trajectories (median + 10–90 % band per policy, all test patients), the
 * metric by subgroup with CIs, learning curves, and the policy map (sampled patients).
 */
import type { Evaluation } from '../../eval/evaluate.js';
import { learningCurveSpec } from '../../eval/plots/learning-curve.js';
import type { VegaLiteSpec } from '../../eval/plots/spec.js';
import { subgroupMetricSpec } from '../../eval/plots/subgroup-metric.js';
import { doseTrajectorySpec, inrTrajectorySpec, warfarinPolicyMapSpec } from '../../eval/plots/warfarin-plots.js';
import type { ReportData } from '../../eval/report/sections.js';
import { WARFARIN_METRICS, WARFARIN_SUBGROUP_LABELS, type WarfarinSubgroups } from '../../eval/warfarin-evaluation.js';
import type { TrainingRecord } from './agent-checkpoint.js';

/** One plot: file stem, title, caption, spec. */
export interface PlotSpec {
  file: string;
  title: string;
  caption: string;
  spec: VegaLiteSpec;
}

/** `evaluation` restricted to its first `n` episodes per policy. */
export function firstEpisodes(evaluation: Evaluation, n: number): Evaluation {
  return { ...evaluation, episodes: Math.min(n, evaluation.episodes), policies: evaluation.policies.map((p) => ({ ...p, episodes: p.episodes.slice(0, n) })) };
}

export interface PlotInputs {
  evaluation: Evaluation;
  data: Omit<ReportData, 'plots'>;
  training: readonly TrainingRecord[];
  /** Subgroup variables to plot. */
  subgroups: readonly (keyof WarfarinSubgroups)[];
  /** Metrics with subgroup plots (those tabulated by subgroup). */
  subgroupMetrics: readonly string[];
  /** Patients in the policy map. */
  sample: number;
  /** Smallest subgroup shown in the subgroup plots. */
  minGroupSize: number;
}

/** Every plot of the experiment. */
export function experimentPlotSpecs(inputs: PlotInputs): PlotSpec[] {
  const { evaluation, data } = inputs;
  const n = evaluation.episodes;
  const plots: PlotSpec[] = [
    { file: 'inr-trajectories', title: 'INR trajectories', caption: `True INR by day, median and 10–90 % band over the ${n} test patients; shaded: therapeutic range 2–3.`, spec: inrTrajectorySpec(evaluation) },
    { file: 'dose-trajectories', title: 'Dose trajectories', caption: `Prescribed daily dose, median and 10–90 % band over the ${n} test patients.`, spec: doseTrajectorySpec(evaluation) },
  ];
  for (const metric of inputs.subgroupMetrics) {
    const m = WARFARIN_METRICS.find((x) => x.key === metric);
    for (const key of inputs.subgroups) {
      const variable = WARFARIN_SUBGROUP_LABELS[key];
      const points = data.subgroups
        .filter((s) => s.metric === metric && s.variable === variable)
        .flatMap((s) => s.summaries.filter((g) => g.n >= inputs.minGroupSize).map((g) => ({ policy: s.policy, group: g.group, mean: g.mean, low: g.ci.low, high: g.ci.high, n: g.n })));
      if (points.length === 0) continue;
      const spec = subgroupMetricSpec(points, { metricTitle: m?.label ?? metric, groupTitle: variable, ...(m?.percent ? { format: '.0%' } : {}) });
      plots.push({
        file: `${metric}-by-${key}`,
        title: `${m?.label ?? metric} by ${variable}`,
        caption: `Group mean with its 95 % bootstrap CI, per policy; groups with at least ${inputs.minGroupSize} test patients (all groups are in the subgroup tables).`,
        // With a yOffset encoding the height step is per policy within a group: 12 px each.
        spec: { ...spec, height: { step: 12 } } as VegaLiteSpec,
      });
    }
  }
  const curve = inputs.training.flatMap((t) => t.log.filter((p) => Number.isFinite(p.meanEpisodeReturn)).map((p) => ({ run: t.name.replace(/-s\d+$/, ''), seed: t.seed, step: p.timesteps, value: p.meanEpisodeReturn })));
  if (curve.length > 0) {
    plots.push({
      file: 'learning-curves',
      title: 'Learning curves',
      caption: 'Mean return of the last 100 training episodes (stochastic policy, training patients) against env steps.',
      spec: learningCurveSpec(curve, { yTitle: 'Mean training episode return' }),
    });
  }
  const sample = Math.min(inputs.sample, n);
  if (sample > 0) {
    plots.push({
      file: 'policy-map',
      title: 'Policy map',
      caption: `Dose chosen against the last measured INR, by CYP2C9 diplotype, for the first ${sample} test patients; lines: mean dose per INR bin.`,
      spec: warfarinPolicyMapSpec(firstEpisodes(evaluation, sample), 'cyp2c9'),
    });
  }
  return plots;
}
