/**
 * FlattenObservation: observations of any space (Dict, Tuple, Discrete, …) flattened to a
 * 1-D Box vector (Gymnasium's `FlattenObservation`; layout in spaces/flatten.ts, Discrete
 * one-hot).
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../core.js';
import type { Box, BoxArray } from '../spaces/box.js';
import { flatten, flattenSpace } from '../spaces/flatten.js';
import { Wrapper } from './wrapper.js';

export class FlattenObservation<Act = unknown> extends Wrapper<BoxArray, Act, unknown, Act> {
  private readonly space: Box<BoxArray>;

  constructor(env: Env<unknown, Act>) {
    super(env);
    this.space = flattenSpace(env.observationSpace);
  }

  override get observationSpace(): Box<BoxArray> {
    return this.space;
  }

  override reset(options?: ResetOptions): ResetResult<BoxArray> {
    const result = this.env.reset(options);
    return { ...result, observation: this.flat(result.observation) };
  }

  override step(action: Act): StepResult<BoxArray> {
    const result = this.env.step(action);
    return { ...result, observation: this.flat(result.observation) };
  }

  private flat(obs: unknown): BoxArray {
    return flatten(this.env.observationSpace, obs, this.space.create());
  }
}
