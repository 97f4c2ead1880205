/**
 * Learning acceptance task for `dosegym/OncologyCombo-v0`: train PPO on virtual patients,
 * then compare it with the clinical baselines (`onc-mtd`, `onc-adaptive`, … from
 * agents/oncology-baselines.ts) on the same held-out patients through the evaluation
 * pipeline (eval/evaluate.ts, common random numbers), on two clinical endpoints:
 *
 * - **Time to progression (cycles)**: the cycle in which the episode ends by progression or
 *   a death proxy (lethal burden, toxic death), censored at the 12-cycle horizon. The mean
 *   is the restricted mean (RMST-like) over 12 cycles; `progressed` is the fraction of
 *   patients with an event. Paired differences against each baseline (patients resampled,
 *   pairs kept) come from eval/stats/paired.ts.
 * - **Grade-4 neutropenia rate**: grade-4 cycles (`info.cost` = 1) over cycles given,
 *   pooled over the cohort, and the fraction of patients with at least one grade-4 cycle.
 *   The per-patient rate (grade-4 cycles / cycles of that patient) gets a bootstrap CI.
 *
 * **Actions.** PPO (agents/rl/ppo.ts) takes Discrete or Box actions, the env's is
 * MultiDiscrete [4, 4]: training runs on {@link JointDiscreteActions}, the same env with
 * the 16 dose pairs as one Discrete(16) action (k ↦ (⌊k/4⌋, k mod 4)), and the trained
 * policy is evaluated on the registered env through {@link JointActionPolicy}, which
 * decodes its choices back to pairs.
 *
 * Training and test patients are disjoint seed streams: sub-env i trains on seed stream
 * `train.seed + i`, test patient k is the first patient of stream `evaluation.seed + k`
 * (the defaults keep them apart; {@link parseOncologyLearningConfig} checks it).
 *
 * Config (JSON, e.g. experiments/tasks/oncology-ppo.json; every field has a default):
 * ```
 * { "envKwargs": { "dpydMix": "enriched" },   // env options (ancestry, dpydMix)
 *   "numEnvs": 16, "totalTimesteps": 150000,
 *   "ppo": { …PpoConfig, e.g. "gamma": 0.99, "seed": 0 },
 *   "evaluation": { "episodes": 300, "seed": 100000, "baselines": ["onc-mtd", "onc-adaptive"], "bootstrapSamples": 2000 } }
 * ```
 */
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import '../../agents/builtin.js';
import { resolvePolicy } from '../../agents/policy-registry.js';
import type { Policy } from '../../agents/policy.js';
import { parseAlgoConfig } from '../../agents/rl/config.js';
import { trainPpo, type PpoResult } from '../../agents/rl/ppo.js';
import '../../envs/builtin.js';
import { makeVec } from '../../envs/registry.js';
import { Discrete } from '../../envs/spaces/discrete.js';
import { MultiDiscrete } from '../../envs/spaces/multi-discrete.js';
import type { Space } from '../../envs/spaces/space.js';
import type { BatchedActions, VectorEnv, VectorInfo, VectorStepResult } from '../../envs/vector/vector-env.js';
import { VectorWrapper } from '../../envs/wrappers/vector-wrapper.js';
import { evaluatePolicies, type Evaluation, type EvaluatedEpisode, type PolicyEntry } from '../../eval/evaluate.js';
import { pairedDifferencesVsReference, type PairedDifference } from '../../eval/stats/paired.js';
import { summarizeMetric, type MetricSummary } from '../../eval/stats/summary.js';

export const ONCOLOGY_ENV_ID = 'dosegym/OncologyCombo-v0';
/** Episode horizon (cycles): the registered TimeLimit. */
export const ONCOLOGY_HORIZON_CYCLES = 12;
/** Name of the trained agent in evaluation tables. */
export const ONCOLOGY_AGENT_NAME = 'ppo';

