/**
 * runExperiment: one experiment config → one run directory, stage by stage:
 *
 * ```
 * train → evaluate → plots → [extra stages, e.g. export] → report
 * ```
 *
 * The run directory `<outDir>/<name>-<timestamp>/` holds `config.json` (the resolved
 * config, defaults filled in), `provenance.json`, `progress.json`, `checkpoints/`,
 * `metrics.json`, `metrics.csv`, `episodes.csv`, `trajectories/`, `plots/` and
 * `report.html` (see the stages). Every file is written atomically; each finished stage
 * (and each finished training run, as `train/<run>`) is recorded in progress.json. With
 * `resume`, finished stages are skipped and an interrupted training run restarts from
 * scratch (stages/train.ts), so a resumed run ends with the same metrics as an
 * uninterrupted one.
 */
import { join } from 'node:path';
import { selectBackend } from '../agents/backend.js';
import '../agents/builtin.js';
import '../envs/builtin.js';
import { makeVec } from '../envs/registry.js';
import { writeJsonAtomic } from '../core/atomic-write.js';
import { AGENT_ALGOS, agentRunName, type ExperimentConfig } from './config.js';
import { collectProvenance, type ModelReference } from './provenance.js';
import { openRun } from './resume.js';
import { createRunDir, isStageDone, markStageDone, type RunDir } from './run-dir.js';
import { evaluateStage } from './stages/evaluate.js';
import { extraStages } from './stages/extra-stages.js';
// Registers the export stage (outputs.export) as an extra stage.
import './stages/export.js';
import { plotsStage } from './stages/plots.js';
import { reportStage } from './stages/report.js';
import type { RunEvent, Stage, StageContext } from './stages/stage.js';
import { trainStage } from './stages/train.js';

export interface RunOptions {
  /** Root of new run directories (default 'runs'). */
  outDir?: string;
  /** Resume this run directory instead of starting a new one. */
  resume?: string;
  /** tfjs backend choice (default $DOSEGYM_BACKEND or 'auto'). */
  backend?: string;
  /** Run only these stages (default all); others are left as they are. */
  only?: readonly string[];
  /** Re-run the selected stages even when finished. */
  force?: boolean;
  /** Progress events (stages, training). */
  onEvent?: (event: RunEvent) => void;
}

export interface RunResult {
  run: RunDir;
  config: ExperimentConfig;
  backend: string;
  /** Stages run in this call and stages skipped as finished or disabled. */
  ran: string[];
  skipped: string[];
  /** Path of report.html (when the report stage has run). */
  report: string | null;
}

/** Every stage of a run, in order. */
export function experimentStages(): Stage[] {
  return [trainStage, evaluateStage, plotsStage, ...extraStages(), reportStage];
}

/** The env's model id and citations, from its metadata. */
function modelReferences(config: ExperimentConfig): ModelReference[] {
  const env = makeVec(config.env.id, 1, config.env.options);
  try {
    const { model, citations } = env.metadata as { model?: unknown; citations?: unknown };
    if (typeof model !== 'string') return [];
    const text = Array.isArray(citations) ? citations.filter((c): c is string => typeof c === 'string').join(' | ') : undefined;
    return [{ id: model, ...(text ? { citation: text } : {}) }];
  } finally {
    env.close();
  }
}

/** Seeds by purpose for the provenance record. */
function seedsOf(config: ExperimentConfig): Record<string, number> {
  const seeds: Record<string, number> = { 'cohorts.train.seed': config.cohorts.train.seed, 'cohorts.test.seed': config.cohorts.test.seed, 'evaluation.bootstrap.seed': config.evaluation.bootstrap.seed };
  for (const a of config.agents) for (const s of a.seeds) seeds[`agents.${agentRunName(a, s)}`] = s;
  return seeds;
}

const ALGORITHM_CITATIONS: Record<(typeof AGENT_ALGOS)[number], string> = {
  ppo: 'Schulman J, Wolski F, Dhariwal P, Radford A, Klimov O. Proximal Policy Optimization Algorithms. arXiv:1707.06347 (2017).',
  dqn: 'Mnih V et al. Human-level control through deep reinforcement learning. Nature 518:529–533 (2015); van Hasselt H, Guez A, Silver D. Deep Reinforcement Learning with Double Q-learning. AAAI (2016).',
};

/**
 * Run (or resume) an experiment.
 * @example const { run, report } = await runExperiment(loadExperimentConfig('experiments/smoke.json'), { outDir: 'runs' })
 */
export async function runExperiment(config: ExperimentConfig, options: RunOptions = {}): Promise<RunResult> {
  const emit = options.onEvent ?? (() => undefined);
  const { backend } = await selectBackend(options.backend ?? process.env.DOSEGYM_BACKEND ?? 'auto');
  let run: RunDir;
  if (options.resume !== undefined) {
    const opened = await openRun(options.resume, config);
    run = opened.run;
    config = opened.config;
    emit({ kind: 'message', text: `resuming ${run.path}` });
  } else {
    run = await createRunDir(options.outDir ?? 'runs', config.name);
    await writeJsonAtomic(join(run.path, 'config.json'), config);
    const algos = [...new Set(config.agents.map((a) => a.algo))];
    const provenance = collectProvenance({ config, backend, seeds: seedsOf(config), models: modelReferences(config), citations: algos.map((a) => ALGORITHM_CITATIONS[a]) });
    await writeJsonAtomic(join(run.path, 'provenance.json'), provenance);
    emit({ kind: 'message', text: `run directory ${run.path}` });
  }
  const ctx: StageContext = { run, config, backend, emit };
  const ran: string[] = [];
  const skipped: string[] = [];
  for (const stage of experimentStages()) {
    const selected = options.only === undefined || options.only.includes(stage.name);
    const enabled = stage.enabled?.(config) ?? true;
    if (!selected || !enabled || (!options.force && (await isStageDone(run, stage.name)))) {
      skipped.push(stage.name);
      if (selected) emit({ kind: 'stage', stage: stage.name, status: 'skipped' });
      continue;
    }
    emit({ kind: 'stage', stage: stage.name, status: 'start' });
    const details = await stage.run(ctx);
    await markStageDone(run, stage.name, details);
    ran.push(stage.name);
    emit({ kind: 'stage', stage: stage.name, status: 'done' });
  }
  const report = (await isStageDone(run, 'report')) ? join(run.path, 'report.html') : null;
  return { run, config, backend, ran, skipped, report };
}
