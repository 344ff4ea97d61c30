// Householder QR, blocked with the compact WY form (Schreiber & Van Loan
// 1989): the kb reflectors of a panel are applied to the rest of the matrix
// at once as I - V T V^T, two GEMMs and a small triangular product, so the
// O(m n^2) work runs through skm_gemm_*.
//
// Row-major makes the reflector vectors columns, so the panel is factored row
// by row: w = v^T A_panel is accumulated as a sum of rows scaled by v_i, and
// A_panel -= tau v w^T is one row update per row; both sweep contiguous
// memory. The panel is kNb columns wide so those rows stay in L1.
#include "cancel.h"
#include "guarded.h"
#include "linalg_util.h"
#include "skm_linalg.h"

namespace skm {
namespace {

using linalg::Scratch;

constexpr skm_int kNb = 32;

// Unblocked QR of the panel A[j0:m, j0:j1] (reflectors generated and applied
// within the panel only). w is scratch of kNb.
template <typename T>
void FactorPanel(skm_int m, skm_int j0, skm_int j1, T* A, skm_int lda, T* tau, T* w) {
  for (skm_int j = j0; j < j1; ++j) {
    T* rj = A + j * lda;
    rj[j] = linalg::Reflector(rj[j], m - j - 1, rj + lda + j, lda, &tau[j]);
    const T t = tau[j];
    const skm_int wn = j1 - j - 1;
    if (t == T(0) || wn == 0) continue;
    // w = v^T A[j:m, j+1:j1], v = [1; A[j+1:m, j]]
    for (skm_int c = 0; c < wn; ++c) w[c] = rj[j + 1 + c];
    for (skm_int i = j + 1; i < m; ++i) {
      const T* ri = A + i * lda;
      const T vi = ri[j];
      for (skm_int c = 0; c < wn; ++c) w[c] += vi * ri[j + 1 + c];
    }
    for (skm_int c = 0; c < wn; ++c) rj[j + 1 + c] -= t * w[c];
    for (skm_int i = j + 1; i < m; ++i) {
      T* ri = A + i * lda;
      const T tv = t * ri[j];
      for (skm_int c = 0; c < wn; ++c) ri[j + 1 + c] -= tv * w[c];
    }
  }
}

// V (mr x kb, unit lower trapezoidal, explicit zeros and ones) from the
// reflectors in A[k0:m, k0:k0+kb], and the upper triangular T of the block
// reflector H_k0 ... H_k0+kb-1 = I - V T V^T (LAPACK larft, forward):
// T[0:j, j] = -tau_j T[0:j, 0:j] (V^T v_j)[0:j], with V^T V from one GEMM.
template <typename T>
skm_status BlockReflector(skm_int m, skm_int k0, skm_int kb, const T* A, skm_int lda, const T* tau, T* V,
                          T* Tt, T* G) {
  const skm_int mr = m - k0;
  for (skm_int i = 0; i < mr; ++i) {
    const T* ai = A + (k0 + i) * lda + k0;
    T* vi = V + i * kb;
    for (skm_int j = 0; j < kb; ++j) vi[j] = i > j ? ai[j] : (i == j ? T(1) : T(0));
  }
  const skm_status st = linalg::Gemm(true, false, kb, kb, mr, T(1), V, kb, V, kb, T(0), G, kb);
  if (st != SKM_OK) return st;
  for (skm_int j = 0; j < kb; ++j) {
    const T tj = tau[k0 + j];
    for (skm_int i = 0; i < j; ++i) {
      T s = 0;
      for (skm_int l = i; l < j; ++l) s += Tt[i * kb + l] * G[l * kb + j];
      Tt[i * kb + j] = -tj * s;
    }
    Tt[j * kb + j] = tj;
    for (skm_int i = j + 1; i < kb; ++i) Tt[i * kb + j] = T(0);
  }
  return SKM_OK;
}

// C (mr x nc at ldc) = (I - V op(T) V^T) C, op(T) = T^T when `transposed`
// (H^T, used by the factorization) or T (H, used to form Q). W: kb x nc.
template <typename T>
skm_status ApplyBlockReflector(bool transposed, skm_int mr, skm_int nc, skm_int kb, const T* V, const T* Tt,
                               T* C, skm_int ldc, T* W) {
  if (nc == 0) return SKM_OK;
  skm_status st = linalg::Gemm(true, false, kb, nc, mr, T(1), V, kb, C, ldc, T(0), W, nc);
  if (st != SKM_OK) return st;
  if (transposed) {
    // W = T^T W (T^T lower): bottom row first, so the rows it reads are unchanged.
    for (skm_int i = kb - 1; i >= 0; --i) {
      T* wi = W + i * nc;
      const T tii = Tt[i * kb + i];
      for (skm_int c = 0; c < nc; ++c) wi[c] *= tii;
      for (skm_int l = 0; l < i; ++l) {
        const T tli = Tt[l * kb + i];
        const T* wl = W + l * nc;
        for (skm_int c = 0; c < nc; ++c) wi[c] += tli * wl[c];
      }
    }
  } else {
    // W = T W (T upper): top row first.
    for (skm_int i = 0; i < kb; ++i) {
      T* wi = W + i * nc;
      const T tii = Tt[i * kb + i];
      for (skm_int c = 0; c < nc; ++c) wi[c] *= tii;
      for (skm_int l = i + 1; l < kb; ++l) {
        const T til = Tt[i * kb + l];
        const T* wl = W + l * nc;
        for (skm_int c = 0; c < nc; ++c) wi[c] += til * wl[c];
      }
    }
  }
  st = linalg::Gemm(false, false, mr, nc, kb, T(-1), V, kb, W, nc, T(1), C, ldc);
  return st;
}

// The panel A[j0:m, j0:j1] factored recursively (Elmroth & Gustavson
// 2000): the left half, its block reflector applied to the right half by
// GEMM, then the right half. The unblocked loop sweeps all m rows of the
// panel twice per column, which on a tall A (m = 100000) is the whole cost
// of the QR; halving until kLeaf columns turns most of those sweeps into
// GEMMs. Scratch as Geqrf's (V, Tt, G for up to kNb reflectors, W kNb x kNb).
constexpr skm_int kLeaf = 16;

template <typename T>
skm_status FactorPanelRecursive(skm_int m, skm_int j0, skm_int j1, T* A, skm_int lda, T* tau, T* w, T* V,
                                T* Tt, T* G, T* W) {
  if (j1 - j0 <= kLeaf) {
    FactorPanel(m, j0, j1, A, lda, tau, w);
    return SKM_OK;
  }
  const skm_int h = (j1 - j0) / 2;
  skm_status st = FactorPanelRecursive(m, j0, j0 + h, A, lda, tau, w, V, Tt, G, W);
  if (st != SKM_OK) return st;
  st = BlockReflector(m, j0, h, A, lda, tau, V, Tt, G);
  if (st != SKM_OK) return st;
  st = ApplyBlockReflector(true, m - j0, j1 - j0 - h, h, V, Tt, A + j0 * lda + j0 + h, lda, W);
  if (st != SKM_OK) return st;
  return FactorPanelRecursive(m, j0 + h, j1, A, lda, tau, w, V, Tt, G, W);
}

template <typename T>
skm_status Geqrf(skm_int m, skm_int n, T* A, skm_int lda, T* tau) {
  if (m < 0 || n < 0 || !linalg::StoredOk(A, m, n, lda)) return SKM_EINVAL;
  const skm_int k = m < n ? m : n;
  if (k > 0 && tau == nullptr) return SKM_EINVAL;
  if (k == 0) return SKM_OK;
  Scratch<T> w(kNb);
  Scratch<T> V(Count({uint64_t(m), uint64_t(kNb)}));
  Scratch<T> Tt(kNb * kNb), G(kNb * kNb);
  Scratch<T> W(Count({uint64_t(kNb), uint64_t(n)}));
  if (!w.p || !V.p || !Tt.p || !G.p || !W.p) return SKM_ENOMEM;
  for (skm_int k0 = 0; k0 < k; k0 += kNb) {
    if (Cancelled()) return SKM_ECANCELED;
    const skm_int k1 = k0 + kNb < k ? k0 + kNb : k, kb = k1 - k0;
    skm_status st = FactorPanelRecursive(m, k0, k1, A, lda, tau, w.p, V.p, Tt.p, G.p, W.p);
    if (st != SKM_OK) return st;
    if (k1 >= n) continue;
    st = BlockReflector(m, k0, kb, A, lda, tau, V.p, Tt.p, G.p);
    if (st != SKM_OK) return st;
    st = ApplyBlockReflector(true, m - k0, n - k1, kb, V.p, Tt.p, A + k0 * lda + k1, lda, W.p);
    if (st != SKM_OK) return st;
  }
  return SKM_OK;
}

template <typename T>
skm_status Orgqr(skm_int m, skm_int n, skm_int k, const T* A, skm_int lda, const T* tau, T* Q, skm_int ldq) {
  if (m < 0 || n < 0 || k < 0 || n > m || k > n) return SKM_EINVAL;
  if (!linalg::StoredOk(A, m, k, lda) || !linalg::StoredOk(Q, m, n, ldq)) return SKM_EINVAL;
  if (k > 0 && tau == nullptr) return SKM_EINVAL;
  if (m == 0 || n == 0) return SKM_OK;
  Scratch<T> V(Count({uint64_t(m), uint64_t(kNb)}));
  Scratch<T> Tt(kNb * kNb), G(kNb * kNb);
  Scratch<T> W(Count({uint64_t(kNb), uint64_t(n)}));
  if (!V.p || !Tt.p || !G.p || !W.p) return SKM_ENOMEM;
  for (skm_int i = 0; i < m; ++i) {
    for (skm_int j = 0; j < n; ++j) Q[i * ldq + j] = i == j ? T(1) : T(0);
  }
  // Backward accumulation: Q = H_b (... (H_last [I; 0])). While block b is
  // applied, Q[k0:m, 0:k0] is still zero, so only columns k0..n change.
  const skm_int last = k == 0 ? -1 : ((k - 1) / kNb) * kNb;
  for (skm_int k0 = last; k0 >= 0; k0 -= kNb) {
    if (Cancelled()) return SKM_ECANCELED;
    const skm_int kb = k0 + kNb < k ? kNb : k - k0;
    skm_status st = BlockReflector(m, k0, kb, A, lda, tau, V.p, Tt.p, G.p);
    if (st != SKM_OK) return st;
    st = ApplyBlockReflector(false, m - k0, n - k0, kb, V.p, Tt.p, Q + k0 * ldq + k0, ldq, W.p);
    if (st != SKM_OK) return st;
  }
  return SKM_OK;
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_qr_f32(skm_int m, skm_int n, float* A, skm_int lda, float* tau) {
  return skm::Guarded([&] { return skm::Geqrf<float>(m, n, A, lda, tau); });
}
SKM_API skm_status skm_qr_f64(skm_int m, skm_int n, double* A, skm_int lda, double* tau) {
  return skm::Guarded([&] { return skm::Geqrf<double>(m, n, A, lda, tau); });
}
SKM_API skm_status skm_qr_q_f32(skm_int m, skm_int n, skm_int k, const float* V, skm_int ldv,
                                const float* tau, float* Q, skm_int ldq) {
  return skm::Guarded([&] { return skm::Orgqr<float>(m, n, k, V, ldv, tau, Q, ldq); });
}
SKM_API skm_status skm_qr_q_f64(skm_int m, skm_int n, skm_int k, const double* V, skm_int ldv,
                                const double* tau, double* Q, skm_int ldq) {
  return skm::Guarded([&] { return skm::Orgqr<double>(m, n, k, V, ldv, tau, Q, ldq); });
}

}  // extern "C"
