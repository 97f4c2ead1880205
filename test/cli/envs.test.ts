/**
 * CLI contract of `envs`, `check-env` and `rollout` (spawned through bin/dosegym.js).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function dosegym(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/dosegym.js', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dosegym envs / check-env / rollout', () => {
  it('envs --json lists ids with space JSON, step limits and thresholds', () => {
    const r = dosegym('envs', '--json');
    expect(r.status).toBe(0);
    const { envs } = JSON.parse(r.stdout) as { envs: Record<string, unknown>[] };
    const cartpole = envs.find((e) => e.id === 'dosegym/CartPole-v1');
    // Gymnasium registers CartPole-v1 with max_episode_steps 500 and reward_threshold 475
    expect(cartpole).toMatchObject({
      maxEpisodeSteps: 500,
      rewardThreshold: 475,
      actionSpace: { type: 'Discrete', dtype: 'int64', start: 0, n: 2 },
      observationSpace: { type: 'Box', dtype: 'float32', shape: [4] },
    });
  }, 20_000);

  it('an unknown env id is one line on stderr and exit 2', () => {
    const r = dosegym('check-env', 'dosegym/Nope-v0');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown env 'dosegym\/Nope-v0'/);
  }, 20_000);

  it('rollout with constant:1 on CartPole prints the JSON contract', () => {
    const r = dosegym('rollout', '--env', 'dosegym/CartPole-v1', '--policy', 'constant:1', '--episodes', '2', '--seed', '0', '--format', 'json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['env', 'policy', 'seed', 'episodes', 'meanReturn', 'stdReturn']);
    expect(out).toMatchObject({ env: 'dosegym/CartPole-v1', policy: 'constant:1', seed: 0 });
    expect(out.episodes).toHaveLength(2);
    for (const e of out.episodes) {
      expect(Object.keys(e)).toEqual(['return', 'length', 'terminated', 'truncated', 'cost']);
      // always pushing right topples the pole in a few steps: reward 1 per step, terminated
      expect(e.terminated).toBe(true);
      expect(e.return).toBe(e.length);
      expect(e.length).toBeLessThan(20);
    }
    const returns = out.episodes.map((e: { return: number }) => e.return);
    expect(out.meanReturn).toBe((returns[0] + returns[1]) / 2);
    expect(out.stdReturn).toBeCloseTo(Math.abs(returns[0] - returns[1]) / Math.SQRT2, 12); // sample SD of two values
  }, 20_000);

  it('malformed --env-options and a bad policy spec exit 2 with one line', () => {
    const a = dosegym('rollout', '--env', 'dosegym/CartPole-v1', '--env-options', '{bad', '--policy', 'random', '--episodes', '1', '--seed', '0');
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--env-options: malformed JSON/);
    const b = dosegym('rollout', '--env', 'dosegym/CartPole-v1', '--policy', 'constant:7', '--episodes', '1', '--seed', '0');
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/constant action 7 is not in the action space Discrete\(2\)/);
  }, 20_000);
});
