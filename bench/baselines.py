"""Python baselines for bench/run.mjs: numpy/OpenBLAS GEMM, scikit-learn's
random projections, SciPy's Clarkson-Woodruff transform, numpy bandwidth.

    python3 bench/baselines.py '<json options>'

The parent sets the OpenBLAS environment (threads, core type) per process.
Prints one JSON document {info, results, skipped} on stdout, progress on
stderr. Shapes and the timing protocol mirror bench/common.mjs.
"""
import json
import os
import sys
import time

opts = json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")
QUICK = bool(opts.get("quick"))
PROTOCOL = (
    dict(budget=0.25, min_runs=1, max_runs=3, slow=0.5)
    if QUICK
    else dict(budget=1.0, min_runs=3, max_runs=9, slow=1.5)
)
LABEL = opts.get("label", "python")
results, skipped = [], []
info = {"python": sys.version.split()[0], "executable": sys.executable}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def time_it(fn, reset=None):
    if reset:
        reset()
    t = time.perf_counter()
    fn()
    warmup = time.perf_counter() - t
    slow = warmup > PROTOCOL["slow"]
    min_runs = 1 if slow else PROTOCOL["min_runs"]
    max_runs = 1 if slow else PROTOCOL["max_runs"]
    times = []
    start = time.perf_counter()
    while len(times) < max_runs and (len(times) < min_runs or time.perf_counter() - start < PROTOCOL["budget"]):
        if reset:
            reset()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    s = sorted(times)
    mid = len(s) // 2
    median = s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2
    return dict(seconds=median, min=s[0], runs=len(s), warmup=warmup)


def record(**r):
    r = {"backend": LABEL, **r}
    results.append(r)
    rate = f"{r['gflops']:.2f} GFLOP/s" if "gflops" in r else f"{r['gbps']:.2f} GB/s"
    log(f"  {LABEL:<26} {r['suite']}/{r['case']} {r['dtype']}: {r['seconds']:.3e} s  {rate}")


def skip(suite, case, reason, **extra):
    skipped.append({"suite": suite, "case": case, "backend": LABEL, "reason": reason, **extra})
    log(f"  {LABEL:<26} {suite}/{case}: skipped ({reason})")


def gemm_cases():
    sq = lambda s: [s, s, s]
    if QUICK:
        return [("float32", sq(256)), ("float32", sq(1024))]
    return (
        [("float32", sq(s)) for s in (256, 512, 1024, 2048)]
        + [("float32", [100000, 512, 64])]
        + [("float64", sq(s)) for s in (256, 512)]
    )


def case_name(m, k, n):
    return f"{m}³" if m == k == n else f"{m}×{k}·{k}×{n}"


def blas_info(np):
    """Which OpenBLAS and which core it runs (threadpoolctl when present)."""
    try:
        from threadpoolctl import threadpool_info

        blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        if blas:
            return {k: blas[0].get(k) for k in ("internal_api", "version", "architecture", "num_threads", "filepath")}
    except ImportError:
        pass
    try:  # numpy exposes the core name through its private config
        import io, contextlib

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            np.show_config()
        return {"show_config": buf.getvalue()[:2000]}
    except Exception as e:  # pragma: no cover
        return {"error": str(e)}


def bench_gemm(np):
    rng = np.random.default_rng(0)
    for dtype, (m, k, n) in gemm_cases():
        if opts.get("only_float32") and dtype != "float32":
            continue
        A = (rng.random((m, k)) * 2 - 1).astype(dtype)
        B = (rng.random((k, n)) * 2 - 1).astype(dtype)
        C = np.empty((m, n), dtype=dtype)
        t = time_it(lambda: np.matmul(A, B, out=C))
        ref = A[:8].astype("float64") @ B.astype("float64")
        tol = (1e-5 if dtype == "float32" else 1e-12) * (np.abs(A[:8]) @ np.abs(B) + 1) * k**0.5
        check = "ok" if np.all(np.abs(C[:8] - ref) <= tol) else "mismatch"
        record(suite="gemm", case=case_name(m, k, n), dtype=dtype, shape=[m, k, n],
               threads=int(os.environ.get("OPENBLAS_NUM_THREADS", "0")), simd=info["blas"].get("architecture", "?"),
               gflops=2 * m * n * k / t["seconds"] / 1e9, check=check, **t)


