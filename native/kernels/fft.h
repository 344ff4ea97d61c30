// Complex FFT of any length over split real/imaginary f64 arrays (fft.cc).
// Twiddles come from SinCos2Pi (philox.h), our fixed formula, so transforms
// give the same bits on every backend; arithmetic follows the code's order
// (-ffp-contract=off), on vectors or not. Power-of-two lengths use an iterative radix-2
// transform; other lengths Bluestein's chirp-z through a power-of-two one.
#ifndef SKETCHMAT_KERNELS_FFT_H_
#define SKETCHMAT_KERNELS_FFT_H_

#include <cstddef>

namespace skm {

// Transforms per call: Execute works on kFftBatch interleaved transforms
// (element j of transform l at [j * kFftBatch + l]), so that vectors run
// across them on every target (8 = the f64 lanes of AVX-512).
constexpr size_t kFftBatch = 8;

class FftPlan {
 public:
  FftPlan() = default;
  FftPlan(const FftPlan&) = delete;
  FftPlan& operator=(const FftPlan&) = delete;
  ~FftPlan();
  // False when memory runs out.
  bool Init(size_t n);
  size_t size() const { return n_; }
  // Doubles of scratch Execute needs (0 for powers of two).
  size_t scratch_size() const { return pow2_ ? 0 : 2 * m_ * kFftBatch; }
  // In place, on kFftBatch interleaved transforms of length n (re and im
  // hold n * kFftBatch doubles each): X_k = sum_j x_j e^(-+2 pi i jk/n)
  // (- forward, + inverse), unnormalized both ways.
  void Execute(double* re, double* im, bool inverse, double* scratch) const;

 private:
  void Radix2(size_t m, double* re, double* im, bool inverse) const;
  size_t n_ = 0, m_ = 0;
  bool pow2_ = true;
  double* mem_ = nullptr;
  // Stage twiddles: cos/sin of 2 pi j / (2 h) at index h - 1 + j, j < h, for
  // h = 1, 2, ..., m/2 (m = n_ for powers of two); m - 1 of each.
  double* cos_ = nullptr;
  double* sin_ = nullptr;
  // Bluestein: chirp w_j = e^(-pi i j^2 / n) (j < n) and FFT of its conjugate
  // sequence b (length m).
  double* wre_ = nullptr;
  double* wim_ = nullptr;
  double* bre_ = nullptr;
  double* bim_ = nullptr;
};

}  // namespace skm

#endif  // SKETCHMAT_KERNELS_FFT_H_
