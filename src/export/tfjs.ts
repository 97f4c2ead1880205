/**
 * tfjs export of a portable policy: a directory with
 * ```
 * model.json, weights.bin   the policy network as a tfjs LayersModel (dense stack; tfjs-node's
 *                           file layout, loadable by tf.loadLayersModel, e.g. through
 *                           agents/tfjs-file-io.ts or from a web server)
 * preprocessing.json        the observation normalisation statistics and formula, the
 *                           observation layout (names, units) and the action mapping
 * ```
 * The LayersModel maps *normalised* observations to logits (discrete) or means (box); the
 * caller applies `preprocessing.json` before and the action rule after (both spelled out
 * in the file).
 */
import { writeFileAtomicSync } from '../core/atomic-write.js';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mlpToLayersModel } from '../agents/nn/mlp.js';
import { fileIOHandler } from '../agents/tfjs-file-io.js';
import type { PortableAction, PortableNormalization, PortablePolicy, ObservationFeature } from './portable-json.js';

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
export function tfjsPreprocessing(p: PortablePolicy): TfjsPreprocessing {
  const a = p.action;
  return {
    format: 'dosegym-tfjs-preprocessing/1',
    envId: p.envId,
    normalizationFormula: p.normalization ? 'z = clip((x - mean) / sqrt(var + epsilon), -clip, clip), per feature' : 'z = x (no normalisation)',
    normalization: p.normalization,
    observationLayout: p.observation.layout,
    actionRule:
      a.kind === 'discrete'
        ? `action = start + argmax(output) (first index on ties)${a.values ? `; value = values[action - start]${a.unit ? ` in ${a.unit}` : ''}` : ''}`
        : 'action = min(max(output, low), high) per dimension (null = unbounded)',
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
