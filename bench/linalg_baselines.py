"""NumPy / scikit-learn baselines for bench/linalg.mjs (one thread: the parent
sets OMP_NUM_THREADS / OPENBLAS_NUM_THREADS = 1). Same shapes and protocol
(minimum of `runs` timed runs after one warmup); prints JSON on stdout."""
import json
import sys
import time

import numpy as np

opts = json.loads(sys.argv[1])
RUNS = int(opts.get("runs", 5))
rng = np.random.default_rng(0)


def best(fn, runs=RUNS):
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


# Which BLAS runs (and its kernel): recorded so a table says what it compares against.
try:
    from threadpoolctl import threadpool_info
    BLAS = [f"{i['internal_api']} {i['version']} {i.get('architecture')} threads={i['num_threads']}" for i in threadpool_info() if i["user_api"] == "blas"]
except ImportError:
    BLAS = []
print(f"  baseline BLAS: {BLAS}", file=sys.stderr, flush=True)

out = []
for case in opts["cases"]:
    name, shape, dtype = case["name"], case["shape"], case["dtype"]
    A = rng.standard_normal(shape[:2]).astype(dtype)
    runs = case.get("runs", RUNS)
    if name == "qr":
        f = lambda: np.linalg.qr(A, mode="reduced")
        base = "numpy.linalg.qr(reduced)"
    elif name == "svd":
        f = lambda: np.linalg.svd(A, full_matrices=False)
        base = "numpy.linalg.svd(thin, gesdd)"
    elif name == "eigh":
        S = A @ A.T
        f = lambda: np.linalg.eigh(S)
        base = "numpy.linalg.eigh"
    elif name == "cholesky":
        S = A @ A.T + shape[0] * np.eye(shape[0], dtype=dtype)
        f = lambda: np.linalg.cholesky(S)
        base = "numpy.linalg.cholesky"
    elif name == "rsvd":
        from sklearn.utils.extmath import randomized_svd
        k = shape[2]
        f = lambda: randomized_svd(A, k, n_oversamples=10, n_iter=4, random_state=0)
        base = "sklearn randomized_svd(n_iter=4)"
    elif name == "pca":
        Ac = A - A.mean(0)
        f = lambda: np.linalg.svd(A - A.mean(0), full_matrices=False)
        base = "numpy thin SVD of centered X"
    elif name.startswith("gemm-"):
        m, n, k = shape
        thin = rng.standard_normal((n if name == "gemm-AB" else m, k)).astype(dtype)
        f = {"gemm-AB": lambda: A @ thin, "gemm-AtB": lambda: A.T @ thin, "gemm-QtA": lambda: thin.T @ A}[name]
        base = "numpy/OpenBLAS " + name[5:]
    else:
        continue
    out.append({"name": name, "shape": shape, "dtype": dtype, "baseline": base, "seconds": best(f, runs), "blas": BLAS})
    if name == "rsvd":
        U, s, Vt = f()
        out[-1]["relResidual"] = float(np.linalg.norm(A - (U * s) @ Vt) / np.linalg.norm(A))
    print(f"  {base:<34} {name} {shape} {dtype}: {out[-1]['seconds']*1e3:.1f} ms", file=sys.stderr, flush=True)
print(json.dumps(out))
