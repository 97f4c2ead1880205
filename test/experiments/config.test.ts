import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { agentRunName, cohortEnvOptions, loadExperimentConfig, parseExperimentConfig, resolvedBaselines, trainingSeedRange } from '../../src/experiments/config.js';

function valid(): Record<string, unknown> {
  return {
    name: 'x',
    question: 'Does it work?',
    env: { id: 'dosegym/Warfarin-v0' },
    cohorts: { train: { seed: 0, ancestry: 'european' }, test: { size: 10, seed: 1000, ancestry: { european: 1, 'east-asian': 1 } } },
    agents: [{ name: 'ppo', algo: 'ppo', budget: 1000, numEnvs: 4, seeds: [1, 2] }],
    baselines: ['fixed+nomogram', { policy: 'iwpc-pg+nomogram', name: 'iwpc' }],
    evaluation: { reference: 'iwpc' },
  };
}

function errorOf(input: unknown): Error {
  try {
    parseExperimentConfig(input, 'exp.json');
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('parseExperimentConfig', () => {
  it('fills defaults and names policies', () => {
    const c = parseExperimentConfig(valid());
    expect(c.outputs).toEqual({ plots: true, trajectorySample: 30, export: false });
    expect(c.evaluation.bootstrap).toEqual({ B: 2000, alpha: 0.05, seed: 0 });
    expect(c.env.options).toEqual({});
    expect(c.agents[0]!.seeds.map((s) => agentRunName(c.agents[0]!, s))).toEqual(['ppo-s1', 'ppo-s2']);
    expect(resolvedBaselines(c)).toEqual([{ name: 'fixed+nomogram', policy: 'fixed+nomogram' }, { name: 'iwpc', policy: 'iwpc-pg+nomogram' }]);
  });

  it('puts cohort options into the env options of each cohort', () => {
    const c = parseExperimentConfig({ ...valid(), env: { id: 'dosegym/Warfarin-v0', options: { model: 'hamberg2010' } } });
    expect(cohortEnvOptions(c, 'train')).toEqual({ model: 'hamberg2010', ancestry: 'european' });
    expect(cohortEnvOptions(c, 'test')).toEqual({ model: 'hamberg2010', ancestry: { european: 1, 'east-asian': 1 } });
  });

  it('gives each training seed its own block of seed streams', () => {
    const c = parseExperimentConfig(valid());
    expect(trainingSeedRange(c, c.agents[0]!, 1)).toEqual([4, 8]);
    expect(trainingSeedRange(c, c.agents[0]!, 2)).toEqual([8, 12]);
  });

  it('names the JSON path and the expectation of a bad value', () => {
    const bad = valid();
    (bad.agents as Record<string, unknown>[])[0]!.budget = -5;
    const e = errorOf(bad);
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/^exp\.json: \$\.agents\[0\]\.budget: must be a positive integer, got -5$/);
  });

  it('names unknown fields and missing ones', () => {
    expect(errorOf({ ...valid(), extra: 1 }).message).toMatch(/\$: unknown field\(s\) 'extra'/);
    const { question: _q, ...noQuestion } = valid();
    expect(errorOf(noQuestion).message).toMatch(/\$\.question: .*got nothing/);
    expect(errorOf({ ...valid(), agents: [{ name: 'a', algo: 'sarsa', budget: 1 }] }).message).toMatch(/\$\.agents\[0\]\.algo: must be one of ppo, dqn/);
  });

  it('rejects a reference that is not evaluated and duplicate names', () => {
    expect(errorOf({ ...valid(), evaluation: { reference: 'nope' } }).message).toMatch(/\$\.evaluation\.reference: must name an evaluated policy \(ppo-s1, ppo-s2, fixed\+nomogram, iwpc\)/);
    expect(errorOf({ ...valid(), baselines: ['iwpc-pg+nomogram', 'iwpc-pg+nomogram'], evaluation: { reference: 'iwpc-pg+nomogram' } }).message).toMatch(/\$\.baselines\[1\]: policy name 'iwpc-pg\+nomogram' is already used/);
  });

  it('rejects training seed streams that overlap the test cohort', () => {
    const c = valid();
    (c.cohorts as Record<string, Record<string, unknown>>).test!.seed = 6;
    expect(errorOf(c).message).toMatch(/\$\.agents\[0\]\.seeds\[0\]: training seed streams \[4, 8\) overlap the test cohort's \[6, 16\)/);
  });
});

describe('loadExperimentConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dosegym-config-'));

  it('reads the shipped experiments', () => {
    expect(loadExperimentConfig('experiments/warfarin-pgx.json').cohorts.test.size).toBeGreaterThanOrEqual(500);
    expect(loadExperimentConfig('experiments/smoke.json').name).toBe('smoke');
  });

  it('reports unreadable files and malformed JSON with the path', () => {
    expect(() => loadExperimentConfig(join(dir, 'missing.json'))).toThrow(/cannot read experiment config .*missing\.json.*ENOENT/);
    writeFileSync(join(dir, 'bad.json'), '{ "name": ');
    expect(() => loadExperimentConfig(join(dir, 'bad.json'))).toThrow(/bad\.json: malformed JSON/);
  });
});
