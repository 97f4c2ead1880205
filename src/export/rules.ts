/**
 * Distilled rules: a shallow CART classification tree (Breiman et al. 1984) fitted to the
 * actions a policy chose on the states it visited in evaluation, printed as if/then rules
 * with feature names and units, with its fidelity to the policy on held-out patients.
 *
 * - Data: every decision of the evaluation trajectories (state = the observation the
 *   policy acted on, label = its discrete action). Held out: the last `holdoutFraction` of
 *   the episodes (whole patients, so held-out states come from unseen patients).
 * - Splits: `feature ≤ threshold` (threshold = midpoint between consecutive distinct
 *   values), chosen to minimise the weighted Gini impurity of the children; a split needs
 *   `minSamplesLeaf` states on each side and must lower the impurity. Depth ≤ `maxDepth`.
 *   Leaves predict the majority action (lowest index on ties).
 * - Fidelity: the fraction of held-out states where the tree's action equals the policy's,
 *   and where it is within one action step (±0.5 mg on Warfarin-v0).
 *
 * Discrete action spaces only (classification on the action index).
 */
import { InputError } from '../core/errors.js';
import type { PolicyEvaluation } from '../eval/evaluate.js';
import type { CardEvaluation } from './policy-card.js';
import type { ObservationFeature, PortableAction } from './portable-json.js';

/** A tree node: a split (`x[feature] ≤ threshold` goes left) or a leaf. */
export type TreeNode =
  | { kind: 'split'; feature: number; threshold: number; n: number; left: TreeNode; right: TreeNode }
  | { kind: 'leaf'; action: number; n: number; /** Fraction of the leaf's training states whose action is `action`. */ purity: number };

/** A fitted tree with what is needed to read and run it. */
export interface DecisionTree {
  format: 'dosegym-rules/1';
  /** Features by index (names, units). */
  features: ObservationFeature[];
  /** Action indices are env actions (start already added). */
  action: PortableAction;
  maxDepth: number;
  minSamplesLeaf: number;
  root: TreeNode;
}

export interface CartOptions {
  /** Maximum depth (default 3: at most 8 rules). */
  maxDepth?: number;
  /** Minimum training states per leaf (default 20). */
  minSamplesLeaf?: number;
}

/** Decisions of a policy: states (row-major) and the env actions chosen there. */
export interface Decisions {
  size: number;
  states: Float32Array;
  actions: Int32Array;
  /** Episode index of each decision. */
  episodes: Int32Array;
}

/**
 * The decisions of an evaluated policy, from trajectories recorded with observations
 * (row t of an episode's observations is the state of its action t).
 */
export function decisionsFromEvaluation(evaluation: PolicyEvaluation): Decisions {
  const first = evaluation.episodes[0]?.trajectory;
  if (!first || !first.observations) throw new InputError(`decisions of '${evaluation.name}': evaluate with trajectories { observations: true }`, 'trajectories');
  const size = first.observationSize;
  const total = evaluation.episodes.reduce((s, e) => s + (e.trajectory?.actions.length ?? 0), 0);
  const states = new Float32Array(total * size);
  const actions = new Int32Array(total);
  const episodes = new Int32Array(total);
  let k = 0;
  for (const ep of evaluation.episodes) {
    const tr = ep.trajectory!;
    if (tr.actionSize !== 1) throw new InputError('rules need a single discrete action per step', 'actionSpace');
    for (let t = 0; t < tr.actions.length; t++, k++) {
      states.set(tr.observations!.subarray(t * size, (t + 1) * size), k * size);
      actions[k] = tr.actions[t]!;
      episodes[k] = ep.index;
    }
  }
  return { size, states, actions, episodes };
}

/** Σ c² over class counts. */
function sumSquares(counts: Float64Array): number {
  let s = 0;
  for (let c = 0; c < counts.length; c++) s += counts[c]! * counts[c]!;
  return s;
}

function leafOf(labels: Int32Array, rows: Int32Array, nClasses: number): TreeNode & { kind: 'leaf' } {
  const counts = new Float64Array(nClasses);
  for (const r of rows) counts[labels[r]!]!++;
  let best = 0;
  for (let c = 1; c < nClasses; c++) if (counts[c]! > counts[best]!) best = c;
  return { kind: 'leaf', action: best, n: rows.length, purity: rows.length ? counts[best]! / rows.length : 0 };
}

/**
 * Fit a CART classification tree (Gini) on labels 0..nClasses−1.
 * @example fitCart(states, 2, labels, 31, { maxDepth: 3, minSamplesLeaf: 20 })
 */
