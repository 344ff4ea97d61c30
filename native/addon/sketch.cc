// Doors onto the sketching kernels: dense / apply / project (dense and CSR
// operands, sync; project also async) and the FWHT.
#include <napi.h>

#include <cstdint>
#include <cstring>
#include <memory>

#include "args.h"
#include "async.h"
#include "modules.h"
#include "sketchmat.h"

namespace skm_addon {
namespace {

template <typename T>
struct K;
template <>
struct K<float> {
  static constexpr auto dense = skm_sketch_dense_f32;
  static constexpr auto apply = skm_sketch_apply_f32;
  static constexpr auto apply_csr = skm_sketch_apply_csr_f32;
  static constexpr auto project = skm_sketch_project_f32;
  static constexpr auto project_csr = skm_sketch_project_csr_f32;
  static constexpr auto fwht = skm_fwht_f32;
};
template <>
struct K<double> {
  static constexpr auto dense = skm_sketch_dense_f64;
  static constexpr auto apply = skm_sketch_apply_f64;
  static constexpr auto apply_csr = skm_sketch_apply_csr_f64;
  static constexpr auto project = skm_sketch_project_f64;
  static constexpr auto project_csr = skm_sketch_project_csr_f64;
  static constexpr auto fwht = skm_fwht_f64;
};

// The operator: (kind, k, n, param, seedLo, seedHi) at arguments 0..5.
struct Op {
  int32_t kind;
  skm_int k, n;
  double param;
  uint32_t lo, hi;
  explicit Op(const Napi::CallbackInfo& info)
      : kind(static_cast<int32_t>(ArgInt(info, 0, "kind", 1, 6))),
        k(ArgSize(info, 1, "k")),
        n(ArgSize(info, 2, "n")),
        param(ArgDouble(info, 3, "param")),
        lo(static_cast<uint32_t>(ArgInt(info, 4, "seedLo", 0, 0xffffffffLL))),
        hi(static_cast<uint32_t>(ArgInt(info, 5, "seedHi", 0, 0xffffffffLL))) {}
};


// A CSR operand with `rows` rows at arguments i, i+1, i+2 (indptr, indices,
// data), checked so that the kernel reads only inside the arrays (it checks
// monotonicity and index ranges itself).
template <typename T>
struct CsrArgs {
  View<int32_t> indptr, indices;
  View<T> data;
  CsrArgs(const Napi::CallbackInfo& info, size_t i, skm_int rows)
      : indptr(ArgArray<int32_t>(info, i, "indptr")),
        indices(ArgArray<int32_t>(info, i + 1, "indices")),
        data(ArgArray<T>(info, i + 2, "data")) {
    if (indptr.length < static_cast<size_t>(rows) + 1) {
      throw Napi::RangeError::New(info.Env(), "indptr needs rows + 1 entries");
    }
    const int32_t nnz = indptr.data[rows];
    if (nnz < 0 || static_cast<size_t>(nnz) > indices.length ||
        static_cast<size_t>(nnz) > data.length) {
      throw Napi::RangeError::New(
          info.Env(), "indptr[rows] must be within indices and data");
    }
  }
};

// (op..., col0, cols, out, ldo)
template <typename T>
Napi::Value Dense(const Napi::CallbackInfo& info) {
  Op op(info);
  const skm_int col0 = ArgSize(info, 6, "col0"), cols = ArgSize(info, 7, "cols");
  View<T> out = ArgArray<T>(info, 8, "out");
  const skm_int ldo = ArgSize(info, 9, "ldo");
  RequireExtent(info, out, "out", op.k, cols, ldo);
  AdviseHugePages(out);
  Check(info.Env(),
        K<T>::dense(op.kind, op.k, op.n, op.param, op.lo, op.hi, col0, cols,
                    out.data, ldo),
        "sketch.toDense");
  return info.Env().Undefined();
}

// (op..., row0, rows, d, B, ldb, out, ldo)
template <typename T>
Napi::Value Apply(const Napi::CallbackInfo& info) {
  Op op(info);
  const skm_int row0 = ArgSize(info, 6, "row0"), rows = ArgSize(info, 7, "rows");
  const skm_int d = ArgSize(info, 8, "d");
  View<T> B = ArgArray<T>(info, 9, "B");
  const skm_int ldb = ArgSize(info, 10, "ldb");
  View<T> out = ArgArray<T>(info, 11, "out");
  const skm_int ldo = ArgSize(info, 12, "ldo");
  RequireExtent(info, B, "B", rows, d, ldb);
  RequireExtent(info, out, "out", op.k, d, ldo);
  if (Overlap(out, B)) throw Napi::RangeError::New(info.Env(), "apply: out overlaps B");
  AdviseHugePages(out);
  Check(info.Env(),
        K<T>::apply(op.kind, op.k, op.n, op.param, op.lo, op.hi, row0, rows, d,
                    B.data, ldb, out.data, ldo),
        "sketch.apply");
  return info.Env().Undefined();
}

// (op..., row0, rows, d, indptr, indices, data, out, ldo)
template <typename T>
Napi::Value ApplyCsr(const Napi::CallbackInfo& info) {
  Op op(info);
  const skm_int row0 = ArgSize(info, 6, "row0"), rows = ArgSize(info, 7, "rows");
  const skm_int d = ArgSize(info, 8, "d");
  CsrArgs<T> B(info, 9, rows);
  View<T> out = ArgArray<T>(info, 12, "out");
  const skm_int ldo = ArgSize(info, 13, "ldo");
  RequireExtent(info, out, "out", op.k, d, ldo);
  if (Overlap(out, B.data) || Overlap(out, B.indptr) || Overlap(out, B.indices)) {
    throw Napi::RangeError::New(info.Env(), "apply: out overlaps B");
  }
  AdviseHugePages(out);
  Check(info.Env(),
        K<T>::apply_csr(op.kind, op.k, op.n, op.param, op.lo, op.hi, row0,
                        rows, d, B.indptr.data, B.indices.data, B.data.data,
                        out.data, ldo),
        "sketch.apply");
  return info.Env().Undefined();
}

// (op..., N, X, ldx, out, ldo)
template <typename T>
Napi::Value Project(const Napi::CallbackInfo& info) {
  Op op(info);
  const skm_int N = ArgSize(info, 6, "N");
  View<T> X = ArgArray<T>(info, 7, "X");
  const skm_int ldx = ArgSize(info, 8, "ldx");
  View<T> out = ArgArray<T>(info, 9, "out");
  const skm_int ldo = ArgSize(info, 10, "ldo");
  RequireExtent(info, X, "X", N, op.n, ldx);
  RequireExtent(info, out, "out", N, op.k, ldo);
  if (Overlap(out, X)) throw Napi::RangeError::New(info.Env(), "project: out overlaps X");
  AdviseHugePages(out);
  Check(info.Env(),
        K<T>::project(op.kind, op.k, op.n, op.param, op.lo, op.hi, N, X.data,
                      ldx, out.data, ldo),
        "sketch.project");
  return info.Env().Undefined();
}

// (op..., N, indptr, indices, data, out, ldo)
template <typename T>
Napi::Value ProjectCsr(const Napi::CallbackInfo& info) {
  Op op(info);
  const skm_int N = ArgSize(info, 6, "N");
  CsrArgs<T> X(info, 7, N);
  View<T> out = ArgArray<T>(info, 10, "out");
  const skm_int ldo = ArgSize(info, 11, "ldo");
  RequireExtent(info, out, "out", N, op.k, ldo);
  if (Overlap(out, X.data) || Overlap(out, X.indptr) || Overlap(out, X.indices)) {
    throw Napi::RangeError::New(info.Env(), "project: out overlaps X");
  }
  AdviseHugePages(out);
  Check(info.Env(),
        K<T>::project_csr(op.kind, op.k, op.n, op.param, op.lo, op.hi, N,
                          X.indptr.data, X.indices.data, X.data.data, out.data,
                          ldo),
        "sketch.project");
  return info.Env().Undefined();
}

template <typename T>
std::shared_ptr<Buffer<T>> Copy(const T* p, size_t n) {
  return std::make_shared<Buffer<T>>(p, p + n);
}

// (op..., N, X, ldx) or (op..., N, indptr, indices, data): resolves to a new
// N x k array. Works on copies of the inputs.
template <typename T>
Napi::Value ProjectAsync(const Napi::CallbackInfo& info) {
  Op op(info);
  const skm_int N = ArgSize(info, 6, "N");
  // N * k bounds nothing else here and could wrap size_t: check it first.
  RequireResultSize(info, N, op.k, "sketch.projectAsync");
  auto out = std::make_shared<Buffer<T>>(static_cast<size_t>(N) *
                                              static_cast<size_t>(op.k));
  if (info[7].IsTypedArray() &&
      info[7].As<Napi::TypedArray>().TypedArrayType() == napi_int32_array) {
    CsrArgs<T> X(info, 7, N);
    const size_t nnz = static_cast<size_t>(X.indptr.data[N]);
    auto ip = Copy(X.indptr.data, static_cast<size_t>(N) + 1);
    auto ix = Copy(X.indices.data, nnz);
    auto dx = Copy(X.data.data, nnz);
    return QueueKernel(
        info.Env(), "sketch.projectAsync",
        [op, N, ip, ix, dx, out] {
          return K<T>::project_csr(op.kind, op.k, op.n, op.param, op.lo, op.hi,
                                   N, ip->data(), ix->data(), dx->data(),
                                   out->data(), op.k);
        },
        [out](Napi::Env env) { return ToTypedArray(env, *out); });
  }
  View<T> X = ArgArray<T>(info, 7, "X");
  const skm_int ldx = ArgSize(info, 8, "ldx");
  RequireExtent(info, X, "X", N, op.n, ldx);
  auto x = std::make_shared<Buffer<T>>(CopyBlock(X, N, op.n, ldx));
  return QueueKernel(
      info.Env(), "sketch.projectAsync",
      [op, N, x, out] {
        return K<T>::project(op.kind, op.k, op.n, op.param, op.lo, op.hi, N,
                             x->data(), op.n, out->data(), op.k);
      },
      [out](Napi::Env env) { return ToTypedArray(env, *out); });
}

// (rows, n, x, ldx, normalize)
template <typename T>
Napi::Value Fwht(const Napi::CallbackInfo& info) {
  const skm_int rows = ArgSize(info, 0, "rows"), n = ArgSize(info, 1, "n");
  View<T> x = ArgArray<T>(info, 2, "x");
  const skm_int ldx = ArgSize(info, 3, "ldx");
  RequireExtent(info, x, "x", rows, n, ldx);
  Check(info.Env(), K<T>::fwht(rows, n, x.data, ldx, ArgBool(info, 4) ? 1 : 0),
        "sketch.fwht");
  return info.Env().Undefined();
}

template <Napi::Value (*F32)(const Napi::CallbackInfo&),
          Napi::Value (*F64)(const Napi::CallbackInfo&)>
Napi::Function Door(Napi::Env env, size_t arg) {
  return Napi::Function::New(env, [arg](const Napi::CallbackInfo& i) {
    return ByDtype<F32, F64>(i, arg);
  });
}

}  // namespace

void InitSketch(Napi::Env env, Napi::Object exports) {
  exports.Set("sketchDense", Door<Dense<float>, Dense<double>>(env, 8));
  exports.Set("sketchApply", Door<Apply<float>, Apply<double>>(env, 9));
  exports.Set("sketchApplyCsr", Door<ApplyCsr<float>, ApplyCsr<double>>(env, 11));
  exports.Set("sketchProject", Door<Project<float>, Project<double>>(env, 7));
  exports.Set("sketchProjectCsr",
              Door<ProjectCsr<float>, ProjectCsr<double>>(env, 9));
  exports.Set("sketchProjectAsync",
              Napi::Function::New(env, [](const Napi::CallbackInfo& i) {
                // The float array: X at 7, or data at 9 for CSR.
                const bool csr = i[7].IsTypedArray() &&
                                 i[7].As<Napi::TypedArray>().TypedArrayType() ==
                                     napi_int32_array;
                return ByDtype<ProjectAsync<float>, ProjectAsync<double>>(
                    i, csr ? 9 : 7);
              }));
  exports.Set("fwht", Door<Fwht<float>, Fwht<double>>(env, 2));
}

}  // namespace skm_addon
