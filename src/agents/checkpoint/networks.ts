/**
 * A checkpoint's networks as tfjs LayersModels (dense stacks) in tfjs-node's file layout,
 * written and read through {@link fileIOHandler} (no tfjs-node): loadable by
 * `tf.loadLayersModel` anywhere.
 */
import * as tf from '@tensorflow/tfjs';
import { layersModelToMlpWeights, mlpToLayersModel } from '../nn/mlp.js';
import type { MlpWeights } from '../nn/weights.js';
import { fileIOHandler, type FileIOOptions } from '../tfjs-file-io.js';

/** The policy network: model.json + weights.bin. */
export const POLICY_NETWORK_FILES = { modelFile: 'model.json', weightsFile: 'weights.bin' } as const;
/** PPO's critic: critic.json + critic.bin. */
export const CRITIC_FILES = { modelFile: 'critic.json', weightsFile: 'critic.bin' } as const;

export async function saveMlp(weights: MlpWeights, dir: string, files: FileIOOptions = POLICY_NETWORK_FILES): Promise<void> {
  const model = mlpToLayersModel(weights);
  try {
    await model.save(fileIOHandler(dir, files));
  } finally {
    model.dispose();
  }
}

export async function loadMlp(dir: string, files: FileIOOptions = POLICY_NETWORK_FILES): Promise<MlpWeights> {
  const model = await tf.loadLayersModel(fileIOHandler(dir, files));
  try {
    return layersModelToMlpWeights(model);
  } finally {
    model.dispose();
  }
}