export function fitCart(states: Float32Array, size: number, labels: Int32Array, nClasses: number, options: CartOptions = {}): TreeNode {
  const maxDepth = options.maxDepth ?? 3;
  const minLeaf = options.minSamplesLeaf ?? 20;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new InputError(`maxDepth must be an integer ≥ 0, got ${maxDepth}`, 'maxDepth');
  if (!Number.isInteger(minLeaf) || minLeaf < 1) throw new InputError(`minSamplesLeaf must be an integer ≥ 1, got ${minLeaf}`, 'minSamplesLeaf');
  const grow = (rows: Int32Array, depth: number): TreeNode => {
    const leaf = leafOf(labels, rows, nClasses);
    const n = rows.length;
    if (depth >= maxDepth || n < 2 * minLeaf || leaf.purity === 1) return leaf;
    // impurity × n = n − Σc²/n; minimise nL − ΣcL²/nL + nR − ΣcR²/nR
    const total = new Float64Array(nClasses);
    for (const r of rows) total[labels[r]!]!++;
    let bestScore = n - sumSquares(total) / n - 1e-12;
    let best: { feature: number; threshold: number } | null = null;
    const left = new Float64Array(nClasses);
    const right = new Float64Array(nClasses);
    for (let j = 0; j < size; j++) {
      const order = Int32Array.from(rows).sort((a, b) => states[a * size + j]! - states[b * size + j]!);
      left.fill(0);
      right.set(total);
      let sl = 0;
      let sr = sumSquares(total);
      for (let k = 0; k < n - 1; k++) {
        const c = labels[order[k]!]!;
        // update Σc² incrementally when one state moves from right to left
        sl += 2 * left[c]! + 1;
        sr -= 2 * right[c]! - 1;
        left[c]!++;
        right[c]!--;
        const nl = k + 1;
        if (nl < minLeaf || n - nl < minLeaf) continue;
        const x = states[order[k]! * size + j]!;
        const next = states[order[k + 1]! * size + j]!;
        if (x === next) continue;
        const score = nl - sl / nl + (n - nl) - sr / (n - nl);
        if (score < bestScore) {
          bestScore = score;
          best = { feature: j, threshold: Math.fround((x + next) / 2) };
        }
      }
    }
    if (!best) return leaf;
    const { feature, threshold } = best;
    const goLeft = (r: number): boolean => states[r * size + feature]! <= threshold;
    const l = rows.filter(goLeft);
    const rr = rows.filter((r) => !goLeft(r));
    if (l.length === 0 || rr.length === 0) return leaf; // midpoint rounded onto a value: no real split
    return { kind: 'split', feature, threshold, n, left: grow(l, depth + 1), right: grow(rr, depth + 1) };
  };
  return grow(Int32Array.from({ length: labels.length }, (_, i) => i), 0);
}

/** The leaf action of a tree for one row. */
export function predictTree(root: TreeNode, row: ArrayLike<number>): number {
  let node = root;
  while (node.kind === 'split') node = row[node.feature]! <= node.threshold ? node.left : node.right;
  return node.action;
}

export interface RulesFidelity {
  nTrain: number;
  nHoldout: number;
  /** Held-out fraction where the tree's action equals the policy's / is within one step. */
  holdoutExact: number;
  holdoutWithinOneStep: number;
  trainExact: number;
}

export interface DistilledRules {
  tree: DecisionTree;
  fidelity: RulesFidelity;
}

export interface DistilOptions extends CartOptions {
  /** Fraction of episodes (the last ones) held out (default 0.3). */
  holdoutFraction?: number;
}

function agreement(root: TreeNode, d: Decisions, rows: number[], start: number): { exact: number; within: number } {
  let exact = 0;
  let within = 0;
  for (const r of rows) {
    const a = predictTree(root, d.states.subarray(r * d.size, (r + 1) * d.size)) + start;
    if (a === d.actions[r]) exact++;
    if (Math.abs(a - d.actions[r]!) <= 1) within++;
  }
  return { exact: rows.length ? exact / rows.length : Number.NaN, within: rows.length ? within / rows.length : Number.NaN };
}

/** Fit the rules on the training episodes and measure fidelity on the held-out ones. */
export function distilRules(decisions: Decisions, features: ObservationFeature[], action: PortableAction, options: DistilOptions = {}): DistilledRules {
  if (action.kind !== 'discrete') throw new InputError('rules are distilled for discrete action spaces only', 'actionSpace');
  if (features.length !== decisions.size) throw new InputError(`layout has ${features.length} features, states have ${decisions.size}`, 'observationLayout');
  const frac = options.holdoutFraction ?? 0.3;
  if (!(frac > 0 && frac < 1)) throw new InputError(`holdoutFraction must be in (0, 1), got ${frac}`, 'holdoutFraction');
  const eps = [...new Set(decisions.episodes)].sort((a, b) => a - b);
  const held = new Set(eps.slice(eps.length - Math.max(1, Math.round(frac * eps.length))));
  const train: number[] = [];
  const test: number[] = [];
  decisions.episodes.forEach((e, r) => (held.has(e) ? test : train).push(r));
  if (train.length === 0) throw new InputError('rules: no training decisions (need at least two episodes)', 'episodes');
  const size = decisions.size;
  const states = new Float32Array(train.length * size);
  const labels = new Int32Array(train.length);
  train.forEach((r, k) => {
    states.set(decisions.states.subarray(r * size, (r + 1) * size), k * size);
    labels[k] = decisions.actions[r]! - action.start;
  });
  const root = fitCart(states, size, labels, action.n, options);
  const tree: DecisionTree = { format: 'dosegym-rules/1', features, action, maxDepth: options.maxDepth ?? 3, minSamplesLeaf: options.minSamplesLeaf ?? 20, root };
  const tr = agreement(root, decisions, train, action.start);
  const ho = agreement(root, decisions, test, action.start);
  return { tree, fidelity: { nTrain: train.length, nHoldout: test.length, holdoutExact: ho.exact, holdoutWithinOneStep: ho.within, trainExact: tr.exact } };
}

