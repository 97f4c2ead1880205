/**
 * Baseline treatment policies for `dosegym/HIV-v0` (actions: 0 no drug, 1 RTI, 2 PI,
 * 3 both), registered as named policies when this module is imported:
 *
 * | name | policy |
 * |---|---|
 * | `hiv-never` | never treat (action 0) |
 * | `hiv-always` | always treat with both drugs (action 3) |
 * | `hiv-sti` or `hiv-sti:<on>,<off>` | structured treatment interruption, {@link HivStiPolicy} |
 *
 * Over one 200-step episode from the unhealthy state (RK4 h = 0.1 d) the returns are
 * ≈ 3.43·10⁶ (never), 7.02·10⁶ (always) and 1.50·10⁷ (STI with the default thresholds).
 */
import { InputError } from '../core/errors.js';
import { Discrete } from '../envs/spaces/discrete.js';
import type { BatchedActions } from '../envs/vector/vector-env.js';
import type { Policy, PolicyContext } from './policy.js';
import { registerPolicy } from './policy-registry.js';

/** Action of HIV-v0 giving no drug. */
export const HIV_NO_DRUG = 0;
/** Action of HIV-v0 giving both drugs (RTI ε1 = 0.7 and PI ε2 = 0.3). */
export const HIV_BOTH_DRUGS = 3;
/** Position of V in HIV-v0's observation. */
const V_INDEX = 4;

/**
 * Default STI thresholds on the viral load, virions/mL: start both drugs when V ≥ 10⁴,
 * stop when V < 10³. Why not the often-quoted 10⁵: the unhealthy steady state has
 * V = 63 919 < 10⁵, so a 10⁵ trigger never treats from the benchmark's start.
 */
export const HIV_STI_DEFAULTS = Object.freeze({ onThreshold: 1e4, offThreshold: 1e3 });

function requireHivSpaces(ctx: PolicyContext, name: string): number {
  const obs = ctx.observationSpace;
  if (!(ctx.actionSpace instanceof Discrete) || ctx.actionSpace.n !== 4 || obs.type !== 'Box' || obs.shape.length !== 1 || obs.shape[0] !== 6) {
    throw new InputError(`policy '${name}' is for dosegym/HIV-v0 (Discrete(4) actions, 6 observations)`, 'policy');
  }
  return ctx.numEnvs;
}

/** The same HIV-v0 action for every sub-env, always (`hiv-never`, `hiv-always`). */
export class HivFixedPolicy implements Policy {
  readonly name: string;
  private readonly actions: Int32Array;

  constructor(ctx: PolicyContext, action: typeof HIV_NO_DRUG | typeof HIV_BOTH_DRUGS, name: string) {
    this.name = name;
    this.actions = new Int32Array(requireHivSpaces(ctx, name)).fill(action);
  }

  reset(): void {}

  act(): BatchedActions {
    return this.actions;
  }
}

/**
 * Structured treatment interruption with hysteresis: for each sub-env, start both drugs
 * when the observed viral load reaches `onThreshold` and stop when it falls below
 * `offThreshold` (< onThreshold); between the two, keep the current decision. Each episode
 * starts untreated. V is read from the observation (index 4): log10 V by default, raw V
 * when the env declares `metadata.observationTransform = 'linear'`. With observation noise
 * the policy reacts to the noisy value.
 */
export class HivStiPolicy implements Policy {
  readonly name: string;
  private readonly numEnvs: number;
  private readonly on: number;
  private readonly off: number;
  private readonly treating: Uint8Array;
  private readonly actions: Int32Array;

  constructor(ctx: PolicyContext, onThreshold: number = HIV_STI_DEFAULTS.onThreshold, offThreshold: number = HIV_STI_DEFAULTS.offThreshold) {
    this.numEnvs = requireHivSpaces(ctx, 'hiv-sti');
    if (!(onThreshold > 0 && offThreshold > 0 && offThreshold < onThreshold && Number.isFinite(onThreshold))) {
      throw new InputError(`hiv-sti thresholds must satisfy 0 < off < on < ∞ (virions/mL), got on ${onThreshold}, off ${offThreshold}`, 'policy');
    }
    const linear = ctx.envMetadata?.observationTransform === 'linear';
    this.on = linear ? onThreshold : Math.log10(onThreshold);
    this.off = linear ? offThreshold : Math.log10(offThreshold);
    this.name = `hiv-sti:${onThreshold},${offThreshold}`;
    this.treating = new Uint8Array(this.numEnvs);
    this.actions = new Int32Array(this.numEnvs);
  }

  reset(mask?: Uint8Array): void {
    for (let i = 0; i < this.numEnvs; i++) if (!mask || mask[i]) this.treating[i] = 0;
  }

  act(observations: Float32Array): BatchedActions {
    for (let i = 0; i < this.numEnvs; i++) {
      const v = observations[6 * i + V_INDEX]!;
      if (v >= this.on) this.treating[i] = 1;
      else if (v < this.off) this.treating[i] = 0;
      this.actions[i] = this.treating[i] ? HIV_BOTH_DRUGS : HIV_NO_DRUG;
    }
    return this.actions;
  }
}

/** Parse `hiv-sti` arguments `<on>,<off>` (virions/mL); undefined → the defaults. */
export function parseStiArgs(args: string | undefined): { on: number; off: number } {
  if (args === undefined || args.trim() === '') return { on: HIV_STI_DEFAULTS.onThreshold, off: HIV_STI_DEFAULTS.offThreshold };
  const parts = args.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((x) => !Number.isFinite(x))) {
    throw new InputError(`hiv-sti takes two thresholds '<on>,<off>' in virions/mL, e.g. 'hiv-sti:1e4,1e3'; got '${args}'`, 'policy');
  }
  return { on: parts[0]!, off: parts[1]! };
}

function noArgs(name: string, args: string | undefined): void {
  if (args !== undefined) throw new InputError(`policy '${name}' takes no arguments, got '${name}:${args}'`, 'policy');
}

registerPolicy('hiv-never', (ctx, args) => {
  noArgs('hiv-never', args);
  return new HivFixedPolicy(ctx, HIV_NO_DRUG, 'hiv-never');
});
registerPolicy('hiv-always', (ctx, args) => {
  noArgs('hiv-always', args);
  return new HivFixedPolicy(ctx, HIV_BOTH_DRUGS, 'hiv-always');
});
registerPolicy('hiv-sti', (ctx, args) => {
  const { on, off } = parseStiArgs(args);
  return new HivStiPolicy(ctx, on, off);
});
