// Thin SVD: Householder QR, then one-sided Jacobi on R (Hestenes 1958;
// Demmel & Veselic 1992: one-sided Jacobi is accurate to each singular
// value's own relative condition, so as accurate as LAPACK's QR-iteration
// SVD or better).
//
// For A (m x n, m >= n): A = Q R (qr.cc, blocked through the GEMM), then
// Jacobi rotations orthogonalize the columns of R until R J = U_R diag(s);
// A = (Q U_R) diag(s) J^T, and Q U_R is one GEMM. The columns of R are kept
// as the rows of a matrix (row-major), so every rotation and every dot
// product sweeps contiguous memory; J is accumulated the same way, as the
// rows of Vt. A wide A is done as A^T = V diag(s) U^T.
//
// Convergence: a pair (p, q) is rotated while |<r_p, r_q>| > sqrt(n) eps ||r_p||
// ||r_q|| (as LAPACK gesvj: about where rounding of the dot product decides);
// sweeps stop when a whole sweep rotates nothing. The test is relative, so
// tiny columns are orthogonalized as well as large ones.
#include <cmath>
#include <cstring>
#include <limits>

#include "cancel.h"
#include "guarded.h"
#include "linalg_util.h"
#include "skm_linalg.h"

namespace skm {
namespace {

using linalg::Scratch;

constexpr int kMaxSweeps = 60;

inline skm_status Qr(skm_int m, skm_int n, float* A, skm_int lda, float* tau) {
  return skm_qr_f32(m, n, A, lda, tau);
}
inline skm_status Qr(skm_int m, skm_int n, double* A, skm_int lda, double* tau) {
  return skm_qr_f64(m, n, A, lda, tau);
}
inline skm_status FormQ(skm_int m, skm_int n, const float* A, skm_int lda, const float* tau, float* Q) {
  return skm_qr_q_f32(m, n, n, A, lda, tau, Q, n);
}
inline skm_status FormQ(skm_int m, skm_int n, const double* A, skm_int lda, const double* tau, double* Q) {
  return skm_qr_q_f64(m, n, n, A, lda, tau, Q, n);
}

// One-sided Jacobi on the rows of W (n x n): afterwards the rows are
// mutually orthogonal; the same rotations are applied to the rows of Vt.
// Squared row norms are kept in `norms` and updated exactly as the rotation
// changes them (alpha' = alpha - t gamma, beta' = beta + t gamma), so a pair
// costs one dot product; they are recomputed at the start of every sweep so
// rounding in the updates never accumulates.
template <typename T>
skm_status OrthogonalizeRows(skm_int n, T* W, T* Vt, T* norms) {
  const T tol = std::sqrt(T(n)) * linalg::Eps<T>();
  // Rows whose squared norm is not a normal number are left alone: their
  // dot products underflow, so rotating them need never converge. TallSvd
  // makes them orthogonal to the rest by Gram-Schmidt afterwards.
  const T tinySquared = std::numeric_limits<T>::min() / linalg::Eps<T>();
  // |zeta| past which zeta^2 could overflow (in f32 too: sqrt of its max is ~1.8e19).
  constexpr T kBigZeta = T(1e18);
  for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
    if (Cancelled()) return SKM_ECANCELED;
    for (skm_int p = 0; p < n; ++p) norms[p] = linalg::Dot(n, W + p * n, W + p * n);
    bool rotated = false;
    for (skm_int p = 0; p + 1 < n; ++p) {
      T* wp = W + p * n;
      T* vp = Vt + p * n;
      for (skm_int q = p + 1; q < n; ++q) {
        T* wq = W + q * n;
        const T alpha = norms[p], beta = norms[q];
        if (alpha < tinySquared || beta < tinySquared) continue;
        const T gamma = linalg::Dot(n, wp, wq);
        if (!(std::fabs(gamma) > tol * std::sqrt(alpha) * std::sqrt(beta))) continue;
        rotated = true;
        // The rotation that zeroes the new <w_p, w_q>: t is the smaller root
        // of t^2 + 2 zeta t - 1 = 0.
        // sqrt, not hypot: hypot's care took 14% of a 2000 x 200 SVD, and
        // 1 + zeta^2 cannot overflow below kBigZeta (beyond it t = 1/(2 zeta)
        // to working precision); |t| <= 1, so 1 + t^2 is safe.
        const T zeta = (beta - alpha) / (T(2) * gamma);
        const T az = std::fabs(zeta);
        const T t = std::copysign(T(1), zeta) / (az < kBigZeta ? az + std::sqrt(T(1) + zeta * zeta) : T(2) * az);
        const T c = T(1) / std::sqrt(T(1) + t * t), s = c * t;
        RowRotate(size_t(n), c, s, wp, wq);
        RowRotate(size_t(n), c, s, vp, Vt + q * n);
        norms[p] = std::fmax(alpha - t * gamma, T(0));
        norms[q] = beta + t * gamma;
      }
    }
    if (!rotated) return SKM_OK;
  }
  return SKM_OK;  // not reached in practice: Jacobi converges quadratically
}

// SVD of scale * X, X tall (M x N, M >= N, at ldx): U (M x N, contiguous),
// s (N), Vt (N x N, contiguous), unsorted and unsigned.
template <typename T>
skm_status TallSvd(skm_int M, skm_int N, const T* X, skm_int ldx, T scale, T* U, T* s, T* Vt) {
  const uint64_t mn = Count({uint64_t(M), uint64_t(N)}), nn = Count({uint64_t(N), uint64_t(N)});
  Scratch<T> F(mn), Q(mn), W(nn), tau(N), norms(N);
  if (!F.p || !Q.p || !W.p || !tau.p || !norms.p) return SKM_ENOMEM;
  for (skm_int i = 0; i < M; ++i) {
    for (skm_int j = 0; j < N; ++j) F.p[i * N + j] = scale * X[i * ldx + j];
  }
  skm_status st = Qr(M, N, F.p, N, tau.p);
  if (st != SKM_OK) return st;
  // W = R^T: row p is column p of R.
  for (skm_int p = 0; p < N; ++p) {
    for (skm_int i = 0; i < N; ++i) W.p[p * N + i] = i <= p ? F.p[i * N + p] : T(0);
  }
  st = FormQ(M, N, F.p, N, tau.p, Q.p);
  if (st != SKM_OK) return st;
  for (skm_int i = 0; i < N; ++i) {
    for (skm_int j = 0; j < N; ++j) Vt[i * N + j] = i == j ? T(1) : T(0);
  }
  st = OrthogonalizeRows(N, W.p, Vt, norms.p);
  if (st != SKM_OK) return st;
  // Row p of W is s_p u_p (u_p: column p of U_R). Rows whose squared norm is
  // not a normal number (zero, or below sqrt(min_normal / eps): their dot
  // products lose bits to underflow, so Jacobi's test says nothing about
  // them) are made orthogonal to all other rows by Gram-Schmidt, twice;
  // one that has nothing left becomes a unit vector orthogonal to all
  // others (Gram-Schmidt on e_0, e_1, ...). So U is orthonormal whatever
  // the rank. The other rows are orthogonal by Jacobi's test.
  const T tiny = std::sqrt(std::numeric_limits<T>::min() / linalg::Eps<T>());
  for (skm_int p = 0; p < N; ++p) {
    T* wp = W.p + p * N;
    s[p] = linalg::Norm2(N, wp, 1);
    // Divided, not multiplied by 1 / s_p: that overflows for a subnormal s_p.
    if (s[p] > T(0)) {
      for (skm_int k = 0; k < N; ++k) wp[k] /= s[p];
    }
  }
  skm_int nextUnit = 0;
  for (skm_int p = 0; p < N; ++p) {
    if (s[p] > tiny) continue;
    T* wp = W.p + p * N;
    // Orthogonal to every row but the tiny ones not yet processed (q > p).
    auto orthogonalize = [&] {
      for (int pass = 0; pass < 2; ++pass) {
        for (skm_int q = 0; q < N; ++q) {
          if (q == p || (q > p && s[q] <= tiny)) continue;
          const T* wq = W.p + q * N;
          const T dot = linalg::Dot(N, wp, wq);
          for (skm_int k = 0; k < N; ++k) wp[k] -= dot * wq[k];
        }
      }
      return linalg::Norm2(N, wp, 1);
    };
    T norm = s[p] > T(0) ? orthogonalize() : T(0);
    while (!(norm > T(0.5)) && nextUnit < N) {
      for (skm_int k = 0; k < N; ++k) wp[k] = k == nextUnit ? T(1) : T(0);
      ++nextUnit;
      norm = orthogonalize();
    }
    for (skm_int k = 0; k < N; ++k) wp[k] /= norm;
  }
  // U = Q U_R = Q W^T.
  return linalg::Gemm(false, true, M, N, N, T(1), Q.p, N, W.p, N, T(0), U, N);
}

template <typename T>
skm_status Svd(skm_int m, skm_int n, const T* A, skm_int lda, T* U, skm_int ldu, double* s, T* Vt,
               skm_int ldvt) {
  if (m < 0 || n < 0 || !linalg::StoredOk(A, m, n, lda)) return SKM_EINVAL;
  const skm_int k = m < n ? m : n;
  if (!linalg::StoredOk(U, m, k, ldu) || !linalg::StoredOk(Vt, k, n, ldvt)) return SKM_EINVAL;
  if (k > 0 && s == nullptr) return SKM_EINVAL;
  if (k == 0) return SKM_OK;
  if (!linalg::AllFinite(m, n, A, lda, false)) {
    for (skm_int i = 0; i < m; ++i) {
      for (skm_int j = 0; j < k; ++j) U[i * ldu + j] = T(NAN);
    }
    for (skm_int i = 0; i < k; ++i) {
      s[i] = NAN;
      for (skm_int j = 0; j < n; ++j) Vt[i * ldvt + j] = T(NAN);
    }
    return SKM_OK;
  }
  // Scale by a power of two (exact) so that the largest entry is near 1:
  // the squared norms Jacobi forms then neither overflow nor underflow
  // (f32 squares overflow from 1.8e19).
  T amax = 0;
  for (skm_int i = 0; i < m; ++i) {
    for (skm_int j = 0; j < n; ++j) amax = std::fmax(amax, std::fabs(A[i * lda + j]));
  }
  const int exponent = linalg::ScaleExponent(amax);
  const T scale = std::ldexp(T(1), -exponent);
  const bool wide = m < n;
  const skm_int M = wide ? n : m;
  const uint64_t mk = Count({uint64_t(M), uint64_t(k)}), kk = Count({uint64_t(k), uint64_t(k)});
  Scratch<T> Ut(mk), Vs(kk), sv(k), X(wide ? mk : 0);
  Scratch<skm_int> order(k);
  if (!Ut.p || !Vs.p || !sv.p || !order.p || (wide && !X.p)) return SKM_ENOMEM;
  skm_status st;
  if (wide) {
    for (skm_int i = 0; i < m; ++i) {
      for (skm_int j = 0; j < n; ++j) X.p[j * m + i] = A[i * lda + j];
    }
    st = TallSvd(n, m, X.p, m, scale, Ut.p, sv.p, Vs.p);
  } else {
    st = TallSvd(m, n, A, lda, scale, Ut.p, sv.p, Vs.p);
  }
  if (st != SKM_OK) return st;
  // Descending order (stable: equal values keep their Jacobi order).
  for (skm_int i = 0; i < k; ++i) order.p[i] = i;
  for (skm_int i = 1; i < k; ++i) {
    const skm_int o = order.p[i];
    skm_int j = i;
    for (; j > 0 && sv.p[order.p[j - 1]] < sv.p[o]; --j) order.p[j] = order.p[j - 1];
    order.p[j] = o;
  }
  // Tall: U = Ut (M x k, column o), Vt = Vs (row o). Wide: A = Vs^T diag Ut^T,
  // so U's column j is row o of Vs and Vt's row j is column o of Ut.
  for (skm_int j = 0; j < k; ++j) {
    const skm_int o = order.p[j];
    // Sign: the largest entry of U's column j is positive.
    T big = 0;
    for (skm_int i = 0; i < m; ++i) {
      const T u = wide ? Vs.p[o * k + i] : Ut.p[i * k + o];
      if (std::fabs(u) > std::fabs(big)) big = u;
    }
    const T sign = big < T(0) ? T(-1) : T(1);
    s[j] = std::ldexp(static_cast<double>(sv.p[o]), exponent);
    for (skm_int i = 0; i < m; ++i) U[i * ldu + j] = sign * (wide ? Vs.p[o * k + i] : Ut.p[i * k + o]);
    for (skm_int c = 0; c < n; ++c) Vt[j * ldvt + c] = sign * (wide ? Ut.p[c * k + o] : Vs.p[o * k + c]);
  }
  return SKM_OK;
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_svd_f32(skm_int m, skm_int n, const float* A, skm_int lda, float* U, skm_int ldu,
                               double* s, float* Vt, skm_int ldvt) {
  return skm::Guarded([&] { return skm::Svd<float>(m, n, A, lda, U, ldu, s, Vt, ldvt); });
}
SKM_API skm_status skm_svd_f64(skm_int m, skm_int n, const double* A, skm_int lda, double* U, skm_int ldu,
                               double* s, double* Vt, skm_int ldvt) {
  return skm::Guarded([&] { return skm::Svd<double>(m, n, A, lda, U, ldu, s, Vt, ldvt); });
}

}  // extern "C"
