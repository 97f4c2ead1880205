/**
 * OncologyCombo envs: the Env contract (checkEnv through make), bit-identical single and
 * native vector trajectories for the same seeds, the 12-cycle limit, patients given in
 * reset options, and the kernel's reuse of the model files (without drug, the tumour follows
 * the tumour-sensitive-resistant model solved by dopri5, and the neutrophils stay at Circ0).
 */
import { describe, expect, it } from 'vitest';
import '../../../src/envs/oncology/register.js';
import { checkEnv } from '../../../src/envs/check-env.js';
import { make, makeVec } from '../../../src/envs/registry.js';
import { OncologyComboEnv } from '../../../src/envs/oncology/oncology-env.js';
import { OncologyComboVectorEnv } from '../../../src/envs/oncology/oncology-vector.js';
import { OBS, OBS_SIZE } from '../../../src/envs/oncology/oncology-task.js';
import { tumourSensitiveResistant } from '../../../src/pkpd/models/tumour-sensitive-resistant.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { createPatient } from '../../../src/genomics/patient.js';

const IDS = ['dosegym/OncologyCombo-v0', 'dosegym/OncologyComboContinuous-v0'];

describe('OncologyCombo envs', () => {
  it.each(IDS)('%s passes checkEnv', (id) => {
    const env = make(id);
    const result = checkEnv(env, { maxSteps: 30 });
    env.close();
    expect(result.failures).toEqual([]);
  });

  it('native vector env reproduces single envs seeded seed + i, through autoresets', () => {
    const n = 3;
    const vec = new OncologyComboVectorEnv(n, { maxEpisodeSteps: 5 });
    const singles = Array.from({ length: n }, () => new OncologyComboEnv());
    const v0 = vec.reset({ seed: 7 }).observations;
    const obs = singles.map((e, i) => e.reset({ seed: 7 + i }).observation);
    for (let i = 0; i < n; i++) expect(Array.from(v0.subarray(OBS_SIZE * i, OBS_SIZE * (i + 1)))).toEqual(Array.from(obs[i]!));
    const actions = new Int32Array(2 * n);
    for (let t = 0; t < 12; t++) {
      for (let i = 0; i < n; i++) {
        actions[2 * i] = (t + i) % 4;
        actions[2 * i + 1] = (2 * t + i) % 4;
      }
      const r = vec.step(actions);
      for (let i = 0; i < n; i++) {
        const s = singles[i]!.step(Int32Array.of(actions[2 * i]!, actions[2 * i + 1]!));
        expect(r.rewards[i]).toBe(s.reward);
        expect(r.infos.cost![i]).toBe(s.info.cost);
        expect(r.terminations[i]).toBe(s.terminated ? 1 : 0);
        const ended = s.terminated || r.truncations[i] === 1;
        const row = ended ? r.infos.finalObservation![i]! : r.observations.subarray(OBS_SIZE * i, OBS_SIZE * (i + 1));
        expect(Array.from(row)).toEqual(Array.from(s.observation));
        if (ended) {
          const next = singles[i]!.reset().observation;
          expect(Array.from(r.observations.subarray(OBS_SIZE * i, OBS_SIZE * (i + 1)))).toEqual(Array.from(next));
        }
      }
    }
  });

  it('make truncates after 12 cycles and makeVec passes the limit', () => {
    const env = make('dosegym/OncologyCombo-v0');
    env.reset({ seed: 3 });
    let steps = 0;
    for (;;) {
      const r = env.step(Int32Array.of(3, 3));
      steps++;
      if (r.terminated || r.truncated) {
        expect(r.truncated || steps < 12).toBe(true);
        break;
      }
    }
    expect(steps).toBeLessThanOrEqual(12);
    expect((makeVec('dosegym/OncologyCombo-v0', 2) as OncologyComboVectorEnv).maxEpisodeSteps).toBe(12);
  });

  it('takes a patient from reset options and exposes its DPYD activity score', () => {
    const env = new OncologyComboEnv();
    const patient = createPatient({ id: 'X1', age: 60, sex: 'female', weight: 60, height: 165, genotypes: { DPYD: 'Reference/c.1905+1G>A (*2A)' } });
    const { observation, info } = env.reset({ seed: 1, options: { patient } });
    expect(info.patientId).toBe('X1');
    expect(observation[OBS.dpydActivityScore]).toBe(1);
    expect(observation[OBS.dpydGenotyped]).toBe(1);
    expect(observation[OBS.burdenRel]).toBe(1);
    expect(observation[OBS.bsa]).toBeCloseTo(Math.sqrt((165 * 60) / 3600), 5);
  });

  it('without drug the kernel follows the tumour model (dopri5) and ANC stays at Circ0', () => {
    const env = new OncologyComboEnv();
    env.reset({ seed: 11 });
    const pp = env.getPatient()!;
    const x0 = env.getState();
    env.step(Int32Array.of(0, 0));
    const x1 = env.getState();
    const ref = simulate(tumourSensitiveResistant, pp.tumour, [], [21], { returnStates: true, x0: x0.subarray(8, 11) });
    for (let k = 0; k < 3; k++) expect(Math.abs(x1[8 + k]! - ref.states![0]![k]!) / ref.states![0]![k]!).toBeLessThan(1e-8);
    expect(x1[7]).toBeCloseTo(pp.circ0, 10);
  });

  it('rejects actions outside the space with an InputError naming the action', () => {
    const env = new OncologyComboEnv();
    env.reset({ seed: 0 });
    expect(() => env.step(Int32Array.of(4, 0))).toThrow(/dose level/);
    const cont = new OncologyComboEnv({ actionMode: 'continuous' });
    cont.reset({ seed: 0 });
    expect(() => cont.step(Float32Array.of(0.5, 1.5))).toThrow(/\[0, 1\]/);
    expect(() => make('dosegym/OncologyCombo-v0', { bogus: 1 })).toThrow(/unknown option 'bogus'/);
  });
});
