/**
 * `dosegym/HIV-v0`: structured treatment of HIV with two drugs, the reinforcement-learning
 * benchmark of Ernst et al. 2006 (IEEE CDC) on the Adams et al. 2004 model
 * (`pkpd/models/adams2004-hiv.ts`), as rlpy's `HIVTreatment` runs it.
 *
 * - **Start**: the published unhealthy steady state (T1, T2, T1*, T2*, V, E) =
 *   (163 573, 5, 11 945, 46, 63 919, 24).
 * - **Actions** (Discrete(4)): 0 no drug, 1 RTI only (ε1 = 0.7), 2 PI only (ε2 = 0.3),
 *   3 both. One step holds the action for 5 days.
 * - **Episode**: 200 steps (1000 days), a time limit: `make` truncates (TimeLimit), never
 *   terminates (there is no terminal state).
 * - **Reward** (Ernst 2006), on the state at the END of the step:
 *   r = −(0.1·V + 20 000·ε1² + 2 000·ε2² − 1 000·E). With this sign the reward is positive
 *   when the immune term dominates: 17 608.1 at the unhealthy state without drug (the
 *   reference's "17 608.1" is this reward, not a cost), 16 019.2 after five days of full
 *   therapy from it. Returns are in the millions (≈ 3.4·10⁶ never treating).
 * - **Observation** (Box float32, 6): by default log10 of the six states in the model's
 *   order (Ernst 2006 works on log10 values); option `observation: 'linear'` gives the raw
 *   states. The float64 state is in `info.state`.
 * - **info**: `state` (Float64Array, raw cells or virions per mL), `eps1`, `eps2` (the
 *   efficacies applied during the step) and `cost`: 1 when total CD4⁺ T cells T1 + T1* end
 *   the step below 2·10⁵ cells/mL (200 cells/µL, the AIDS-defining count), else 0 — a
 *   documented safety constraint for constrained-MDP use; the Ernst reward ignores it.
 *
 * **Deterministic by default**: the same actions give the same return in every run,
 * whatever the seed. Options add randomness, each from its own stream forked from the seed:
 * - `parameterVariability: { <parameter>: sd, … }`: each episode draws a patient with
 *   log-normal parameters p = nominal·exp(sd·z) (stream `hiv/parameters`); eps1/eps2 are
 *   inputs and cannot vary. The start is still the published unhealthy state (not the
 *   patient's own equilibrium).
 * - `observationNoiseSd`: Gaussian noise of this SD added to the log10 observations (for
 *   linear observations: multiplied by 10^noise), stream `hiv/observation-noise`.
 * - `substeps`: RK4 substeps per 5-day step (default 50: h ≤ 0.1 d, shortened by the
 *   stability guard where needed; see hiv-kernel.ts).
 */
