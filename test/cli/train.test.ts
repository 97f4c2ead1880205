/**
 * CLI contract of `dosegym train --algo dqn|sac` (one spawn each through bin/dosegym.js,
 * tiny budgets): the checkpoint is written, and the `--policy <dir>` loader that
 * `dosegym rollout` uses loads it for the env; invalid configs name the field.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpointMeta } from '../../src/agents/checkpoint.js';
import { resolvePolicy } from '../../src/agents/policy-registry.js';
import { trainCommand } from '../../src/cli/commands/train.js';
import { InputError } from '../../src/core/errors.js';
import { RandomStream } from '../../src/core/random.js';
import '../../src/envs/builtin.js';
import { makeVec } from '../../src/envs/registry.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dosegym-cli-train-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dosegym(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/dosegym.js', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The checkpoint in `dir` resolved as `--policy <dir>` for `envId`, acting on one reset observation. */
async function rolloutPolicy(dir: string, envId: string): Promise<ArrayLike<number>> {
  const env = makeVec(envId, 1);
  const policy = await resolvePolicy(dir, { numEnvs: 1, observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }, RandomStream.fromSeed(1));
  return policy.act(env.reset({ seed: 0 }).observations, {}, { deterministic: true });
}

describe('dosegym train --algo dqn|sac', () => {
  it('dqn on IdentityDiscrete-v0 writes a checkpoint the rollout loader loads', async () => {
    const out = join(root, 'dqn');
    const config = JSON.stringify({ learningStarts: 16, batchSize: 8, bufferSize: 500, netArch: [8], logInterval: 50 });
    const r = dosegym('train', '--env', 'dosegym/IdentityDiscrete-v0', '--algo', 'dqn', '--config', config, '--steps', '100', '--seed', '2', '--out', out, '--backend', 'cpu');
    expect(r.stderr).not.toMatch(/dosegym:/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`checkpoint written to ${out}`);
    expect(readCheckpointMeta(out)).toMatchObject({ format: 'dosegym-dqn/2', algo: 'dqn', seed: 2, envId: 'dosegym/IdentityDiscrete-v0', training: { timesteps: 100 } });
    const action = await rolloutPolicy(out, 'dosegym/IdentityDiscrete-v0');
    expect(action).toHaveLength(1);
  }, 60_000);

  it('sac on IdentityBox-v0 writes a checkpoint the rollout loader loads', async () => {
    const out = join(root, 'sac');
    const config = JSON.stringify({ learningStarts: 16, batchSize: 8, bufferSize: 500, netArch: { pi: [8], qf: [8] }, logInterval: 50 });
    const r = dosegym('train', '--env', 'dosegym/IdentityBox-v0', '--algo', 'sac', '--config', config, '--steps', '60', '--seed', '3', '--out', out, '--backend', 'cpu');
    expect(r.stderr).not.toMatch(/dosegym:/);
    expect(r.status).toBe(0);
    expect(readCheckpointMeta(out)).toMatchObject({ format: 'dosegym-sac/1', algo: 'sac', seed: 3 });
    const [a] = Array.from(await rolloutPolicy(out, 'dosegym/IdentityBox-v0'));
    expect(Math.abs(a!)).toBeLessThanOrEqual(1);
  }, 60_000);

  it('an invalid config is an InputError naming the field, before any training', async () => {
    const argv = { env: 'dosegym/IdentityDiscrete-v0', steps: 10, numEnvs: 1, seed: 0, out: join(root, 'never'), backend: 'cpu' };
    const run = (algo: 'dqn' | 'sac', config: string) => (trainCommand.handler as (a: unknown) => Promise<void>)({ ...argv, algo, config });
    await expect(run('dqn', '{"gamma": 2}')).rejects.toThrow(/DQN config: gamma/);
    await expect(run('sac', '{"netArch": {"pi": [0]}}')).rejects.toThrow(InputError);
    await expect(run('sac', '{"netArch": {"pi": [0]}}')).rejects.toThrow(/SAC config: netArch\.pi\.0/);
    await expect(run('dqn', '{"bogus": 1}')).rejects.toThrow(/DQN config/);
  });
});
