/**
 * The evaluate stage: every trained agent (loaded from its checkpoint, so a resumed run
 * evaluates exactly what was saved) and every baseline on the held-out test cohort, with
 * common random numbers (eval/evaluate.ts), then the clinical metrics, bootstrap CIs,
 * paired differences vs the reference and subgroup tables (eval/warfarin-evaluation.ts).
 *
 * Writes: `metrics.json` (everything the report shows but the plots, plus training
 * summaries), `metrics.csv` (long table with CIs), `episodes.csv` (one row per policy ×
 * patient), `trajectories/sample.json` (daily series of the first `trajectorySample`
 * patients per policy) and `plots/specs.json` (the plots as vega-lite specs).
 *
 * Bootstrap streams fork from `RandomStream.fromSeed(evaluation.bootstrap.seed)`, so the
 * CIs are reproducible.
 */
import { join } from 'node:path';
import { resolvePolicy } from '../../agents/policy-registry.js';
import { InputError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import { evaluatePolicies, type Evaluation, type PolicyEntry } from '../../eval/evaluate.js';
import type { ReportData } from '../../eval/report/sections.js';
import { WARFARIN_EVALUATE_OPTIONS, warfarinMetricsTable, warfarinReportData, warfarinSeries, patientOf } from '../../eval/warfarin-evaluation.js';
import { writeFileAtomic, writeJsonAtomic } from '../../core/atomic-write.js';
import { agentRunName, cohortEnvOptions, resolvedBaselines, type ExperimentConfig } from '../config.js';
import { loadTrainedAgent, readTrainingRecord, type TrainingRecord } from './agent-checkpoint.js';
import { metricsCsv, toCsv } from './metrics-csv.js';
import { experimentPlotSpecs, firstEpisodes } from './plot-specs.js';
import type { Stage, StageContext } from './stage.js';
import { checkpointDir } from './train.js';

/** metrics.json. */
export interface MetricsFile {
  experiment: string;
  envId: string;
  testCohort: { size: number; seed: number };
  /** The report's data without plots (re-rendered by `dosegym report`). */
  report: Omit<ReportData, 'plots'>;
  /** Per trained run: timesteps, seconds, final mean training return. */
  training: { name: string; algo: string; seed: number; timesteps: number; seconds: number; finalMeanReturn: number | null; seedStreams: [number, number] }[];
}

/** Policy descriptions for the report. */
function descriptions(config: ExperimentConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of config.agents) {
    for (const s of a.seeds) {
      out[agentRunName(a, s)] = a.description ?? `${a.algo.toUpperCase()} trained for ${a.budget} env steps on ${a.numEnvs} sub-envs (seed ${s}); hyper-parameters: ${JSON.stringify(a.config)}`;
    }
  }
  for (const b of resolvedBaselines(config)) out[b.name] = b.description ?? `policy spec '${b.policy}'`;
  return out;
}

/** The policies to evaluate: agents (from checkpoints) first, then baselines. */
function policyEntries(ctx: StageContext, rng: RandomStream): PolicyEntry[] {
  const entries: PolicyEntry[] = [];
  for (const agent of ctx.config.agents) {
    for (const seed of agent.seeds) {
      const name = agentRunName(agent, seed);
      entries.push({ name, policy: () => loadTrainedAgent(checkpointDir(ctx, agent, seed), name) });
    }
  }
  for (const b of resolvedBaselines(ctx.config)) entries.push({ name: b.name, policy: (pctx) => resolvePolicy(b.policy, pctx, rng.fork(b.name)) });
  return entries;
}

/** Daily series of the first `n` patients per policy (JSON-friendly). */
function trajectorySample(evaluation: Evaluation, n: number): unknown {
  return evaluation.policies.map((p) => ({
    policy: p.name,
    episodes: p.episodes.slice(0, n).map((ep) => ({ episode: ep.index, seed: ep.seed, patientId: patientOf(ep)?.id ?? null, return: ep.return, ...warfarinSeries(ep) })),
  }));
}

export async function readTrainingRecords(ctx: StageContext): Promise<TrainingRecord[]> {
  const out: TrainingRecord[] = [];
  for (const a of ctx.config.agents) for (const s of a.seeds) out.push(await readTrainingRecord(checkpointDir(ctx, a, s)));
  return out;
}

export const evaluateStage: Stage = {
  name: 'evaluate',
  run: async (ctx) => {
    const { config, run } = ctx;
    if (!/Warfarin/.test(config.env.id)) throw new InputError(`the experiment runner's evaluation covers the warfarin envs only, got env '${config.env.id}'`, 'env.id');
    const test = config.cohorts.test;
    ctx.emit({ kind: 'message', text: `evaluating on ${test.size} test patients (seeds ${test.seed}…${test.seed + test.size - 1})` });
    const evaluation = await evaluatePolicies({
      envId: config.env.id,
      envOptions: cohortEnvOptions(config, 'test'),
      policies: policyEntries(ctx, RandomStream.fromSeed(test.seed).fork('baselines')),
      episodes: test.size,
      seed: test.seed,
      numEnvs: Math.min(config.evaluation.numEnvs, test.size),
      ...WARFARIN_EVALUATE_OPTIONS,
    });
    const e = config.evaluation;
    const { plots: _plots, ...report } = warfarinReportData(evaluation, {
      title: `${config.name}: ${evaluation.policies.map((p) => p.name).join(' vs ')}`,
      question: config.question,
      reference: e.reference,
      rng: RandomStream.fromSeed(e.bootstrap.seed).fork('bootstrap'),
      B: e.bootstrap.B,
      alpha: e.bootstrap.alpha,
      subgroupMetrics: e.subgroupMetrics,
      minGroupSize: e.minGroupSize,
      policyDescriptions: descriptions(config),
    });
    const training = await readTrainingRecords(ctx);
    const metrics: MetricsFile = {
      experiment: config.name,
      envId: config.env.id,
      testCohort: { size: test.size, seed: test.seed },
      report,
      training: training.map((t) => ({
        name: t.name,
        algo: t.algo,
        seed: t.seed,
        timesteps: t.timesteps,
        seconds: t.seconds,
        finalMeanReturn: t.log.length > 0 && Number.isFinite(t.log[t.log.length - 1]!.meanEpisodeReturn) ? t.log[t.log.length - 1]!.meanEpisodeReturn : null,
        seedStreams: t.seedStreams,
      })),
    };
    const rows = warfarinMetricsTable(evaluation) as unknown as Record<string, unknown>[];
    const columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
    const specs = experimentPlotSpecs({ evaluation, data: report, training, subgroups: e.subgroups, subgroupMetrics: e.subgroupMetrics, sample: config.outputs.trajectorySample, minGroupSize: e.minGroupSize });
    await writeJsonAtomic(join(run.path, 'metrics.json'), metrics);
    await writeFileAtomic(join(run.path, 'metrics.csv'), metricsCsv(report));
    await writeFileAtomic(join(run.path, 'episodes.csv'), toCsv(rows, columns));
    await writeJsonAtomic(join(run.trajectories, 'sample.json'), trajectorySample(firstEpisodes(evaluation, config.outputs.trajectorySample), config.outputs.trajectorySample));
    await writeJsonAtomic(join(run.plots, 'specs.json'), specs);
    return { policies: evaluation.policies.map((p) => p.name), episodes: evaluation.episodes };
  },
};
