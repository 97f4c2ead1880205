/**
 * The experiment config: one JSON file (`experiments/*.json`) that says what to train, what
 * to compare it with, on which patients, and what to write. Validated by a zod schema;
 * every error names the JSON path and what was expected, e.g.
 * `experiments/x.json: $.agents[0].budget: must be a positive integer, got -5`.
 *
 * **Cohorts and disjointness.** Patients are realised through the env's cohort options
 * (`ancestry`, `stratify`, merged into the env options) and episode seeds:
 * - *Training* patients of an agent trained with seed s on `numEnvs` sub-envs come from the
 *   seed streams `train.seed + s·numEnvs + i` (i < numEnvs); sub-env i draws a new patient
 *   for every episode (patient k of stream i), so the number of training patients is set by
 *   the budget (budget / 90 episodes for Warfarin-v0), not by a size.
 * - *Test* patient k (k < `test.size`) is the first patient of seed stream `test.seed + k`,
 *   identical for every policy (common random numbers, eval/evaluate.ts).
 * Two patients of different seed streams are drawn from independent random streams, so the
 * test cohort is held out when the seed ranges do not overlap; {@link parseExperimentConfig}
 * checks that they do not.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError, parseJson } from '../core/errors.js';

const positiveInt = z.number({ error: 'must be a number' }).int('must be an integer').positive('must be a positive integer');
const seed = z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be a non-negative integer');
const jsonObject = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

/** Cohort options passed to the env (see genomics/cohort.ts). */
const cohortOptions = {
  /** One ancestry group or weights per group (env option `ancestry`). */
  ancestry: z.union([z.string(), z.record(z.string(), z.number().min(0))], { error: 'must be a group name or weights per group' }).optional(),
  /** Stratification on one gene (env option `stratify`). */
  stratify: jsonObject.optional(),
};

export const TrainCohortSchema = z.strictObject({
  /** Base of the training seed streams (see the module doc). */
  seed: seed.default(0),
  ...cohortOptions,
});

export const TestCohortSchema = z.strictObject({
  /** Number of held-out patients (episodes per policy). */
  size: positiveInt,
  /** Test patient k is patient 0 of seed stream seed + k. */
  seed,
  ...cohortOptions,
});

export const AGENT_ALGOS = ['ppo', 'dqn'] as const;
export type AgentAlgo = (typeof AGENT_ALGOS)[number];

export const AgentSchema = z.strictObject({
  /** Name in tables and plots; with several seeds, `<name>-s<seed>` per seed. */
  name: z.string().regex(/^[A-Za-z][\w.+-]*$/, "must start with a letter and hold letters, digits, '_', '.', '+', '-'"),
  algo: z.enum(AGENT_ALGOS, { error: `must be one of ${AGENT_ALGOS.join(', ')}` }),
  /** Hyper-parameters (PpoConfigSchema / DqnConfigSchema; `seed` is set per run). */
  config: jsonObject.default({}),
  /** Training budget in env steps (all sub-envs). */
  budget: positiveInt,
  /** Sub-envs stepping together during training. */
  numEnvs: positiveInt.default(16),
  /** One training run per seed (network init, exploration, training patients). */
  seeds: z.array(seed).min(1, 'must list at least one seed').default([1]),
  /** Observation normalisation for DQN (PPO has its own `normalizeObservation`). */
  normalizeObservation: z.boolean().default(true),
  description: z.string().optional(),
});

export const BaselineSchema = z.union(
  [
    z.string().min(1, 'must be a policy spec'),
    z.strictObject({ policy: z.string().min(1, 'must be a policy spec'), name: z.string().min(1).optional(), description: z.string().optional() }),
  ],
  { error: 'must be a policy spec or { policy, name?, description? }' },
);

export const SUBGROUP_KEYS = ['cyp2c9', 'vkorc1', 'cyp2c9Phenotype', 'ancestry'] as const;
export const SUBGROUP_METRICS = ['pttr', 'trueTtr', 'daysToTherapeutic', 'daysAbove4', 'daysBelow15', 'doseChanges', 'meanAbsDoseChange', 'return', 'cost'] as const;

export const EvaluationSchema = z.strictObject({
  /** Sub-envs stepped together. */
  numEnvs: positiveInt.default(50),
  /** Metrics with subgroup tables and fairness gaps. */
  subgroupMetrics: z.array(z.enum(SUBGROUP_METRICS)).default(['pttr', 'trueTtr']),
  /** Subgroup variables shown in the plots (all are tabulated). */
  subgroups: z.array(z.enum(SUBGROUP_KEYS)).default(['cyp2c9', 'vkorc1']),
  /** Bootstrap replicates and 1 − confidence level. */
  bootstrap: z.strictObject({ B: positiveInt.default(2000), alpha: z.number().gt(0).lt(1).default(0.05), seed: seed.default(0) }).default({ B: 2000, alpha: 0.05, seed: 0 }),
  /** Reference policy of the paired differences (a baseline or agent name). */
  reference: z.string().min(1),
  /** Smallest subgroup entering a fairness gap. */
  minGroupSize: positiveInt.default(10),
});

export const OutputsSchema = z.strictObject({
  /** Render plots (SVG + PNG). */
  plots: z.boolean().default(true),
  /** Patients whose full trajectories are saved (trajectories/sample.json) and shown in the policy map. */
  trajectorySample: z.number().int().min(0).default(30),
  /** Run the export stage (when one is registered). */
  export: z.boolean().default(false),
  /** Write report.html (default true; sweeps switch it off, their report aggregates metrics.json). */
  report: z.boolean().optional(),
});