def sketch_shapes():
    N = 20000 if QUICK else 100000
    return dict(project=dict(rows=N, n=1024, k=256), apply=dict(n=N, d=512, k=2048))


def bench_sketch(np):
    sh = sketch_shapes()
    rng = np.random.default_rng(0)
    p, a = sh["project"], sh["apply"]
    X = (rng.random((p["rows"], p["n"]), dtype=np.float32) * 2 - 1)
    A = (rng.random((a["n"], a["d"]), dtype=np.float32) * 2 - 1)

    # Bandwidth proxies: reductions that read the input once. numpy's sum is
    # pairwise and runs below bandwidth (~16 GB/s here); max and OpenBLAS's
    # dot(x, x) come closer to the memory system's read rate, so the parent
    # takes the fastest of all read proxies. copyto copies the input.
    for name, M in (("X", X), ("A", A)):
        flat = M.reshape(-1)
        for proxy, fn in (
            ("numpy.dot(x, x) (OpenBLAS sdot)", lambda: np.dot(flat, flat)),
            ("numpy.max", lambda: M.max()),
            ("numpy.sum", lambda: M.sum()),
        ):
            t = time_it(fn)
            record(suite="sketch", case=f"read/{name}", dtype="float32", shape=list(M.shape), threads=1, simd="numpy",
                   gbps=M.nbytes / t["seconds"] / 1e9, proxy=proxy, **t)
        Y = np.empty_like(M)
        t = time_it(lambda: np.copyto(Y, M))
        record(suite="sketch", case=f"copy/{name}", dtype="float32", shape=list(M.shape), threads=1, simd="numpy",
               gbps=M.nbytes / t["seconds"] / 1e9, proxy="numpy.copyto; GB/s counts bytes copied once", **t)
        del Y

    try:
        import sklearn
        from sklearn.random_projection import GaussianRandomProjection, SparseRandomProjection

        info["sklearn"] = sklearn.__version__
        for op, cls in (("sklearn-gaussian", GaussianRandomProjection), ("sklearn-sparse", SparseRandomProjection)):
            est = cls(n_components=p["k"], random_state=0).fit(X)  # draws the matrix; not timed
            out = {}
            t = time_it(lambda: out.__setitem__("Y", est.transform(X)))
            Y = out["Y"]
            record(suite="sketch", case=f"project/{op}", op=op, mode="project", dtype="float32",
                   shape=[p["rows"], p["n"], p["k"]], threads=1, simd="numpy",
                   gbps=X.nbytes / t["seconds"] / 1e9,
                   note=f"transform only (fit excluded); output dtype {getattr(Y, 'dtype', type(Y).__name__)}", **t)
    except ImportError as e:
        skip("sketch", "project/sklearn-*", f"scikit-learn not installed ({e}); apt-get install python3-sklearn")

    try:
        import scipy
        from scipy.linalg import clarkson_woodruff_transform

        info["scipy"] = scipy.__version__
        t = time_it(lambda: clarkson_woodruff_transform(A, a["k"], seed=0))
        record(suite="sketch", case="apply/scipy-cwt", op="scipy-cwt", mode="apply", dtype="float32",
               shape=[a["k"], a["n"], a["d"]], threads=1, simd="numpy", gbps=A.nbytes / t["seconds"] / 1e9,
               note="scipy.linalg.clarkson_woodruff_transform (builds the sparse sketch each call)", **t)
    except ImportError as e:
        skip("sketch", "apply/scipy-cwt", f"SciPy not installed ({e}); apt-get install python3-scipy")


def main():
    try:
        import numpy as np
    except ImportError as e:
        skip("*", "*", f"numpy not installed for {sys.executable} ({e}); apt-get install python3-numpy")
        return
    info["numpy"] = np.__version__
    info["blas"] = blas_info(np)
    info["env"] = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "OMP_"))}
    suites = opts.get("suites", [])
    if "gemm" in suites:
        bench_gemm(np)
    if "sketch" in suites:
        bench_sketch(np)


try:
    main()
except Exception as e:  # report, never hide
    import traceback

    traceback.print_exc()
    info["error"] = f"{type(e).__name__}: {e}"
print(json.dumps({"info": info, "results": results, "skipped": skipped}))
