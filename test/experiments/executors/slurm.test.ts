import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSbatchScript, SlurmExecutor } from '../../../src/experiments/executors/slurm.js';
import { assignDevices, parseGpuList } from '../../../src/experiments/executors/devices.js';
import { ResourcesSchema } from '../../../src/experiments/sweep/spec.js';
import { expandSweep } from '../../../src/experiments/sweep/expand.js';
import { parseSweepSpec } from '../../../src/experiments/sweep/spec.js';
import { tempDir } from '../sweep/helpers.js';

describe('slurm executor', () => {
  it('writes an sbatch job array, 0-based, whose tasks run one shard each, and which bash accepts', async () => {
    const dir = tempDir();
    const spec = parseSweepSpec({ name: 'arr', runner: 'ppo-identity', base: { seed: 0 }, grid: { seed: [0, 1, 2, 3, 4] }, resources: { partition: 'gpu', time: '00:30:00', cpus: 4, mem: '8G', gpus: 1, extra: ['--qos=short'] } });
    const exec = new SlurmExecutor({ name: spec.name, specPath: '/data/my spec.json', resources: spec.resources });
    const summary = await exec.execute({ sweepDir: dir, runner: spec.runner, cells: expandSweep(spec) });
    expect(summary.pending).toBe(5);
    const script = readFileSync(summary.artifacts![0]!, 'utf8');
    expect(script).toMatch(/^#SBATCH --array=0-4$/m);
    expect(script).toMatch(/^#SBATCH --partition=gpu$/m);
    expect(script).toMatch(/^#SBATCH --cpus-per-task=4$/m);
    expect(script).toMatch(/^#SBATCH --mem=8G$/m);
    expect(script).toMatch(/^#SBATCH --gres=gpu:1$/m);
    expect(script).toMatch(/^#SBATCH --qos=short$/m);
    expect(script).toMatch(/--shard "\$\{SLURM_ARRAY_TASK_ID\}\/\$\{SLURM_ARRAY_TASK_COUNT:-5\}"/);
    expect(script).toContain("'/data/my spec.json'");
    const bash = spawnSync('bash', ['-n', summary.artifacts![0]!], { encoding: 'utf8' });
    expect(bash.stderr).toBe('');
    expect(bash.status).toBe(0);
  });

  it('caps the array at the requested number of tasks', () => {
    const script = renderSbatchScript({ name: 'x', specPath: '/s.json', sweepDir: '/d', tasks: 3, resources: ResourcesSchema.parse({}) });
    expect(script).toMatch(/--array=0-2\n/);
    expect(script).not.toMatch(/gres/);
  });
});

describe('GPU placement', () => {
  it('gives k consecutive workers each GPU, from --gpus or CUDA_VISIBLE_DEVICES', () => {
    expect(parseGpuList('0, 1')).toEqual(['0', '1']);
    expect(parseGpuList(undefined, '2,3')).toEqual(['2', '3']);
    expect(parseGpuList(undefined, undefined)).toEqual([]);
    expect(assignDevices(4, ['0', '1'], 2)).toEqual(['0', '0', '1', '1']);
    expect(assignDevices(3, [], 1)).toEqual([undefined, undefined, undefined]);
    expect(() => parseGpuList('0;1')).toThrow(/--gpus/);
  });
});
