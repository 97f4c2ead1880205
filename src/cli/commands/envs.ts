/**
 * `dosegym envs`: the registered environments.
 *
 * ```
 * dosegym envs [--json]
 * ```
 * JSON: `{"envs": [{"id": "dosegym/CartPole-v1", "observationSpace": {…space JSON…},
 * "actionSpace": {…}, "maxEpisodeSteps": 500, "rewardThreshold": 475, "description": "…"}]}`
 * (spaces in Gymnasium/Minari space JSON; `null` where a value is not set). Each env is
 * built once with its default kwargs to read its spaces.
 */
import type { CommandModule } from 'yargs';
import '../../envs/builtin.js';
import { listEnvs, make, spec } from '../../envs/registry.js';
import type { SpaceJSON } from '../../envs/spaces/space.js';

interface EnvsArgs {
  json: boolean;
}

export interface EnvListing {
  id: string;
  observationSpace: SpaceJSON;
  actionSpace: SpaceJSON;
  maxEpisodeSteps: number | null;
  rewardThreshold: number | null;
  description: string | null;
}

/** One listing per registered env, sorted by id. */
export function envListings(): EnvListing[] {
  return listEnvs().map((id) => {
    const entry = spec(id);
    const env = make(id, { disableEnvChecker: true });
    try {
      return {
        id,
        observationSpace: env.observationSpace.toJSON(),
        actionSpace: env.actionSpace.toJSON(),
        maxEpisodeSteps: entry.maxEpisodeSteps ?? null,
        rewardThreshold: entry.rewardThreshold ?? null,
        description: entry.description ?? null,
      };
    } finally {
      env.close();
    }
  });
}

function toTable(rows: readonly EnvListing[]): string {
  const header = ['id', 'observation', 'action', 'max steps', 'reward threshold'];
  const body = rows.map((r) => [
    r.id,
    describeSpace(r.observationSpace),
    describeSpace(r.actionSpace),
    r.maxEpisodeSteps === null ? '-' : String(r.maxEpisodeSteps),
    r.rewardThreshold === null ? '-' : String(r.rewardThreshold),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]): string => cells.map((s, c) => s.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n') + '\n';
}

/** A compact label for a space JSON, e.g. `Box(4,) float32` or `Discrete(2)`. */
function describeSpace(json: SpaceJSON): string {
  switch (json.type) {
    case 'Box':
      return `Box(${(json.shape as number[]).join(',')},) ${String(json.dtype)}`;
    case 'Discrete':
      return json.start ? `Discrete(${String(json.n)}, start=${String(json.start)})` : `Discrete(${String(json.n)})`;
    case 'MultiDiscrete':
      return `MultiDiscrete([${(json.nvec as number[]).join(',')}])`;
    case 'MultiBinary':
      return `MultiBinary(${String(json.n)})`;
    default:
      return json.type;
  }
}

export const envsCommand: CommandModule<object, EnvsArgs> = {
  command: 'envs',
  describe: 'List the registered environments with their spaces, step limits and reward thresholds',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }) as never,
  handler: (argv) => {
    const rows = envListings();
    process.stdout.write(argv.json ? `${JSON.stringify({ envs: rows }, null, 2)}\n` : toTable(rows));
  },
};
