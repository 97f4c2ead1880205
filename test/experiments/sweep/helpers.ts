/**
 * Shared by the sweep tests: a tiny, real sweep spec (ppo-identity cells of a fraction of
 * a second), running the CLI as a user would, and a throw-away redis-server on a free
 * loopback port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(process.cwd(), 'bin', 'dosegym.js');

/** A fresh temporary directory. */
export function tempDir(prefix = 'dosegym-sweep-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** 2 learning rates × 2 clip ranges × 3 seeds = 12 cells of ~0.2–0.5 s each. */
export function tinySpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny',
    runner: 'ppo-identity',
    base: {
      seed: 0,
      totalTimesteps: 128,
      ppo: { learningRate: 0.001, clipRange: 0.2, nSteps: 64, batchSize: 32, nEpochs: 2, netArch: { pi: [16], vf: [16] } },
      eval: { episodes: 1, seed: 7 },
    },
    grid: { 'ppo.learningRate': [0.0003, 0.003], 'ppo.clipRange': [0.1, 0.3], seed: [0, 1, 2] },
    objective: { metric: 'evalMeanReturn', direction: 'maximize' },
    ...overrides,
  };
}

/** Write a spec to `<dir>/<name>.sweep.json` and return its path. */
export function writeSpec(dir: string, spec: Record<string, unknown>): string {
  const file = join(dir, `${String(spec.name)}.sweep.json`);
  writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

/** Run the CLI to completion. */
export function dosegym(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DOSEGYM_BACKEND: 'wasm' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start the CLI in the background. */
export function dosegymAsync(args: string[], options: { detached?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOSEGYM_BACKEND: 'wasm' }, detached: options.detached ?? false });
}

/** Resolves with the exit code once `child` has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Poll `predicate` every 50 ms until it holds (rejects after `timeoutMs`). */
export async function waitFor(predicate: () => boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!predicate()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Number of committed results in a sweep directory. */
export function resultCount(sweepDir: string): number {
  const dir = join(sweepDir, 'results');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).length : 0;
}

/** hash → metrics of every committed result. */
export function metricsByHash(sweepDir: string): Record<string, Record<string, number>> {
  const dir = join(sweepDir, 'results');
  const out: Record<string, Record<string, number>> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { hash: string; metrics: Record<string, number> };
    out[r.hash] = r.metrics;
  }
  return out;
}

/** Lines of `runs.log` (one per cell execution started). */
export function runLogLines(sweepDir: string): number {
  const file = join(sweepDir, 'runs.log');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).length : 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** A redis-server of our own on a free loopback port, without persistence. */
export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => /Ready to accept connections/.test(out) || proc.exitCode !== null, 15_000, 'redis-server');
  if (proc.exitCode !== null) throw new Error(`redis-server exited: ${out}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited(proc);
    },
  };
}

/** What {@link queueSweepKillingAWorker} observed. */
export interface QueueKillOutcome {
  /** Exit code and `--format json` summary of the producer (`dosegym sweep --executor queue`). */
  code: number | null;
  summary: Record<string, unknown>;
  /** The cell worker A was running when it was killed, and whether its result existed then. */
  killedHash: string;
  killedHadResult: boolean;
  /** Stop worker B (SIGTERM); resolves with its exit code. */
  stopB: () => Promise<number | null>;
}

/**
 * The queue acceptance scenario: two `dosegym worker`s on `queue` (A in its own process
 * group), a producer enqueuing the sweep `specPath` into `out`, and worker A killed
 * (SIGKILL, with its cell process) as soon as it has started a cell. Resolves when the
 * producer has exited; worker B is left running for further checks.
 */
export async function queueSweepKillingAWorker(specPath: string, out: string, redisUrl: string, queue: string): Promise<QueueKillOutcome> {
  const workerArgs = ['worker', '--redis', redisUrl, '--queue', queue, '--lock-duration', '2000', '--stalled-interval', '1000'];
  const a = dosegymAsync(workerArgs, { detached: true });
  const b = dosegymAsync(workerArgs);
  let aLog = '';
  a.stderr!.on('data', (d: Buffer) => (aLog += d.toString()));
  const producer = dosegymAsync(['sweep', specPath, '--out', out, '--executor', 'queue', '--redis', redisUrl, '--queue', queue, '--format', 'json', '--quiet']);
  let stdout = '';
  producer.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const started = /: start \S+ ([0-9a-f]+) /;
  await waitFor(() => started.test(aLog), 90_000, 'worker A to start a cell');
  process.kill(-a.pid!, 'SIGKILL');
  await exited(a);
  const killedHash = started.exec(aLog)![1]!;
  const killedHadResult = existsSync(join(out, 'results', `${killedHash}.json`));
  const code = await exited(producer);
  return {
    code,
    summary: JSON.parse(stdout) as Record<string, unknown>,
    killedHash,
    killedHadResult,
    stopB: async () => {
      b.kill('SIGTERM');
      return exited(b);
    },
  };
}
