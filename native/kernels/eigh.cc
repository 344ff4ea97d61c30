// Symmetric eigensolver: Householder tridiagonalization, then the implicit
// QL algorithm with Wilkinson's shift (Bowdler, Martin, Reinsch & Wilkinson
// 1968; Golub & Van Loan 8.3), rotations accumulated into the eigenvectors.
//
// Eigenvectors are kept transposed (row i is eigenvector i) while QL runs:
// each Givens rotation mixes two eigenvectors, i.e. two contiguous rows.
// The reduction Q^T A Q = tridiag keeps the full symmetric trailing block
// (symmetric matrix-vector product along rows, rank-2 update along rows).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "cancel.h"
#include "guarded.h"
#include "linalg_util.h"
#include "parallel.h"
#include "skm_linalg.h"

namespace skm {
namespace {

using linalg::Scratch;

// QL sweeps allowed per eigenvalue before giving up (LAPACK's steqr allows 30).
constexpr int kMaxIterations = 60;

// Reflectors per panel of the blocked reduction: the trailing update is two
// GEMMs of depth kPanel per panel instead of a rank-2 update per column.
constexpr skm_int kPanel = 32;

// Reduces the full symmetric W (n x n, contiguous) to tridiagonal form:
// d (n), e (n; e[i] couples i and i+1, e[n-1] = 0). Reflector k (acting on
// indices k+1..n-1) is left in row k of W, v_0 = 1 explicit; its scale in tau[k].
//
// Blocked as LAPACK's sytrd/latrd: within a panel of kPanel columns the
// trailing block is left as it was, and each step corrects what it reads
// with the panel's earlier pairs (v_q, w_q): row k is brought up to date
// before its reflector is formed, and p = A v gets -V (W^T v) - W (V^T v).
// After the panel one update A -= V^T W + W^T V (V, W: the pairs as rows)
// goes through the GEMM. Per step this leaves the matrix-vector product,
// a pass over the trailing block, as in every one-stage reduction.
// Vp, Wp: kPanel x n scratch each; p: n.
template <typename T>
skm_status Tridiagonalize(skm_int n, T* W, T* d, T* e, T* tau, T* Vp, T* Wp, T* p) {
  for (skm_int k0 = 0; k0 < n; k0 += kPanel) {
    const skm_int jb = k0 + kPanel <= n ? kPanel : n - k0;
    skm_int done = 0;  // pairs formed in this panel
    for (skm_int c = 0; c < jb; ++c) {
      const skm_int k = k0 + c;
      T* rk = W + k * n;
      // Row k (columns k..) as the panel's earlier reflectors left it.
      for (skm_int q = 0; q < done; ++q) {
        const T* vq = Vp + q * n;
        const T* wq = Wp + q * n;
        RowAxpy2(size_t(n - k), -vq[k], wq + k, -wq[k], vq + k, rk + k);
      }
      d[k] = rk[k];
      const skm_int r = n - k - 1;
      if (r == 0) {
        e[k] = T(0);
        tau[k] = T(0);
        break;
      }
      if ((k & 15) == 0 && Cancelled()) return SKM_ECANCELED;
      // x = W[k+1:n, k] = W[k, k+1:n] by symmetry.
      T* v = rk + k + 1;
      e[k] = linalg::Reflector(v[0], r - 1, v + 1, 1, &tau[k]);
      v[0] = T(1);
      const T t = tau[k];
      T* vc = Vp + done * n;
      T* wc = Wp + done * n;
      std::memset(vc, 0, sizeof(T) * size_t(k + 1));
      std::memset(wc, 0, sizeof(T) * size_t(k + 1));
      std::memcpy(vc + k + 1, v, sizeof(T) * size_t(r));
      T* w = wc + k + 1;
      if (t == T(0)) {
        std::memset(w, 0, sizeof(T) * size_t(r));
      } else {
        // p = t A v over the trailing block as it stands now, then
        // w = p - (t/2)(p.v) v; the update A -= v w^T + w v^T waits.
        const T* S = W + (k + 1) * n + (k + 1);
        // Rows over the pool: each p[i] is one Dot, whoever computes it.
        const skm_status st = ForRowChunks(size_t(r), size_t(r), [&](size_t i0, size_t i1) {
          for (size_t i = i0; i < i1; ++i) p[i] = linalg::Dot(r, S + i * n, v);
        });
        if (st != SKM_OK) return st;
        for (skm_int q = 0; q < done; ++q) {
          const T* vq = Vp + q * n + k + 1;
          const T* wq = Wp + q * n + k + 1;
          RowAxpy2(size_t(r), -linalg::Dot(r, wq, v), vq, -linalg::Dot(r, vq, v), wq, p);
        }
        for (skm_int i = 0; i < r; ++i) p[i] *= t;
        const T half = T(0.5) * t * linalg::Dot(r, p, v);
        for (skm_int i = 0; i < r; ++i) w[i] = p[i] - half * v[i];
      }
      ++done;
    }
    // The trailing block past the panel, both triangles: A -= V^T W + W^T V.
    const skm_int s = k0 + jb, rt = n - s;
    if (rt > 0 && done > 0) {
      skm_status st = linalg::Gemm(true, false, rt, rt, done, T(-1), Vp + s, n, Wp + s, n, T(1), W + s * n + s, n);
      if (st == SKM_OK) st = linalg::Gemm(true, false, rt, rt, done, T(-1), Wp + s, n, Vp + s, n, T(1), W + s * n + s, n);
      if (st != SKM_OK) return st;
    }
  }
  return SKM_OK;
}

inline skm_status FormQ(skm_int m, skm_int n, skm_int k, const float* V, skm_int ldv, const float* tau, float* Q,
                        skm_int ldq) {
  return skm_qr_q_f32(m, n, k, V, ldv, tau, Q, ldq);
}
inline skm_status FormQ(skm_int m, skm_int n, skm_int k, const double* V, skm_int ldv, const double* tau, double* Q,
                        skm_int ldq) {
  return skm_qr_q_f64(m, n, k, V, ldv, tau, Q, ldq);
}

// Z (n x n) = Q^T where Q = H_0 ... H_{n-2}. On indices 1..n-1 the
// reflectors have the shape a QR leaves (reflector k from index k, unit
// first), only stored as rows: transposed into V (n-1 x n-1), the blocked
// QR's own Q former (GEMM speed) builds that block of Q.
// V ((n-1)^2) may be Z's memory: it is dead before Z is written.
template <typename T>
skm_status FormQt(skm_int n, const T* W, const T* tau, T* V, T* Q, T* Z) {
  const skm_int m = n - 1;
  if (m > 0) {
    for (skm_int k = 0; k < m; ++k) {
      const T* v = W + k * n + k + 1;  // reflector k on indices k+1.., i.e. k.. of the block
      for (skm_int i = 0; i < m - k; ++i) V[(k + i) * m + k] = v[i];
    }
    const skm_status st = FormQ(m, m, m, V, m, tau, Q, m);
    if (st != SKM_OK) return st;
  }
  for (skm_int i = 0; i < n * n; ++i) Z[i] = T(0);
  Z[0] = T(1);
  for (skm_int i = 0; i < m; ++i) {
    for (skm_int j = 0; j < m; ++j) Z[(j + 1) * n + (i + 1)] = Q[i * m + j];
  }
  return SKM_OK;
}

// A sweep's rotations (RowRotateChain on rows 0..count of Z, n x n) in
// blocks of columns over the pool when there is enough of them. Blocks start
// at multiples of 64 columns, so every column is done by the same code path
// (RowRotateChain's widest, on every target) whatever the thread count.
template <typename T>
void RotateRows(size_t n, size_t count, const T* cs, const T* ss, T* Z) {
  constexpr size_t kBlock = 64;
  const size_t blocks = (n + kBlock - 1) / kBlock;
  const size_t tasks = count * n < (size_t(1) << 15) ? 1 : std::min(blocks, size_t(Threads()));
  if (tasks <= 1) return RowRotateChain(n, count, cs, ss, Z, n);
  ParallelFor(tasks, [&](size_t t) {
    const size_t c0 = blocks * t / tasks * kBlock, c1 = std::min(n, blocks * (t + 1) / tasks * kBlock);
    RowRotateChain(c1 - c0, count, cs, ss, Z + c0, n);
  });
}

// Implicit QL on (d, e); rotations applied to rows of Z (eigenvectors), a
// sweep's at a time. cs, ss: scratch of n each (a sweep's rotations).
template <typename T>
skm_status TridiagonalQL(skm_int n, T* d, T* e, T* Z, T* cs, T* ss) {
  // An off-diagonal counts as zero once it is below eps times the norm of
  // the whole tridiagonal (EISPACK tql2's test): a perturbation the
  // tridiagonalization has already made, so the eigenvalues keep their
  // eps * ||A|| accuracy. A test relative to the two neighbouring diagonals
  // only (LAPACK's) never accepts the graded noise left in the trailing
  // block of a rank-deficient matrix (1e-13, 1e-20, ... in f32), where the
  // QL sweep's products underflow and it stops making progress.
  const T eps = linalg::Eps<T>();
  T norm = 0;
  for (skm_int i = 0; i < n; ++i) norm = std::fmax(norm, std::fabs(d[i]) + std::fabs(e[i]));
  const T negligible = eps * norm;
  for (skm_int l = 0; l < n; ++l) {
    int iter = 0;
    for (;;) {
      skm_int m = l;
      for (; m < n - 1; ++m) {
        if (std::fabs(e[m]) <= negligible) break;
      }
      if (m == l) break;
      if (++iter > kMaxIterations) return SKM_EINTERNAL;
      if (Cancelled()) return SKM_ECANCELED;
      // Wilkinson shift from the leading 2x2 block, folded into g.
      T g = (d[l + 1] - d[l]) / (T(2) * e[l]);
      T r = std::hypot(g, T(1));
      g = d[m] - d[l] + e[l] / (g + std::copysign(r, g));
      T s = 1, c = 1, p = 0;
      bool deflated = false;
      skm_int lo = l;  // the rotations of this sweep: i = m-1 down to lo
      for (skm_int i = m - 1; i >= l; --i) {
        const T f = s * e[i], b = c * e[i];
        r = std::hypot(f, g);
        e[i + 1] = r;
        if (r == T(0)) {
          // Underflow: the matrix split at i+1; restart with that block.
          d[i + 1] -= p;
          e[m] = T(0);
          deflated = true;
          lo = i + 1;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + T(2) * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        cs[i] = c;
        ss[i] = s;
      }
      // (z_i, z_{i+1}) <- (c z_i - s z_{i+1}, s z_i + c z_{i+1}) for i = m-1 down to lo,
      // all at once: the recurrence above never reads Z.
      if (m > lo) RotateRows(size_t(n), size_t(m - lo), cs + lo, ss + lo, Z + lo * n);
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = T(0);
    }
  }
  return SKM_OK;
}

template <typename T>
skm_status Eigh(skm_int n, const T* A, skm_int lda, double* w, T* V, skm_int ldv) {
  if (n < 0 || !linalg::StoredOk(A, n, n, lda) || !linalg::StoredOk(V, n, n, ldv)) return SKM_EINVAL;
  if (n > 0 && w == nullptr) return SKM_EINVAL;
  if (n == 0) return SKM_OK;
  if (!linalg::AllFinite(n, n, A, lda, true)) {
    for (skm_int i = 0; i < n; ++i) {
      w[i] = NAN;
      for (skm_int j = 0; j < n; ++j) V[i * ldv + j] = T(NAN);
    }
    return SKM_OK;
  }
  const uint64_t nn = Count({uint64_t(n), uint64_t(n)});
  Scratch<T> W(nn), Q(nn), Z(nn), vecs(Count({uint64_t(n), 4})), pairs(Count({uint64_t(n), 2 * kPanel}));
  if (!W.p || !Q.p || !Z.p || !vecs.p || !pairs.p) return SKM_ENOMEM;
  T* d = vecs.p;
  T* e = d + n;
  T* tau = e + n;
  T* tmp = tau + n;
  // Scaled by a power of two (exact) to put the largest entry near 1, so no
  // intermediate square overflows or underflows; eigenvalues scale back.
  T amax = 0;
  for (skm_int i = 0; i < n; ++i) {
    for (skm_int j = 0; j <= i; ++j) amax = std::fmax(amax, std::fabs(A[i * lda + j]));
  }
  const int exponent = linalg::ScaleExponent(amax);
  const T scale = std::ldexp(T(1), -exponent);
  for (skm_int i = 0; i < n; ++i) {
    for (skm_int j = 0; j <= i; ++j) W.p[i * n + j] = W.p[j * n + i] = scale * A[i * lda + j];
  }
  skm_status st = Tridiagonalize(n, W.p, d, e, tau, pairs.p, pairs.p + size_t(n) * kPanel, tmp);
  if (st != SKM_OK) return st;
  if (Cancelled()) return SKM_ECANCELED;
  st = FormQt(n, W.p, tau, Z.p, Q.p, Z.p);
  if (st != SKM_OK) return st;
  st = TridiagonalQL(n, d, e, Z.p, tau, tmp);  // tau is spent once Q is formed
  if (st != SKM_OK) return st;
  // Ascending order (selection sort: n swaps of rows at most), then signs.
  for (skm_int i = 0; i < n; ++i) {
    skm_int best = i;
    for (skm_int j = i + 1; j < n; ++j) {
      if (d[j] < d[best]) best = j;
    }
    if (best != i) {
      const T t = d[i];
      d[i] = d[best];
      d[best] = t;
      T* zi = Z.p + i * n;
      T* zb = Z.p + best * n;
      for (skm_int k = 0; k < n; ++k) {
        const T x = zi[k];
        zi[k] = zb[k];
        zb[k] = x;
      }
    }
  }
  for (skm_int i = 0; i < n; ++i) {
    T* zi = Z.p + i * n;
    skm_int big = 0;
    for (skm_int k = 1; k < n; ++k) {
      if (std::fabs(zi[k]) > std::fabs(zi[big])) big = k;
    }
    const T sign = zi[big] < T(0) ? T(-1) : T(1);
    w[i] = std::ldexp(static_cast<double>(d[i]), exponent);
    for (skm_int k = 0; k < n; ++k) V[k * ldv + i] = sign * zi[k];
  }
  return SKM_OK;
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_eigh_f32(skm_int n, const float* A, skm_int lda, double* w, float* V, skm_int ldv) {
  return skm::Guarded([&] { return skm::Eigh<float>(n, A, lda, w, V, ldv); });
}
SKM_API skm_status skm_eigh_f64(skm_int n, const double* A, skm_int lda, double* w, double* V,
                                skm_int ldv) {
  return skm::Guarded([&] { return skm::Eigh<double>(n, A, lda, w, V, ldv); });
}

}  // extern "C"