export const OncologyLearningConfigSchema = z
  .object({
    /** Env options for training and evaluation (`ancestry`, `dpydMix`). */
    envKwargs: z.record(z.string(), z.unknown()).default({}),
    /** Sub-envs for training. */
    numEnvs: z.number().int().positive().default(16),
    /** PPO env steps (cycles). */
    totalTimesteps: z.number().int().positive().default(150_000),
    /** PPO hyper-parameters (agents/rl/ppo.ts; validated there). `seed` also seeds the training patients. */
    ppo: z.record(z.string(), z.unknown()).default({}),
    evaluation: z
      .object({
        /** Held-out patients per policy. */
        episodes: z.number().int().positive().default(300),
        /** Test patient k is seed stream seed + k. */
        seed: z.number().int().min(0).default(100_000),
        /** Baseline policy specs compared with the agent (the first is the paired reference). */
        baselines: z.array(z.string()).min(1).default(['onc-mtd', 'onc-adaptive']),
        /** Bootstrap replicates of the CIs. */
        bootstrapSamples: z.number().int().positive().default(2000),
        /** Sub-envs stepped together during evaluation. */
        numEnvs: z.number().int().positive().default(16),
      })
      .strict()
      .default({ episodes: 300, seed: 100_000, baselines: ['onc-mtd', 'onc-adaptive'], bootstrapSamples: 2000, numEnvs: 16 }),
  })
  .strict();

export type OncologyLearningConfig = z.infer<typeof OncologyLearningConfigSchema>;
export type OncologyLearningConfigInput = z.input<typeof OncologyLearningConfigSchema>;

/** Validate a config (InputError naming the field); checks that training and test seed streams do not overlap. */
export function parseOncologyLearningConfig(input: unknown = {}): OncologyLearningConfig {
  const parsed = parseAlgoConfig(OncologyLearningConfigSchema, input, 'oncology-learning');
  const config = parsed;
  const trainSeed = typeof config.ppo.seed === 'number' ? config.ppo.seed : 0;
  const ev = config.evaluation;
  if (trainSeed < ev.seed + ev.episodes && ev.seed < trainSeed + config.numEnvs) {
    throw new InputError(
      `oncology-learning config: training seed streams ${trainSeed}..${trainSeed + config.numEnvs - 1} overlap the test patients ${ev.seed}..${ev.seed + ev.episodes - 1}`,
      'evaluation.seed',
    );
  }
  return config;
}

/** Decode joint index k of a MultiDiscrete `nvec` into its components (row-major, last fastest). */
function decodeJoint(k: number, nvec: readonly number[], out: Int32Array, offset: number): void {
  for (let d = nvec.length - 1; d >= 0; d--) {
    out[offset + d] = k % nvec[d]!;
    k = Math.floor(k / nvec[d]!);
  }
}

function multiDiscreteOf(space: Space, where: string): MultiDiscrete {
  if (!(space instanceof MultiDiscrete) || space.start.some((s) => s !== 0)) {
    throw new InputError(`${where} needs a MultiDiscrete action space starting at 0, got ${space.type}`, 'actionSpace');
  }
  return space;
}

/**
 * A MultiDiscrete VectorEnv seen through one Discrete(∏ nvec) action: joint index k is the
 * dose-pair (⌊k/4⌋, k mod 4) for OncologyCombo-v0. Observations, rewards and infos pass through.
 */
export class JointDiscreteActions extends VectorWrapper {
  readonly nvec: readonly number[];
  private readonly space: Discrete;
  private readonly decoded: Int32Array;

  constructor(env: VectorEnv) {
    super(env);
    this.nvec = multiDiscreteOf(env.singleActionSpace, 'JointDiscreteActions').nvec;
    this.space = new Discrete(this.nvec.reduce((a, b) => a * b, 1));
    this.decoded = new Int32Array(env.numEnvs * this.nvec.length);
  }

  override get singleActionSpace(): Space {
    return this.space;
  }

  override step(actions: BatchedActions): VectorStepResult {
    for (let i = 0; i < this.numEnvs; i++) decodeJoint(Number(actions[i]), this.nvec, this.decoded, i * this.nvec.length);
    return this.env.step(this.decoded);
  }
}

