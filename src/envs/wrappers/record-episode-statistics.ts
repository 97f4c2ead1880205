/**
 * RecordEpisodeStatistics: at the end of each episode (terminated or truncated) adds
 * `info.episode = { r, l, t, cost }` (Gymnasium's `RecordEpisodeStatistics`, plus the
 * constrained-MDP cost):
 * - `r`: undiscounted return, `l`: length in steps,
 * - `t`: wall-clock seconds since the episode's reset (6 decimals; informational only),
 * - `cost`: sum of `info.cost` over the episode (0 when the env reports none).
 *
 * The last `bufferLength` (default 100) returns, lengths and costs are kept in
 * `returnQueue`, `lengthQueue`, `costQueue`. The step's info is copied, not mutated.
 */
import type { Env, Info, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Wrapper } from './wrapper.js';

export interface EpisodeStatistics {
  r: number;
  l: number;
  t: number;
  cost: number;
}

export class RecordEpisodeStatistics<Obs = unknown, Act = unknown> extends Wrapper<Obs, Act> {
  readonly bufferLength: number;
  readonly returnQueue: number[] = [];
  readonly lengthQueue: number[] = [];
  readonly costQueue: number[] = [];
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeCost = 0;
  private startTime = 0;

  constructor(env: Env<Obs, Act>, bufferLength = 100) {
    super(env);
    this.bufferLength = bufferLength;
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.episodeCost = 0;
    this.startTime = performance.now();
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    this.episodeLength += 1;
    const cost = result.info?.cost;
    if (typeof cost === 'number') this.episodeCost += cost;
    if (result.terminated || result.truncated) {
      const episode: EpisodeStatistics = {
        r: this.episodeReturn,
        l: this.episodeLength,
        t: Math.round((performance.now() - this.startTime) * 1000) / 1e6,
        cost: this.episodeCost,
      };
      push(this.returnQueue, episode.r, this.bufferLength);
      push(this.lengthQueue, episode.l, this.bufferLength);
      push(this.costQueue, episode.cost, this.bufferLength);
      const info: Info = { ...result.info, episode };
      return { ...result, info };
    }
    return result;
  }
}

function push(queue: number[], value: number, max: number): void {
  queue.push(value);
  if (queue.length > max) queue.shift();
}
