/**
 * VectorWrapper: a VectorEnv that delegates to an inner VectorEnv (Gymnasium's
 * `VectorWrapper`). Subclasses override `reset`/`step`.
 */
import type { Space } from '../spaces/space.js';
import type {
  BatchedActions,
  VectorEnv,
  VectorEnvMetadata,
  VectorInfo,
  VectorResetOptions,
  VectorStepResult,
} from '../vector/vector-env.js';

export class VectorWrapper implements VectorEnv {
  readonly env: VectorEnv;

  constructor(env: VectorEnv) {
    this.env = env;
  }

  get numEnvs(): number {
    return this.env.numEnvs;
  }

  get singleObservationSpace(): Space {
    return this.env.singleObservationSpace;
  }

  get singleActionSpace(): Space {
    return this.env.singleActionSpace;
  }

  get observationSize(): number {
    return this.env.observationSize;
  }

  get metadata(): VectorEnvMetadata {
    return this.env.metadata;
  }

  reset(options?: VectorResetOptions): { observations: Float32Array; infos: VectorInfo } {
    return this.env.reset(options);
  }

  step(actions: BatchedActions): VectorStepResult {
    return this.env.step(actions);
  }

  close(): void {
    this.env.close();
  }
}
