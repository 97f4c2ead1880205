/**
 * A synthetic warfarin-like Evaluation (no simulator): two policies, 12 patients, 30 days,
 * INR rising towards a policy- and genotype-dependent plateau with seeded noise, clinic
 * measurements on days 1–5, 7, 14, 21, 28. For plot, report and metric tests.
 */
import { RandomStream } from '../../../src/core/random.js';
import { createPatient, type Patient } from '../../../src/genomics/patient.js';
import type { EvaluatedEpisode, Evaluation } from '../../../src/eval/evaluate.js';

const DIPLOTYPES = ['*1/*1', '*1/*2', '*1/*3'];
const VKORC1 = ['G/G', 'G/A', 'A/A'];
const ANCESTRY = ['european', 'east-asian'] as const;
const MEASURED = new Set([1, 2, 3, 4, 5, 7, 14, 21, 28]);

export function fixturePatient(k: number): Patient {
  return createPatient({
    id: `P${k}`,
    age: 60,
    sex: k % 2 ? 'female' : 'male',
    weight: 75,
    height: 170,
    ancestry: ANCESTRY[k % 2],
    genotypes: { CYP2C9: DIPLOTYPES[k % 3]!, VKORC1: VKORC1[Math.floor(k / 3) % 3]! },
  });
}

export function syntheticEpisode(k: number, plateau: number, dose: number, rng: RandomStream, days = 30): EvaluatedEpisode {
  const trueInr: number[] = [];
  const measuredInr: (number | null)[] = [];
  const doseGiven: number[] = [];
  const day: number[] = [];
  for (let d = 1; d <= days; d++) {
    const inr = 1 + (plateau - 1) * (1 - Math.exp(-d / 5)) + rng.normal(0, 0.05);
    trueInr.push(inr);
    measuredInr.push(MEASURED.has(d) ? inr + rng.normal(0, 0.1) : null);
    doseGiven.push(d < 10 ? dose : dose - 0.5);
    day.push(d);
  }
  return {
    index: k,
    seed: k,
    return: -trueInr.reduce((a, x) => a + Math.abs(x - 2.5), 0),
    length: days,
    terminated: false,
    truncated: true,
    cost: trueInr.filter((x) => x > 4 || x < 1.5).length,
    startInfo: { patients: fixturePatient(k), measuredInr: 1, trueInr: 1 },
    trajectory: {
      observationSize: 0,
      actionSize: 1,
      observations: null,
      actions: Float64Array.from(doseGiven),
      rewards: new Float64Array(days),
      costs: new Float64Array(days),
      infos: { trueInr, measuredInr, doseGiven, day },
    },
  };
}

export function syntheticEvaluation(episodes = 12): Evaluation {
  const root = RandomStream.fromSeed(11);
  const policy = (name: string, base: number) => {
    const eps = Array.from({ length: episodes }, (_, k) => syntheticEpisode(k, base + 0.3 * (k % 3), 5 + (k % 3), root.fork(name).fork(k)));
    return { name, episodes: eps, meanReturn: 0, stdReturn: 0 };
  };
  return { envId: 'dosegym/Warfarin-v0', seed: 0, episodes, numEnvs: 4, policies: [policy('fixed-5mg', 1.9), policy('iwpc', 2.3)] };
}
