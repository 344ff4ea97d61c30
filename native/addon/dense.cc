// Doors onto the dense kernels: gemm, gemv (sync and async).
#include <napi.h>

#include "args.h"
#include "async.h"
#include "modules.h"
#include "sketchmat.h"

namespace skm_addon {
namespace {

template <typename T>
struct Dense;
template <>
struct Dense<float> {
  static constexpr auto gemm = skm_gemm_f32;
  static constexpr auto gemv = skm_gemv_f32;
};
template <>
struct Dense<double> {
  static constexpr auto gemm = skm_gemm_f64;
  static constexpr auto gemv = skm_gemv_f64;
};

// The shape arguments shared by gemm and gemmAsync, checked against the
// arrays: (transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc).
template <typename T>
struct GemmArgs {
  int32_t transA, transB;
  skm_int m, n, k, lda, ldb, ldc;
  T alpha, beta;
  View<T> A, B;

  GemmArgs(const Napi::CallbackInfo& info)
      : transA(static_cast<int32_t>(ArgInt(info, 0, "transA", 0, 1))),
        transB(static_cast<int32_t>(ArgInt(info, 1, "transB", 0, 1))),
        m(ArgSize(info, 2, "m")),
        n(ArgSize(info, 3, "n")),
        k(ArgSize(info, 4, "k")),
        lda(ArgSize(info, 7, "lda")),
        ldb(ArgSize(info, 9, "ldb")),
        ldc(ArgSize(info, 12, "ldc")),
        alpha(static_cast<T>(ArgDouble(info, 5, "alpha"))),
        beta(static_cast<T>(ArgDouble(info, 10, "beta"))),
        A(ArgArray<T>(info, 6, "A")),
        B(ArgArray<T>(info, 8, "B")) {
    RequireExtent(info, A, "A", transA ? k : m, transA ? m : k, lda);
    RequireExtent(info, B, "B", transB ? n : k, transB ? k : n, ldb);
  }
};

template <typename T>
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  GemmArgs<T> g(info);
  View<T> C = ArgArray<T>(info, 11, "C");
  RequireExtent(info, C, "C", g.m, g.n, g.ldc);
  if (Overlap(C, g.A) || Overlap(C, g.B)) {
    throw Napi::RangeError::New(info.Env(), "gemm: C overlaps A or B");
  }
  AdviseHugePages(C);
  Check(info.Env(),
        Dense<T>::gemm(g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.A.data,
                       g.lda, g.B.data, g.ldb, g.beta, C.data, g.ldc),
        "gemm");
  return info.Env().Undefined();
}

// Resolves to a new m x n array (ld n). C is read only when beta != 0.
template <typename T>
Napi::Value GemmAsync(const Napi::CallbackInfo& info) {
  GemmArgs<T> g(info);
  // The result is sized m * n, which no array bounds: with k = 0 and beta = 0
  // nothing else limits m and n, and m * n could wrap.
  RequireResultSize(info, g.m, g.n, "gemmAsync");
  auto a = std::make_shared<Buffer<T>>(
      CopyBlock(g.A, g.transA ? g.k : g.m, g.transA ? g.m : g.k, g.lda));
  auto b = std::make_shared<Buffer<T>>(
      CopyBlock(g.B, g.transB ? g.n : g.k, g.transB ? g.k : g.n, g.ldb));
  std::shared_ptr<Buffer<T>> c;
  if (g.beta != T(0)) {
    View<T> C = ArgArray<T>(info, 11, "C");
    RequireExtent(info, C, "C", g.m, g.n, g.ldc);
    c = std::make_shared<Buffer<T>>(CopyBlock(C, g.m, g.n, g.ldc));
  } else {
    c = std::make_shared<Buffer<T>>(static_cast<size_t>(g.m) * g.n);
  }
  const skm_int lda = g.transA ? g.m : g.k, ldb = g.transB ? g.k : g.n;
  return QueueKernel(
      info.Env(), "gemmAsync",
      [g, a, b, c, lda, ldb] {
        return Dense<T>::gemm(g.transA, g.transB, g.m, g.n, g.k, g.alpha,
                              a->data(), lda, b->data(), ldb, g.beta,
                              c->data(), g.n);
      },
      [c](Napi::Env env) { return ToTypedArray(env, *c); });
}

// (trans, m, n, alpha, A, lda, x, incx, beta, y, incy)
template <typename T>
Napi::Value Gemv(const Napi::CallbackInfo& info) {
  const int32_t trans = static_cast<int32_t>(ArgInt(info, 0, "trans", 0, 1));
  const skm_int m = ArgSize(info, 1, "m"), n = ArgSize(info, 2, "n");
  const T alpha = static_cast<T>(ArgDouble(info, 3, "alpha"));
  View<T> A = ArgArray<T>(info, 4, "A");
  const skm_int lda = ArgSize(info, 5, "lda");
  View<T> x = ArgArray<T>(info, 6, "x");
  const skm_int incx = static_cast<skm_int>(ArgInt(info, 7, "incx", 1, int64_t{1} << 52));
  const T beta = static_cast<T>(ArgDouble(info, 8, "beta"));
  View<T> y = ArgArray<T>(info, 9, "y");
  const skm_int incy = static_cast<skm_int>(ArgInt(info, 10, "incy", 1, int64_t{1} << 52));
  RequireExtent(info, A, "A", m, n, lda);
  RequireExtent(info, x, "x", trans ? m : n, 1, incx);
  RequireExtent(info, y, "y", trans ? n : m, 1, incy);
  if (Overlap(y, A) || Overlap(y, x)) {
    throw Napi::RangeError::New(info.Env(), "gemv: y overlaps A or x");
  }
  Check(info.Env(),
        Dense<T>::gemv(trans, m, n, alpha, A.data, lda, x.data, incx, beta,
                       y.data, incy),
        "gemv");
  return info.Env().Undefined();
}

}  // namespace

void InitDense(Napi::Env env, Napi::Object exports) {
  exports.Set("gemm", Napi::Function::New(env, [](const Napi::CallbackInfo& i) {
                return ByDtype<Gemm<float>, Gemm<double>>(i, 6);
              }));
  exports.Set("gemmAsync",
              Napi::Function::New(env, [](const Napi::CallbackInfo& i) {
                return ByDtype<GemmAsync<float>, GemmAsync<double>>(i, 6);
              }));
  exports.Set("gemv", Napi::Function::New(env, [](const Napi::CallbackInfo& i) {
                return ByDtype<Gemv<float>, Gemv<double>>(i, 4);
              }));
}

}  // namespace skm_addon
