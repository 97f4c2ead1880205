"""Reference stepping of the Adams 2004 HIV model (Ernst 2006 benchmark) with scipy.

Used by bench/hiv.bench.ts and to produce the golden returns of
test/envs/hiv/hiv-accuracy.test.ts. The model, parameters, actions and reward are those of
src/pkpd/models/adams2004-hiv.ts and src/envs/hiv/hiv-kernel.ts (reference/pkpd-models.md §6):
state order (T1, T2, T1*, T2*, V, E), 5-day steps, r = -(0.1 V + 20000 e1^2 + 2000 e2^2 - 1000 E).

Modes (one JSON object on stdout):
  python3 hiv_scipy_reference.py bench [seconds]
      steps the env with scipy.integrate.odeint (rtol 1e-6, its default atol) for 5-day
      steps, actions cycling 0,1,2,3, episodes of 200 steps from the unhealthy state, for
      about `seconds` (default 2) and prints {"stepsPerSecond", "steps", "rtol"}.
  python3 hiv_scipy_reference.py accuracy
      returns of the same reference episodes with odeint at rtol 1e-6 (the bench's setting),
      so the bench can state scipy's error against the Radau returns next to ours.
  python3 hiv_scipy_reference.py reference
      returns over one 200-step episode of the constant policies 0..3, the switching
      policy a_k = (3k + floor(k/7)) mod 4, and the first step of full therapy, with
      solve_ivp Radau at rtol = atol = 1e-12 (slow: ~30 s).
"""
import json
import sys
import time

import numpy as np
from scipy.integrate import odeint, solve_ivp

L1, D1, K1, L2, D2, F, K2, DELTA = 1e4, 0.01, 8e-7, 31.98, 0.01, 0.34, 1e-4, 0.7
M1, M2, NT, C, RHO1, RHO2, LE, BE, KB, DE, KD, DELTAE = 1e-5, 1e-5, 100.0, 13.0, 1.0, 1.0, 1.0, 0.3, 100.0, 0.25, 500.0, 0.1
EPS1 = (0.0, 0.7, 0.0, 0.7)
EPS2 = (0.0, 0.0, 0.3, 0.3)
X0 = np.array([163573.0, 5.0, 11945.0, 46.0, 63919.0, 24.0])
STEP_DAYS = 5.0
EPISODE = 200


def rhs(x, t, e1, e2):
    T1, T2, I1, I2, V, E = x
    k1t1 = (1 - e1) * K1 * T1
    k2t2 = (1 - F * e1) * K2 * T2
    I = I1 + I2
    return [
        L1 - D1 * T1 - k1t1 * V,
        L2 - D2 * T2 - k2t2 * V,
        k1t1 * V - DELTA * I1 - M1 * E * I1,
        k2t2 * V - DELTA * I2 - M2 * E * I2,
        (1 - e2) * NT * DELTA * I - C * V - (RHO1 * k1t1 + RHO2 * k2t2) * V,
        LE + BE * I / (I + KB) * E - DE * I / (I + KD) * E - DELTAE * E,
    ]


def reward(x, a):
    return -(0.1 * x[4] + 20000 * EPS1[a] ** 2 + 2000 * EPS2[a] ** 2 - 1000 * x[5])


def bench(seconds):
    x = X0.copy()
    steps = 0
    k = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(20):
            a = steps % 4
            x = odeint(rhs, x, [0.0, STEP_DAYS], args=(EPS1[a], EPS2[a]), rtol=1e-6)[-1]
            reward(x, a)
            steps += 1
            k += 1
            if k == EPISODE:
                x, k = X0.copy(), 0
    elapsed = time.perf_counter() - t0
    return {"stepsPerSecond": steps / elapsed, "steps": steps, "rtol": 1e-6, "solver": "scipy.integrate.odeint"}


def radau_step(x, a):
    sol = solve_ivp(lambda t, y: rhs(y, t, EPS1[a], EPS2[a]), (0.0, STEP_DAYS), x, method="Radau", rtol=1e-12, atol=1e-12)
    return sol.y[:, -1]


def episode_return(policy):
    x = X0.copy()
    total = 0.0
    for k in range(EPISODE):
        a = policy(k)
        x = radau_step(x, a)
        total += reward(x, a)
    return total, x


def reference():
    out = {"method": "solve_ivp Radau rtol=atol=1e-12", "constant": [], "finalStates": []}
    for a in range(4):
        total, x = episode_return(lambda k, a=a: a)
        out["constant"].append(total)
        out["finalStates"].append(list(x))
    out["switching"], _ = episode_return(lambda k: (3 * k + k // 7) % 4)
    first = radau_step(X0.copy(), 3)
    out["fullTherapyFirstStep"] = {"state": list(first), "reward": reward(first, 3)}
    return out


def accuracy():
    """Returns of the reference episodes (constant policies 0..3, switching) with odeint
    at the bench's rtol 1e-6, to compare with the Radau golden returns."""
    def odeint_return(policy):
        x = X0.copy()
        total = 0.0
        for k in range(EPISODE):
            a = policy(k)
            x = odeint(rhs, x, [0.0, STEP_DAYS], args=(EPS1[a], EPS2[a]), rtol=1e-6)[-1]
            total += reward(x, a)
        return total
    return {
        "rtol": 1e-6,
        "constant": [odeint_return(lambda k, a=a: a) for a in range(4)],
        "switching": odeint_return(lambda k: (3 * k + k // 7) % 4),
    }


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "bench"
    if mode == "bench":
        print(json.dumps(bench(float(sys.argv[2]) if len(sys.argv) > 2 else 2.0)))
    elif mode == "reference":
        print(json.dumps(reference()))
    elif mode == "accuracy":
        print(json.dumps(accuracy()))
    else:
        sys.exit(f"unknown mode {mode!r}: expected 'bench', 'reference' or 'accuracy'")