/** A policy trained on {@link JointDiscreteActions}, acting on the MultiDiscrete env itself. */
export class JointActionPolicy implements Policy {
  readonly name: string;
  private decoded = new Int32Array(0);

  constructor(
    private readonly inner: Policy,
    private readonly nvec: readonly number[],
    name = inner.name,
  ) {
    this.name = name;
  }

  reset(mask?: Uint8Array): void {
    this.inner.reset(mask);
  }

  act(observations: Float32Array, infos: VectorInfo, options?: { deterministic?: boolean }): BatchedActions {
    const joint = this.inner.act(observations, infos, options);
    const size = this.nvec.length;
    if (this.decoded.length !== joint.length * size) this.decoded = new Int32Array(joint.length * size);
    for (let i = 0; i < joint.length; i++) decodeJoint(Number(joint[i]), this.nvec, this.decoded, i * size);
    return this.decoded;
  }
}

/** One policy's endpoints on the test cohort. */
export interface OncologyEndpoints {
  policy: string;
  patients: number;
  /** Restricted mean cycles to progression or death proxy (censored at 12), with bootstrap CI. */
  cyclesToProgression: MetricSummary;
  /** Fraction of patients who progressed (or died) within 12 cycles. */
  progressed: number;
  /** Grade-4 cycles / cycles given, pooled over the cohort. */
  grade4CycleRate: number;
  /** Per-patient grade-4 rate (grade-4 cycles / cycles), mean with bootstrap CI. */
  grade4PatientRate: MetricSummary;
  /** Fraction of patients with at least one grade-4 cycle. */
  anyGrade4: number;
  /** Mean (undiscounted) return of the env's reward. */
  meanReturn: number;
}

export interface OncologyComparison {
  endpoints: OncologyEndpoints[];
  /** Paired differences in cycles to progression, agent (and other baselines) minus the first baseline. */
  ttpDifferences: PairedDifference[];
  /** Paired differences in per-patient grade-4 rate against the first baseline. */
  grade4Differences: PairedDifference[];
  evaluation: Evaluation;
}

/** Cycles to progression of one episode: its length when it ended by an event, else censored at the horizon. */
export function cyclesToProgression(episode: Pick<EvaluatedEpisode, 'terminated' | 'length'>, horizon = ONCOLOGY_HORIZON_CYCLES): number {
  return episode.terminated ? episode.length : Math.max(horizon, episode.length);
}

/** Endpoints of one evaluated policy (see the module doc). */
export function oncologyEndpoints(name: string, episodes: readonly EvaluatedEpisode[], rng: RandomStream, B: number): OncologyEndpoints {
  const ttp = episodes.map((e) => cyclesToProgression(e));
  const perPatient = episodes.map((e) => e.cost / e.length);
  const cycles = episodes.reduce((a, e) => a + e.length, 0);
  const grade4 = episodes.reduce((a, e) => a + e.cost, 0);
  return {
    policy: name,
    patients: episodes.length,
    cyclesToProgression: summarizeMetric(ttp, { rng: rng.fork('ttp'), B }),
    progressed: episodes.filter((e) => e.terminated).length / episodes.length,
    grade4CycleRate: grade4 / cycles,
    grade4PatientRate: summarizeMetric(perPatient, { rng: rng.fork('grade4'), B }),
    anyGrade4: episodes.filter((e) => e.cost > 0).length / episodes.length,
    meanReturn: episodes.reduce((a, e) => a + e.return, 0) / episodes.length,
  };
}

/**
 * Evaluate `agent` (or only the baselines when null) against `config.evaluation.baselines`
 * on the same held-out patients, and summarise the endpoints.
 */