function fmt(x: number): string {
  return String(+x.toPrecision(4));
}

/** One condition as text, e.g. `lastInr ≤ 2.24 INR` or `cyp2c9_33 = 0` for a 0/1 feature. */
function condition(f: ObservationFeature, threshold: number, left: boolean): string {
  if (f.unit === '0/1' && threshold > 0 && threshold < 1) return `${f.name} = ${left ? 0 : 1}`;
  const unit = f.unit && f.unit !== '0/1' && f.unit !== 'count' ? ` ${f.unit}` : '';
  return `${f.name} ${left ? '≤' : '>'} ${fmt(threshold)}${unit}`;
}

/** The action as text: its value and unit when the mapping has values. */
function actionText(action: PortableAction, index: number): string {
  if (action.kind === 'discrete' && action.values) return `${fmt(action.values[index]!)}${action.unit ? ` ${action.unit}` : ''} (action ${index + action.start})`;
  return `action ${index + (action.kind === 'discrete' ? action.start : 0)}`;
}

/** The rules of a tree, one line per leaf: `IF … AND … THEN dose 5 mg (action 10) [n, agreement]`. */
export function treeRules(tree: DecisionTree): string[] {
  const out: string[] = [];
  const walk = (node: TreeNode, path: { feature: number; threshold: number; left: boolean }[]): void => {
    if (node.kind === 'leaf') {
      // keep the tightest bound per feature and direction
      const tight = new Map<string, { feature: number; threshold: number; left: boolean }>();
      for (const c of path) {
        const key = `${c.feature}/${c.left}`;
        const prev = tight.get(key);
        if (!prev || (c.left ? c.threshold < prev.threshold : c.threshold > prev.threshold)) tight.set(key, c);
      }
      const conds = [...tight.values()].map((c) => condition(tree.features[c.feature]!, c.threshold, c.left));
      const when = conds.length ? `IF ${conds.join(' AND ')}` : 'ALWAYS';
      out.push(`${when} THEN ${actionText(tree.action, node.action)}   [n = ${node.n}, policy agreement ${(100 * node.purity).toFixed(0)} %]`);
      return;
    }
    walk(node.left, [...path, { feature: node.feature, threshold: node.threshold, left: true }]);
    walk(node.right, [...path, { feature: node.feature, threshold: node.threshold, left: false }]);
  };
  walk(tree.root, []);
  return out;
}

/** The rules as Markdown, with fidelity and (optionally) clinical metrics of network and rules on the same patients. */
export function rulesMarkdown(name: string, rules: DistilledRules, lines: string[], evidence: CardEvaluation | null): string {
  const f = rules.fidelity;
  const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a');
  const out = [
    `# Rules distilled from ${name}`,
    '',
    `A CART decision tree (Gini, depth ≤ ${rules.tree.maxDepth}, ≥ ${rules.tree.minSamplesLeaf} states per leaf) fitted to the policy's decisions on ${f.nTrain} evaluation states; conditions use the observation's features in their units.`,
    '',
    `**Fidelity** on ${f.nHoldout} held-out states (other patients): ${pct(f.holdoutExact)} same dose, ${pct(f.holdoutWithinOneStep)} within one dose step (training states: ${pct(f.trainExact)}).`,
    '',
    '```',
    ...lines,
    '```',
  ];
  if (evidence) {
    out.push('', '## Clinical metrics on the same patients', '', '| metric | ' + evidence.policies.map((p) => p.policy).join(' | ') + ' |', '|---|' + evidence.policies.map(() => '---').join('|') + '|');
    for (const m of evidence.policies[0]!.overall) {
      out.push(`| ${m.label} | ${evidence.policies.map((p) => { const x = p.overall.find((o) => o.metric === m.metric)!; return Number.isFinite(x.mean) ? `${+x.mean.toFixed(3)} [${+x.ciLow.toFixed(3)}, ${+x.ciHigh.toFixed(3)}]` : 'n/a'; }).join(' | ')} |`);
    }
  }
  return `${out.join('\n')}\n`;
}
