/**
 * Registers the classic-control and identity envs (imported for its side effect by
 * `src/envs/builtin.ts`):
 *
 * | id | env | limit | solved at |
 * |---|---|---|---|
 * | `dosegym/CartPole-v1` | {@link CartPoleEnv}, native {@link CartPoleVectorEnv} | 500 | 475 |
 * | `dosegym/Pendulum-v1` | {@link PendulumEnv} (kwarg `g`) | 200 | — |
 * | `dosegym/IdentityDiscrete-v0` | {@link IdentityDiscreteEnv} (kwargs `n`, `episodeLength`) | 100, in the env | 90 |
 * | `dosegym/IdentityBox-v0` | {@link IdentityBoxEnv} (kwargs `low`, `high`, `eps`, `episodeLength`) | 100, in the env | 90 |
 *
 * Limits and thresholds are Gymnasium's registrations for CartPole-v1 and Pendulum-v1.
 * The identity envs end their own episodes after `episodeLength` steps, as SB3's do, so
 * they register no TimeLimit. Unknown kwargs are an InputError.
 */
import { InputError } from '../../core/errors.js';
import { register, type EnvKwargs } from '../registry.js';
import { CARTPOLE, CartPoleEnv } from './cartpole.js';
import { CartPoleVectorEnv } from './cartpole-vector.js';
import { IDENTITY_EPISODE_LENGTH, IdentityBoxEnv, IdentityDiscreteEnv } from './identity.js';
import { PENDULUM, PendulumEnv } from './pendulum.js';

/** Identity envs count as solved at 90 of the maximum 100: the agents' learning-test bar. */
const IDENTITY_REWARD_THRESHOLD = 90;

/** The kwargs as numbers, rejecting unknown keys and non-numbers. */
function numericKwargs(id: string, kwargs: EnvKwargs, allowed: readonly string[]): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (!allowed.includes(key)) {
      const known = allowed.length > 0 ? allowed.join(', ') : 'none';
      throw new InputError(`${id}: unknown option '${key}' (known: ${known})`, key);
    }
    if (value !== undefined && typeof value !== 'number') {
      throw new InputError(`${id}: option '${key}' must be a number, got ${JSON.stringify(value)}`, key);
    }
    out[key] = value as number | undefined;
  }
  return out;
}

register({
  id: 'dosegym/CartPole-v1',
  entryPoint: (kwargs) => {
    numericKwargs('dosegym/CartPole-v1', kwargs, []);
    return new CartPoleEnv();
  },
  vectorEntryPoint: (numEnvs, kwargs, { maxEpisodeSteps }) => {
    numericKwargs('dosegym/CartPole-v1', kwargs, []);
    return new CartPoleVectorEnv(numEnvs, { maxEpisodeSteps: maxEpisodeSteps ?? null });
  },
  maxEpisodeSteps: CARTPOLE.maxEpisodeSteps,
  rewardThreshold: CARTPOLE.rewardThreshold,
  description: "Gymnasium's CartPole-v1: balance a pole on a cart (reward 1 per step, 500 steps)",
});

register({
  id: 'dosegym/Pendulum-v1',
  entryPoint: (kwargs) => {
    const { g } = numericKwargs('dosegym/Pendulum-v1', kwargs, ['g']);
    return new PendulumEnv(g === undefined ? {} : { g });
  },
  maxEpisodeSteps: PENDULUM.maxEpisodeSteps,
  description: "Gymnasium's Pendulum-v1: swing up and hold an inverted pendulum with torque in [-2, 2]",
});

register({
  id: 'dosegym/IdentityDiscrete-v0',
  entryPoint: (kwargs) => new IdentityDiscreteEnv(numericKwargs('dosegym/IdentityDiscrete-v0', kwargs, ['n', 'episodeLength'])),
  rewardThreshold: IDENTITY_REWARD_THRESHOLD,
  kwargs: { n: 4, episodeLength: IDENTITY_EPISODE_LENGTH },
  description: "SB3's IdentityEnv: echo the observed integer in {0..3}; 100 steps, max return 100",
});

register({
  id: 'dosegym/IdentityBox-v0',
  entryPoint: (kwargs) =>
    new IdentityBoxEnv(numericKwargs('dosegym/IdentityBox-v0', kwargs, ['low', 'high', 'eps', 'episodeLength'])),
  rewardThreshold: IDENTITY_REWARD_THRESHOLD,
  kwargs: { low: -1, high: 1, eps: 0.05, episodeLength: IDENTITY_EPISODE_LENGTH },
  description: "SB3's IdentityEnvBox: echo the observed number in [-1, 1] within 0.05; 100 steps, max return 100",
});
