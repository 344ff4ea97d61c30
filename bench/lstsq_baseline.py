"""lstsq benchmark problem and NumPy's answer (bench/lstsq.mjs runs this).

argv[1] = JSON {"m", "n", "logCond", "rho", "dir", "runs"}. Writes A.npy, b.npy, x.npy
(the exact solution by construction: A = sqrt(m)·U·diag(10^(-logCond·j/(n-1)))·Vᵀ,
x = V·c, b = A·x + rho·‖A‖‖x‖·u with u ⟂ range(A)) into dir, times np.linalg.lstsq
(one thread: the caller sets OPENBLAS_NUM_THREADS=1) and prints JSON to stdout.
"""
import json, os, sys, time
import numpy as np

cfg = json.loads(sys.argv[1])
m, n, log_cond, rho, d, runs = cfg["m"], cfg["n"], cfg["logCond"], cfg["rho"], cfg["dir"], cfg["runs"]
rng = np.random.default_rng(12345)
U, _ = np.linalg.qr(rng.standard_normal((m, n + 1)))
V, _ = np.linalg.qr(rng.standard_normal((n, n)))
sigma = np.sqrt(m) * 10.0 ** (-log_cond * np.arange(n) / (n - 1))
A = np.ascontiguousarray((U[:, :n] * sigma) @ V.T)
x = V @ rng.standard_normal(n)
b = A @ x + rho * sigma[0] * np.linalg.norm(x) * U[:, n]
for name, arr in (("A", A), ("b", b), ("x", x)):
    np.save(os.path.join(d, name + ".npy"), arr)
times = []
for _ in range(runs):
    t = time.perf_counter()
    xs = np.linalg.lstsq(A, b, rcond=None)[0]
    times.append(time.perf_counter() - t)
kappa = 10.0 ** log_cond
rn = rho * sigma[0] * np.linalg.norm(x)
bound = 10 * np.finfo(float).eps * (kappa + kappa ** 2 * rn / (sigma[0] * np.linalg.norm(x)))
print(json.dumps({
    "baseline": "numpy.linalg.lstsq (gelsd, OpenBLAS 1 thread)", "numpy": np.__version__,
    "seconds": min(times), "forwardError": float(np.linalg.norm(xs - x) / np.linalg.norm(x)), "bound": float(bound),
    "residualNorm": float(np.linalg.norm(b - A @ xs)),
}))
