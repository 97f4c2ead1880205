/**
 * Distilled rules (rules.ts) as a {@link Policy}: each sub-env's observation row walks the
 * tree to a leaf, whose action is returned (an env action: the action space's `start`
 * added). Memoryless and deterministic, so it can be evaluated on the same patients as the
 * network it was distilled from (eval/evaluate.ts).
 *
 * @example
 * const { tree } = distilRules(decisions, layout, portable.action);
 * await evaluatePolicies({ envId, policies: [{ name: 'rules', policy: new RulePolicy(tree) }], episodes: 100, seed: 0 });
 */
import { InputError } from '../core/errors.js';
import type { Policy } from '../agents/policy.js';
import type { BatchedActions, VectorInfo } from '../envs/vector/vector-env.js';
import { predictTree, type DecisionTree } from './rules.js';

export class RulePolicy implements Policy {
  readonly name: string;
  private readonly start: number;
  private readonly size: number;

  constructor(readonly tree: DecisionTree, name = 'rules') {
    if (tree.action.kind !== 'discrete') throw new InputError('a rule policy needs a discrete action space', 'actionSpace');
    this.name = name;
    this.start = tree.action.start;
    this.size = tree.features.length;
  }

  reset(): void {
    // Memoryless.
  }

  act(observations: Float32Array, _infos: VectorInfo = {}): BatchedActions {
    const batch = observations.length / this.size;
    if (!Number.isInteger(batch)) throw new InputError(`observations length ${observations.length} is not a multiple of ${this.size}`, 'observations');
    const actions = new Int32Array(batch);
    for (let r = 0; r < batch; r++) actions[r] = this.start + predictTree(this.tree.root, observations.subarray(r * this.size, (r + 1) * this.size));
    return actions;
  }
}
