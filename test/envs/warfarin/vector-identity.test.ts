/**
 * The native vector env reproduces single envs bit for bit: sub-env i of a vector env reset
 * with seed s equals a single env reset with seed s + i, and its same-step autoreset equals
 * the single env's next `reset()` (observations, rewards, infos, over two full episodes).
 */
import { describe, expect, it } from 'vitest';
import '../../../src/envs/builtin.js';
import { RandomStream } from '../../../src/core/random.js';
import { makeVec } from '../../../src/envs/registry.js';
import { WarfarinEnv } from '../../../src/envs/warfarin/warfarin-env.js';
import { WarfarinVectorEnv } from '../../../src/envs/warfarin/warfarin-vector-env.js';

const N = 3;
const SEED = 17;
const DAYS = 90;

function actionSequence(env: number): Int32Array {
  const rng = RandomStream.fromSeed(5).fork(env);
  return Int32Array.from({ length: 2 * DAYS + 5 }, () => 4 + rng.int(17)); // 2–10 mg
}

describe('WarfarinVectorEnv ≡ N single envs', () => {
  it.each(['hamberg2007', 'hamberg2010'] as const)('%s: identical observations, rewards and infos over two episodes incl. autoreset', (model) => {
    const vec = new WarfarinVectorEnv(N, { model });
    const actions = Array.from({ length: N }, (_, i) => actionSequence(i));
    const vr = vec.reset({ seed: SEED });
    const singles = Array.from({ length: N }, () => new WarfarinEnv({ model }));
    const size = vec.observationSize;
    singles.forEach((env, i) => {
      const r = env.reset({ seed: SEED + i });
      expect(vr.observations.slice(i * size, (i + 1) * size)).toEqual(r.observation);
    });
    for (let t = 0; t < 2 * DAYS + 5; t++) {
      const batch = Int32Array.from(actions, (a) => a[t]!);
      const vs = vec.step(batch);
      singles.forEach((env, i) => {
        const s = env.step(batch[i]!);
        expect(vs.rewards[i]).toBe(s.reward);
        expect((vs.infos.cost as Float64Array)[i]).toBe(s.info.cost);
        expect((vs.infos.trueInr as Float64Array)[i]).toBe(s.info.trueInr);
        expect((vs.infos.doseGiven as Float64Array)[i]).toBe(s.info.doseGiven);
        const m = (vs.infos.measuredInr as Float64Array)[i]!;
        expect(Number.isNaN(m) ? null : m).toBe(s.info.measuredInr);
        const ended = (t + 1) % DAYS === 0;
        expect(vs.truncations[i]).toBe(ended ? 1 : 0);
        expect(vs.terminations[i]).toBe(0);
        if (ended) {
          expect(vs.infos.finalObservation![i]).toEqual(s.observation);
          expect(vs.infos.finalInfo![i]!.trueInr).toBe(s.info.trueInr);
          const next = env.reset();
          expect(vs.observations.slice(i * size, (i + 1) * size)).toEqual(next.observation);
          expect((vs.infos.patients as { id: string }[])[i]!.id).toBe((next.info.patient as { id: string }).id);
        } else {
          expect(vs.infos.finalObservation![i]).toBeNull();
          expect(vs.observations.slice(i * size, (i + 1) * size)).toEqual(s.observation);
        }
      });
    }
  });

  it('makeVec builds the native env with the registered 90-day limit; sync mode agrees with it', () => {
    const native = makeVec('dosegym/Warfarin-v0', 2);
    const sync = makeVec('dosegym/Warfarin-v0', 2, { vectorizationMode: 'sync' });
    expect(native).toBeInstanceOf(WarfarinVectorEnv);
    const a = native.reset({ seed: 3 });
    const b = sync.reset({ seed: 3 });
    expect(a.observations).toEqual(b.observations);
    for (let t = 0; t < DAYS; t++) {
      const act = Int32Array.of(8, 12);
      const x = native.step(act);
      const y = sync.step(act);
      expect(x.rewards).toEqual(y.rewards);
      expect(x.observations).toEqual(y.observations);
      expect(x.truncations).toEqual(y.truncations);
    }
  });

  it('reset options give patients per sub-env', () => {
    const vec = new WarfarinVectorEnv(2);
    const p = (id: string, cyp: string) => ({ id, age: 60, sex: 'female', weight: 70, height: 165, genotypes: { CYP2C9: cyp, VKORC1: 'G/A' } });
    vec.reset({ seed: 0, options: { patients: [p('A', '*1/*1'), p('B', '*3/*3')] } });
    expect(vec.patients.map((x) => x.id)).toEqual(['A', 'B']);
    expect(() => vec.reset({ options: { patients: [p('A', '*1/*1')] } })).toThrow(/options.patients/);
  });
});