import { InputError, StateError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import { adams2004Hiv, HIV_PARAM, HIV_PARAM_COUNT, HIV_STATE_COUNT } from '../../pkpd/models/adams2004-hiv.js';
import type { Env, EnvMetadata, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';
import {
  HIV_ACTION_EPS1,
  HIV_ACTION_EPS2,
  HIV_ACTION_LABELS,
  HIV_NOISE_STREAM,
  HIV_PARAMETER_STREAM,
  HIV_TASK,
  HivStepper,
  hivCost,
  hivInitialState,
  hivReward,
  hivSampleParameters,
  hivWriteObservation,
  isHivAction,
  type HivVariabilityTerm,
} from './hiv-kernel.js';

/** Constructor options of HIV-v0 (also its registry kwargs). */
export interface HivEnvOptions {
  /** 'log10' (default, as Ernst 2006) or 'linear' (raw cells/virions per mL). */
  observation?: 'log10' | 'linear';
  /** Parameter name → SD of its log (log-normal between-patient variability). Default none. */
  parameterVariability?: Record<string, number>;
  /** SD of Gaussian noise on the log10 observations. Default 0. */
  observationNoiseSd?: number;
  /** RK4 substeps per 5-day step (default 50: h ≤ 0.1 d; the stability guard may add more). */
  substeps?: number;
}

/** Options checked and resolved, as the kernel uses them. */
export interface HivConfig {
  log10: boolean;
  variability: readonly HivVariabilityTerm[];
  noiseSd: number;
  substeps: number;
  /** True when episodes depend on the seed (variability or noise). */
  stochastic: boolean;
}

const OPTION_KEYS = ['observation', 'parameterVariability', 'observationNoiseSd', 'substeps'];

/**
 * Check HIV-v0 options and resolve them. Unknown keys, unknown parameter names, eps1/eps2,
 * negative or non-finite SDs and non-integer substeps are an InputError naming the field.
 */
export function resolveHivOptions(options: Record<string, unknown> = {}): HivConfig {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new InputError(`HIV-v0: unknown option '${key}' (known: ${OPTION_KEYS.join(', ')})`, key);
  }
  const { observation = 'log10', parameterVariability = {}, observationNoiseSd = 0, substeps = HIV_TASK.substeps } = options as HivEnvOptions;
  if (observation !== 'log10' && observation !== 'linear') {
    throw new InputError(`HIV-v0: observation must be 'log10' or 'linear', got ${JSON.stringify(observation)}`, 'observation');
  }
  if (parameterVariability === null || typeof parameterVariability !== 'object' || Array.isArray(parameterVariability)) {
    throw new InputError(`HIV-v0: parameterVariability must be an object { parameter: sd }, got ${JSON.stringify(parameterVariability)}`, 'parameterVariability');
  }
  const names = adams2004Hiv.parameters.map((q) => q.name);
  const variability: HivVariabilityTerm[] = [];
  for (const [name, sd] of Object.entries(parameterVariability)) {
    const field = `parameterVariability.${name}`;
    const index = names.indexOf(name);
    if (index < 0 || index === HIV_PARAM.eps1 || index === HIV_PARAM.eps2) {
      throw new InputError(`HIV-v0: cannot vary '${name}' (known: ${names.filter((n) => n !== 'eps1' && n !== 'eps2').join(', ')})`, field);
    }
    if (typeof sd !== 'number' || !Number.isFinite(sd) || sd < 0) throw new InputError(`HIV-v0: ${field} must be a finite SD ≥ 0, got ${JSON.stringify(sd)}`, field);
    if (sd > 0) variability.push({ index, sd });
  }
  variability.sort((a, b) => a.index - b.index);
  if (typeof observationNoiseSd !== 'number' || !Number.isFinite(observationNoiseSd) || observationNoiseSd < 0) {
    throw new InputError(`HIV-v0: observationNoiseSd must be a finite number ≥ 0, got ${JSON.stringify(observationNoiseSd)}`, 'observationNoiseSd');
  }
  if (typeof substeps !== 'number' || !Number.isSafeInteger(substeps) || substeps < 1) {
    throw new InputError(`HIV-v0: substeps must be a positive integer, got ${JSON.stringify(substeps)}`, 'substeps');
  }
  return {
    log10: observation === 'log10',
    variability,
    noiseSd: observationNoiseSd,
    substeps,
    stochastic: variability.length > 0 || observationNoiseSd > 0,
  };
}

/** HIV-v0's observation space: Box(6) float32, unbounded for log10, [0, ∞) for linear. */
export function hivObservationSpace(config: HivConfig): Box {
  const low = config.log10 ? Number.NEGATIVE_INFINITY : 0;
  return new Box(new Array<number>(HIV_STATE_COUNT).fill(low), new Array<number>(HIV_STATE_COUNT).fill(Number.POSITIVE_INFINITY));
}

/** Metadata shared by the single and vector envs. */
export function hivMetadata(config: HivConfig): EnvMetadata {
  const names = adams2004Hiv.states.map((s) => s.name);
  return {
    renderModes: [],
    stochastic: config.stochastic,
    observationTransform: config.log10 ? 'log10' : 'linear',
    observationLabels: config.log10 ? names.map((n) => `log10 ${n}`) : names,
    observationUnits: adams2004Hiv.states.map((s) => (config.log10 ? `log10(${s.unit})` : s.unit)),
    actionLabels: HIV_ACTION_LABELS,
    stepDays: HIV_TASK.stepDays,
    model: adams2004Hiv.id,
    citations: adams2004Hiv.citations.map((c) => c.text),
  };
}

/** The random streams of a (sub-)env seeded with `seed`. */
export function hivStreams(seed: number): { parameters: RandomStream; noise: RandomStream } {
  const root = RandomStream.fromSeed(seed);
  return { parameters: root.fork(HIV_PARAMETER_STREAM), noise: root.fork(HIV_NOISE_STREAM) };
}

/** Throw an InputError unless `action` is 0..3. */
export function checkHivAction(action: unknown, field = 'action'): asserts action is number {
  if (!isHivAction(action)) {
    throw new InputError(`HIV-v0 action must be 0 (no drug), 1 (RTI), 2 (PI) or 3 (both), got ${String(action)}`, field);
  }
}

/** The single HIV-v0 env. Observations and `info.state` are new arrays on every call. */
export class HivEnv implements Env<Float32Array, number> {
  readonly observationSpace: Box;
  readonly actionSpace = new Discrete(4);
  readonly metadata: EnvMetadata;
  spec: EnvSpec | undefined = undefined;

  private readonly config: HivConfig;
  /** State (6) and parameters (22) as structure of arrays of length 1 (the kernel's layout). */
  private readonly state = new Float64Array(HIV_STATE_COUNT);
  private readonly params = new Float64Array(HIV_PARAM_COUNT);
  private readonly stepper = new HivStepper();
  private streams: { parameters: RandomStream; noise: RandomStream } | undefined;
  private steps = 0;
  private phase: 'new' | 'running' | 'closed' = 'new';

  constructor(options: HivEnvOptions = {}) {
    this.config = resolveHivOptions(options as Record<string, unknown>);
    this.observationSpace = hivObservationSpace(this.config);
    this.metadata = hivMetadata(this.config);
  }

  reset(options: ResetOptions = {}): ResetResult<Float32Array> {
    if (this.phase === 'closed') throw new StateError('HivEnv.reset called after close()');
    if (options.seed !== undefined) this.streams = hivStreams(options.seed);
    else if (this.streams === undefined) this.streams = hivStreams(0);
    hivSampleParameters(this.streams.parameters, this.config.variability, this.params, 1, 0);
    hivInitialState(this.state, 1, 0);
    this.steps = 0;
    this.phase = 'running';
    return { observation: this.observe(), info: { state: this.state.slice() } };
  }

  step(action: number): StepResult<Float32Array> {
    if (this.phase !== 'running') throw new StateError(`HivEnv.step called ${this.phase === 'new' ? 'before reset()' : 'after close()'}`);
    checkHivAction(action);
    this.steps++;
    this.stepper.step(this.state, this.params, 1, 0, action, this.config.substeps, this.steps);
    const s = this.state;
    const eps1 = HIV_ACTION_EPS1[action]!;
    const eps2 = HIV_ACTION_EPS2[action]!;
    const info: Info = { cost: hivCost(s[0]!, s[2]!), state: s.slice(), eps1, eps2 };
    return { observation: this.observe(), reward: hivReward(s[4]!, s[5]!, eps1, eps2), terminated: false, truncated: false, info };
  }

  close(): void {
    this.phase = 'closed';
  }

  /** The float64 state (a copy), for tests and debugging. */
  getState(): Float64Array {
    return this.state.slice();
  }

  /** The current patient's parameters (22, a copy; eps1/eps2 stay 0: each step sets them from its action). */
  getParameters(): Float64Array {
    return this.params.slice();
  }

  private observe(): Float32Array {
    const out = new Float32Array(HIV_STATE_COUNT);
    hivWriteObservation(this.state, 1, 0, this.config.log10, this.config.noiseSd, this.streams!.noise, out, 0);
    return out;
  }
}