export const ExperimentConfigSchema = z.strictObject({
  /** Run name: the directory is runs/<name>-<timestamp>. */
  name: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, "must hold letters, digits, '_', '.', '-' and start with a letter or digit"),
  /** The question the experiment answers (report text; blank lines separate paragraphs). */
  question: z.string().min(1, 'must be a non-empty text'),
  env: z.strictObject({ id: z.string().min(1), options: jsonObject.default({}) }),
  cohorts: z.strictObject({ train: TrainCohortSchema.default({ seed: 0 }), test: TestCohortSchema }),
  agents: z.array(AgentSchema).default([]),
  baselines: z.array(BaselineSchema).default([]),
  evaluation: EvaluationSchema,
  outputs: OutputsSchema.default({ plots: true, trajectorySample: 30, export: false }),
});

export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;
export type AgentConfig = z.infer<typeof AgentSchema>;

/** A baseline with its display name. */
export interface ResolvedBaseline {
  name: string;
  policy: string;
  description?: string;
}

/** Baselines with names filled in (the spec itself when no name is given). */
export function resolvedBaselines(config: ExperimentConfig): ResolvedBaseline[] {
  return config.baselines.map((b) => (typeof b === 'string' ? { name: b, policy: b } : { name: b.name ?? b.policy, policy: b.policy, ...(b.description ? { description: b.description } : {}) }));
}

/** Policy name of an agent's training run: `<name>` with one seed, `<name>-s<seed>` with several. */
export function agentRunName(agent: AgentConfig, seed: number): string {
  return agent.seeds.length === 1 ? agent.name : `${agent.name}-s${seed}`;
}

/** The seed streams an agent's training run draws patients from: [first, first + numEnvs). */
export function trainingSeedRange(config: ExperimentConfig, agent: AgentConfig, seed: number): [number, number] {
  const first = config.cohorts.train.seed + seed * agent.numEnvs;
  return [first, first + agent.numEnvs];
}

/** `$.a[0].b` from a zod issue path. */
function jsonPath(path: readonly PropertyKey[]): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

function fail(source: string, path: string, message: string): never {
  throw new InputError(`${source}: ${path}: ${message}`, path);
}

/** Cross-field checks: unique names, reference exists, held-out test seeds. */
function checkConsistency(config: ExperimentConfig, source: string): void {
  const names = new Map<string, string>();
  const claim = (name: string, where: string): void => {
    const prior = names.get(name);
    if (prior) fail(source, where, `policy name '${name}' is already used by ${prior}; names must be unique`);
    names.set(name, where);
  };
  config.agents.forEach((a, i) => a.seeds.forEach((s, j) => claim(agentRunName(a, s), `$.agents[${i}].seeds[${j}]`)));
  resolvedBaselines(config).forEach((b, i) => claim(b.name, `$.baselines[${i}]`));
  if (names.size === 0) fail(source, '$', 'needs at least one agent or baseline to evaluate');
  if (!names.has(config.evaluation.reference)) {
    fail(source, '$.evaluation.reference', `must name an evaluated policy (${[...names.keys()].join(', ')}), got '${config.evaluation.reference}'`);
  }
  const test = config.cohorts.test;
  const [testLo, testHi] = [test.seed, test.seed + test.size];
  config.agents.forEach((a, i) =>
    a.seeds.forEach((s, j) => {
      const [lo, hi] = trainingSeedRange(config, a, s);
      if (lo < testHi && testLo < hi) {
        fail(source, `$.agents[${i}].seeds[${j}]`, `training seed streams [${lo}, ${hi}) overlap the test cohort's [${testLo}, ${testHi}); move cohorts.test.seed or cohorts.train.seed so that test patients are held out`);
      }
    }),
  );
}

/**
 * Validate an experiment config (parsed JSON), filling defaults. `source` prefixes errors.
 * @example parseExperimentConfig(JSON.parse(text), 'experiments/warfarin-pgx.json')
 */
export function parseExperimentConfig(input: unknown, source = 'experiment config'): ExperimentConfig {
  const r = ExperimentConfigSchema.safeParse(input, { reportInput: true });
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const got = issue.input === undefined ? (issue.code === 'invalid_type' ? ', got nothing' : '') : `, got ${JSON.stringify(issue.input)?.slice(0, 80)}`;
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}` : `${issue.message}${got}`;
    fail(source, jsonPath(issue.path), message);
  }
  checkConsistency(r.data, source);
  return r.data;
}

/**
 * Read and validate an experiment config file.
 * @example const config = loadExperimentConfig('experiments/warfarin-pgx.json')
 */
export function loadExperimentConfig(path: string): ExperimentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read experiment config '${path}' (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'config');
  }
  return parseExperimentConfig(parseJson(text, path), path);
}

/** Env options of the training (`which = 'train'`) or test cohort: env options + cohort options. */
export function cohortEnvOptions(config: ExperimentConfig, which: 'train' | 'test'): Record<string, unknown> {
  const c = config.cohorts[which];
  return { ...config.env.options, ...(c.ancestry === undefined ? {} : { ancestry: c.ancestry }), ...(c.stratify === undefined ? {} : { stratify: c.stratify }) };
}
