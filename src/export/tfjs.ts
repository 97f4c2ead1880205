/**
 * tfjs export of a portable policy: a directory with
 * ```
 * model.json, weights.bin   the policy network as a tfjs LayersModel (dense stack; tfjs-node's
 *                           file layout, loadable by tf.loadLayersModel, e.g. through
 *                           agents/tfjs-file-io.ts or from a web server)
 * preprocessing.json        the observation normalisation statistics and formula, the
 *                           observation layout (names, units) and the action mapping
 * ```
 * The LayersModel maps *normalised* observations to the head output (PPO: logits or
 * means; DQN: Q-values, or advantages + value when dueling; SAC: means + log-stds); the
 * caller applies `preprocessing.json` before and the action rule after (both spelled out
 * in the file).
 */
import { writeFileAtomicSync } from '../core/atomic-write.js';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mlpToLayersModel } from '../agents/nn/mlp.js';
import { fileIOHandler } from '../agents/tfjs-file-io.js';
import { headOf, type PortableAction, type PortableNormalization, type PortablePolicy, type ObservationFeature } from './portable-json.js';

export const TFJS_PREPROCESSING_FILE = 'preprocessing.json';

/** Contents of `preprocessing.json`. */
export interface TfjsPreprocessing {
  format: 'dosegym-tfjs-preprocessing/1';
  envId: string | null;
  /** How to turn a raw observation x into the model input z. */
  normalizationFormula: string;
  normalization: PortableNormalization | null;
  observationLayout: ObservationFeature[] | null;
  /** How to turn the model output into an env action. */
  actionRule: string;
  action: PortableAction;
}

/** The preprocessing description of a portable policy. */
/** How the model output becomes an env action, per head (portable-json.ts). */
function actionRule(a: PortableAction): string {
  const values = a.kind === 'discrete' && a.values ? `; value = values[action - start]${a.unit ? ` in ${a.unit}` : ''}` : '';
  switch (headOf(a)) {
    case 'q-values':
      return `action = start + argmax(output) (output = Q-values; first index on ties)${values}`;
    case 'dueling-q-values':
      return `output = [A (n), V]; Q = V + A - mean(A); action = start + argmax(Q) (first index on ties)${values}`;
    case 'tanh-squashed':
      return 'output = [mean (dim), logStd (dim)]; action = min(max(low + (tanh(mean) + 1) * (high - low) / 2, low), high) per dimension';
    case 'mean':
      return 'action = min(max(output, low), high) per dimension (null = unbounded)';
    default:
      return `action = start + argmax(output) (first index on ties)${values}`;
  }
}

export function tfjsPreprocessing(p: PortablePolicy): TfjsPreprocessing {
  const a = p.action;
  return {
    format: 'dosegym-tfjs-preprocessing/1',
    envId: p.envId,
    normalizationFormula: p.normalization ? 'z = clip((x - mean) / sqrt(var + epsilon), -clip, clip), per feature' : 'z = x (no normalisation)',
    normalization: p.normalization,
    observationLayout: p.observation.layout,
    actionRule: actionRule(a),
    action: a,
  };
}

/** Write the tfjs export of `p` into `dir`; returns the file names written. */
export async function writeTfjs(p: PortablePolicy, dir: string): Promise<string[]> {
  const model = mlpToLayersModel(p.network);
  try {
    await model.save(fileIOHandler(dir));
  } finally {
    model.dispose();
  }
  writeFileAtomicSync(join(dir, TFJS_PREPROCESSING_FILE), `${JSON.stringify(tfjsPreprocessing(p), null, 2)}\n`);
  return ['model.json', 'weights.bin', TFJS_PREPROCESSING_FILE];
}

/** Load the exported LayersModel of `dir` (no tfjs-node needed). */
export function loadTfjsModel(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileIOHandler(dir));
}