export async function compareOncologyPolicies(agent: Policy | null, configInput: OncologyLearningConfigInput | OncologyLearningConfig = {}): Promise<OncologyComparison> {
  const config = parseOncologyLearningConfig(configInput);
  const ev = config.evaluation;
  const root = RandomStream.fromSeed(ev.seed);
  const policies: PolicyEntry[] = ev.baselines.map((spec) => ({ name: spec, policy: (ctx) => resolvePolicy(spec, ctx, root.fork(`policy/${spec}`)) }));
  if (agent !== null) policies.push({ name: ONCOLOGY_AGENT_NAME, policy: agent });
  const evaluation = await evaluatePolicies({
    envId: ONCOLOGY_ENV_ID,
    envOptions: { ...config.envKwargs },
    policies,
    episodes: ev.episodes,
    seed: ev.seed,
    numEnvs: ev.numEnvs,
    deterministic: true,
  });
  const stats = root.fork('stats');
  const endpoints = evaluation.policies.map((p) => oncologyEndpoints(p.name, p.episodes, stats.fork(p.name), ev.bootstrapSamples));
  const ttp: Record<string, number[]> = {};
  const g4: Record<string, number[]> = {};
  for (const p of evaluation.policies) {
    ttp[p.name] = p.episodes.map((e) => cyclesToProgression(e));
    g4[p.name] = p.episodes.map((e) => e.cost / e.length);
  }
  const reference = ev.baselines[0]!;
  return {
    endpoints,
    ttpDifferences: pairedDifferencesVsReference(ttp, reference, { rng: stats.fork('paired-ttp'), B: ev.bootstrapSamples }),
    grade4Differences: pairedDifferencesVsReference(g4, reference, { rng: stats.fork('paired-grade4'), B: ev.bootstrapSamples }),
    evaluation,
  };
}

export interface OncologyTraining {
  /** PPO's result on the joint Discrete(16) action (its `policy` emits joint indices). */
  ppo: PpoResult;
  /** The trained policy acting on OncologyCombo-v0's MultiDiscrete [4, 4] actions. */
  policy: Policy;
  /** Wall time of training, s. */
  seconds: number;
}

/** Train PPO on OncologyCombo-v0 (joint dose-pair actions) with the config's env options (seed streams ppo.seed + i). */
export function trainOncologyPpo(configInput: OncologyLearningConfigInput | OncologyLearningConfig = {}): OncologyTraining {
  const config = parseOncologyLearningConfig(configInput);
  const t0 = performance.now();
  const env = new JointDiscreteActions(makeVec(ONCOLOGY_ENV_ID, config.numEnvs, { ...config.envKwargs }));
  try {
    const ppo = trainPpo(env, config.ppo, { totalTimesteps: config.totalTimesteps });
    return { ppo, policy: new JointActionPolicy(ppo.policy, env.nvec, ONCOLOGY_AGENT_NAME), seconds: (performance.now() - t0) / 1000 };
  } finally {
    env.close();
  }
}

/** Train, then compare with the baselines: the whole acceptance run. */
export async function runOncologyLearning(configInput: OncologyLearningConfigInput | OncologyLearningConfig = {}): Promise<{ training: OncologyTraining; comparison: OncologyComparison }> {
  const config = parseOncologyLearningConfig(configInput);
  const training = trainOncologyPpo(config);
  const comparison = await compareOncologyPolicies(training.policy, config);
  return { training, comparison };
}

/** A Markdown table of the endpoints (for docs and logs). */
export function formatOncologyTable(comparison: OncologyComparison): string {
  const f = (x: number, d = 2): string => x.toFixed(d);
  const rows = comparison.endpoints.map((e) => {
    const t = e.cyclesToProgression;
    const g = e.grade4PatientRate;
    return `| ${e.policy} | ${e.patients} | ${f(t.mean)} [${f(t.ci.low)}, ${f(t.ci.high)}] | ${f(100 * e.progressed, 1)} % | ${f(100 * e.grade4CycleRate, 1)} % | ${f(100 * g.mean, 1)} % [${f(100 * g.ci.low, 1)}, ${f(100 * g.ci.high, 1)}] | ${f(100 * e.anyGrade4, 1)} % | ${f(e.meanReturn)} |`;
  });
  return [
    '| policy | patients | cycles to progression (mean, 95 % CI, censored at 12) | progressed | grade-4 cycles / cycles | per-patient grade-4 rate (95 % CI) | ≥ 1 grade-4 | mean return |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
