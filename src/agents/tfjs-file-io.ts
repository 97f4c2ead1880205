/**
 * A tfjs IOHandler that saves to and loads from a directory on disk, without tfjs-node
 * (which cannot install here, and is what normally provides `file://`). The layout is
 * tfjs-node's: `model.json` (topology + weights manifest) and `weights.bin`.
 *
 * @example
 * await model.save(fileIOHandler('out/policy'));
 * const back = await tf.loadLayersModel(fileIOHandler('out/policy'));
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InputError, ParseError } from '../core/errors.js';

export interface FileIOOptions {
  /** Name of the JSON file in `dir` (default `model.json`). */
  modelFile?: string;
  /** Name of the weights file in `dir` (default `weights.bin`). */
  weightsFile?: string;
}

function readOrThrow(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new InputError(`cannot read '${path}' (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'path');
  }
}

/** Save/load handler for `dir/modelFile` + `dir/weightsFile`. */
export function fileIOHandler(dir: string, options: FileIOOptions = {}): tf.io.IOHandler {
  const modelFile = options.modelFile ?? 'model.json';
  const weightsFile = options.weightsFile ?? 'weights.bin';
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      mkdirSync(dir, { recursive: true });
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      writeFileSync(join(dir, weightsFile), new Uint8Array(weightData));
      // tf.io.getModelJSONForModelArtifacts is not exported in 4.22: build the JSON by hand.
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology!,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      writeFileSync(join(dir, modelFile), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const path = join(dir, modelFile);
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(readOrThrow(path).toString('utf8')) as tf.io.ModelJSON;
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new ParseError(`${path}: malformed model JSON (${e instanceof Error ? e.message : String(e)})`);
      }
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const b = readOrThrow(join(dir, p));
            buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
          }
        }
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}
