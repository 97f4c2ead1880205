/**
 * Config paths: the dotted/indexed addresses a sweep uses to name a field of an experiment
 * config, e.g. `agents[0].config.learningRate`, `env.options.inrSchedule`, `seed`.
 *
 * Grammar: `key ( '.' key | '[' index ']' )*` where a key is `[A-Za-z_$][\w$-]*` and an
 * index a non-negative integer. Keys address object properties, indices array elements.
 *
 * Setting a path never creates anything: every segment, the last one included, must
 * already exist in the base config. A typo (`learningRat`) is therefore an error that
 * names the path and lists the keys that do exist, instead of a silently ignored field.
 * Put the default value in the base config to sweep a field that is usually omitted.
 */
import { InputError } from '../../core/errors.js';

/** One step of a path: a property name or an array index. */
export type PathSegment = string | number;

const SEGMENT = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\])/;

/**
 * Parse a config path into segments.
 * @example parseConfigPath('agents[0].config.lr') // ['agents', 0, 'config', 'lr']
 * @throws InputError naming `field` when the path is malformed.
 */
export function parseConfigPath(path: string, field = path): PathSegment[] {
  const out: PathSegment[] = [];
  let rest = path;
  if (rest.length === 0 || rest.startsWith('.')) throw new InputError(`${field}: malformed config path '${path}'`, field);
  while (rest.length > 0) {
    const m = SEGMENT.exec(rest);
    if (!m) throw new InputError(`${field}: malformed config path '${path}' near '${rest}'`, field);
    out.push(m[1] !== undefined ? m[1] : Number(m[2]));
    rest = rest.slice(m[0].length);
  }
  return out;
}

function describe(segments: readonly PathSegment[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * Return a deep copy of `config` with the value at `path` replaced by `value`.
 * @throws InputError naming the path (and `field`) when a segment does not exist.
 * @example setConfigPath({ a: { b: 1 } }, 'a.b', 2) // { a: { b: 2 } }
 */
export function setConfigPath(config: unknown, path: string, value: unknown, field = path): unknown {
  const segments = parseConfigPath(path, field);
  const copy: unknown = structuredClone(config);
  let node: unknown = copy;
  segments.forEach((seg, i) => {
    const here = describe(segments.slice(0, i)) || '(config)';
    const last = i === segments.length - 1;
    if (typeof seg === 'number') {
      if (!Array.isArray(node)) throw new InputError(`${field}: '${here}' is not an array in the base config (path '${path}')`, field);
      if (seg >= node.length) throw new InputError(`${field}: '${here}' has ${node.length} element(s), no [${seg}] (path '${path}')`, field);
      if (last) node[seg] = value;
      else node = node[seg];
      return;
    }
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw new InputError(`${field}: '${here}' is not an object in the base config (path '${path}')`, field);
    }
    const obj = node as Record<string, unknown>;
    if (!Object.hasOwn(obj, seg)) {
      const keys = Object.keys(obj);
      throw new InputError(`${field}: key '${seg}' does not exist at '${here}' in the base config (path '${path}'; has: ${keys.join(', ') || 'nothing'})`, field);
    }
    if (last) obj[seg] = value;
    else node = obj[seg];
  });
  return copy;
}

/** The value at `path`, or undefined when any segment is missing. */
export function getConfigPath(config: unknown, path: string): unknown {
  let node: unknown = config;
  for (const seg of parseConfigPath(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}
