import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { RandomStream } from '../../src/core/random.js';
import type { Env, EnvMetadata, EnvSpec, ResetOptions, ResetResult, StepResult } from '../../src/envs/core.js';
import { Box } from '../../src/envs/spaces/box.js';
import { Discrete } from '../../src/envs/spaces/discrete.js';
import { assertEnv, checkEnv } from '../../src/envs/check-env.js';
import { OrderEnforcing } from '../../src/envs/wrappers/order-enforcing.js';
import { CounterEnv } from './wrappers/fixtures.js';

/** A configurable env broken in one way at a time. */
class BrokenEnv implements Env<unknown, number> {
  readonly observationSpace = new Box(-10, 10, [2]);
  readonly actionSpace = new Discrete(2);
  readonly metadata: EnvMetadata = { renderModes: [] };
  spec: EnvSpec | undefined = undefined;
  private t = 0;
  private rng = RandomStream.fromSeed(0);
  private unseeded = RandomStream.fromSeed(12345);
  constructor(private readonly flaw: string) {
    if (flaw === 'stochastic-claim') this.metadata.stochastic = true;
  }
  reset(options?: ResetOptions): ResetResult<unknown> {
    if (options?.seed !== undefined) this.rng = RandomStream.fromSeed(options.seed);
    this.t = 0;
    return { observation: this.obs(), info: this.flaw === 'info-array' ? ([] as never) : {} };
  }
  step(): StepResult<unknown> {
    this.t++;
    const reward = this.flaw === 'nan-reward' && this.t === 2 ? Number.NaN : 1;
    const terminated = (this.flaw === 'flag-number' ? 1 : this.t >= 5) as boolean;
    return { observation: this.obs(), reward, terminated, truncated: false, info: this.flaw === 'neg-cost' ? { cost: -1 } : {} };
  }
  close(): void {}
  private obs(): unknown {
    switch (this.flaw) {
      case 'float64':
        return Float64Array.of(this.t, 0);
      case 'short':
        return Float32Array.of(this.t);
      case 'inf-obs':
        return Float32Array.of(this.t, Number.POSITIVE_INFINITY);
      case 'unseeded':
        // ignores the seed: draws from a stream reset() never re-creates
        return Float32Array.of(this.t, this.unseeded.uniform());
      case 'stochastic-claim':
        return Float32Array.of(this.t, 0); // claims stochastic but never uses the seed
      default:
        return Float32Array.of(this.t, this.rng.uniform());
    }
  }
}

const rules = (flaw: string, wrap = true): string[] => {
  const env = new BrokenEnv(flaw);
  return checkEnv(wrap ? new OrderEnforcing(env) : env, { maxSteps: 20 }).failures.map((f) => f.rule);
};

describe('checkEnv', () => {
  it('passes a correct env (through OrderEnforcing) and reports what it skipped', () => {
    const result = checkEnv(new OrderEnforcing(new BrokenEnv('none')));
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.skipped.map((s) => s.rule)).toEqual(['seed-sensitivity']);
    const counter = checkEnv(new OrderEnforcing(new CounterEnv()));
    expect(counter.passed).toBe(true);
    expect(counter.skipped).toEqual([]); // CounterEnv declares stochastic and its seeds differ
  });

  it('catches each deliberately broken env with the right rule', () => {
    expect(rules('float64')).toContain('reset'); // Float64Array for a float32 Box
    expect(rules('float64')).toContain('observation-type');
    expect(rules('short')).toContain('reset');
    expect(rules('inf-obs')).toContain('finite');
    expect(rules('nan-reward')).toEqual(['step']);
    expect(rules('flag-number')).toContain('step');
    expect(rules('info-array')).toEqual(['reset']);
    expect(rules('neg-cost')).toEqual(['info']);
    expect(rules('unseeded')).toEqual(['reset-determinism', 'step-determinism']);
    expect(rules('stochastic-claim')).toEqual(['seed-sensitivity']);
    expect(rules('none', false)).toEqual(['step-after-end']); // no OrderEnforcing: stepping an ended episode is accepted
  });

  it('rejects objects that are not spaces', () => {
    const env = new BrokenEnv('none');
    Object.defineProperty(env, 'actionSpace', { value: { type: 'Discrete' } });
    expect(checkEnv(env).failures[0]).toMatchObject({ rule: 'spaces' });
  });

  it('assertEnv throws an InputError listing the failed rules', () => {
    expect(() => assertEnv(new OrderEnforcing(new BrokenEnv('neg-cost')))).toThrow(InputError);
    expect(() => assertEnv(new OrderEnforcing(new BrokenEnv('neg-cost')))).toThrow(/\[info\] step 0 info\.cost must be a finite number ≥ 0, got -1/);
  });
});
