/**
 * CART rules: recovers a known two-threshold rule exactly, respects depth and leaf-size
 * limits, prints rules with names and units, and runs as a Policy in the env.
 */
import { describe, expect, it } from 'vitest';
import '../../src/envs/builtin.js';
import { RandomStream } from '../../src/core/random.js';
import { observationLayout } from '../../src/envs/warfarin/observation.js';
import { evaluatePolicies } from '../../src/eval/evaluate.js';
import { RulePolicy } from '../../src/export/rule-policy.js';
import { distilRules, fitCart, predictTree, treeRules, type Decisions, type DecisionTree } from '../../src/export/rules.js';
import type { PortableAction } from '../../src/export/portable-json.js';

const layout = observationLayout(true);
const size = layout.length;
const at = (name: string): number => layout.find((f) => f.name === name)!.index;
const action: PortableAction = { kind: 'discrete', n: 31, start: 0, unit: 'mg', values: Array.from({ length: 31 }, (_, k) => k / 2) };

/** Target: 10 (5 mg) when INR < 2.5; then 4 (2 mg) for *3/*3 carriers, else 8 (4 mg). */
function target(row: ArrayLike<number>): number {
  return row[at('lastInr')]! <= 2.5 ? 10 : row[at('cyp2c9_33')] === 1 ? 4 : 8;
}

function decisions(episodes: number, rng: RandomStream): Decisions {
  const n = episodes * 30;
  const states = new Float32Array(n * size);
  const actions = new Int32Array(n);
  const eps = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const o = r * size;
    states[o + at('lastInr')] = 1 + 3 * rng.uniform();
    states[o + at('day')] = Math.floor(90 * rng.uniform());
    states[o + at('cyp2c9_33')] = rng.uniform() < 0.3 ? 1 : 0;
    actions[r] = target(states.subarray(o, o + size));
    eps[r] = Math.floor(r / 30);
  }
  return { size, states, actions, episodes: eps };
}

describe('CART rules', () => {
  it('recovers a known rule; held-out fidelity 1', () => {
    const d = decisions(40, RandomStream.fromSeed(1));
    const { tree, fidelity } = distilRules(d, layout, action, { maxDepth: 2, minSamplesLeaf: 5 });
    expect(fidelity.holdoutExact).toBe(1);
    expect(fidelity.nHoldout).toBe(12 * 30);
    expect(fidelity.nTrain).toBe(28 * 30);
    const lines = treeRules(tree);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^IF lastInr ≤ 2\.(49|5)\d* INR THEN 5 mg \(action 10\)/);
    expect(lines.some((l) => /lastInr > 2\.(49|5)\d* INR AND cyp2c9_33 = 1 THEN 2 mg/.test(l))).toBe(true);
  });

  it('respects maxDepth and minSamplesLeaf', () => {
    const d = decisions(20, RandomStream.fromSeed(2));
    const labels = d.actions;
    const stump = fitCart(d.states, size, labels, 31, { maxDepth: 1, minSamplesLeaf: 1 });
    expect(stump.kind).toBe('split');
    if (stump.kind === 'split') expect(stump.left.kind === 'leaf' && stump.right.kind === 'leaf').toBe(true);
    const none = fitCart(d.states, size, labels, 31, { maxDepth: 3, minSamplesLeaf: 400 });
    expect(none.kind).toBe('leaf');
    expect(predictTree(none, d.states.subarray(0, size))).toBe(10);
  });

  it('runs as a Policy in Warfarin-v0 (doses from the tree)', async () => {
    // a bang-bang tree (15 mg while INR ≤ 2.5, else nothing) that must switch within an episode
    const tree: DecisionTree = {
      format: 'dosegym-rules/1',
      features: layout,
      action,
      maxDepth: 1,
      minSamplesLeaf: 1,
      root: { kind: 'split', feature: at('lastInr'), threshold: 2.5, n: 2, left: { kind: 'leaf', action: 30, n: 1, purity: 1 }, right: { kind: 'leaf', action: 0, n: 1, purity: 1 } },
    };
    const ev = await evaluatePolicies({ envId: 'dosegym/Warfarin-v0', policies: [{ name: 'rules', policy: new RulePolicy(tree) }], episodes: 4, seed: 0, trajectories: { observations: true } });
    const seen = new Set<number>();
    for (const ep of ev.policies[0]!.episodes) {
      const tr = ep.trajectory!;
      for (const a of tr.actions) seen.add(a);
      for (let t = 0; t < tr.actions.length; t++) expect(tr.actions[t]).toBe(predictTree(tree.root, tr.observations!.subarray(t * size, (t + 1) * size)));
    }
    expect(seen.size).toBeGreaterThan(1); // more than one leaf was used
  }, 30_000);
});
