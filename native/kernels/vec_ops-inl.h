// Per-target vector operations shared by the kernels with f64 vectors
// (gemm.cc, gemv.cc, fft.cc).
//
// Include this INSIDE `namespace skm { namespace HWY_NAMESPACE {` after
// `namespace hn = hwy::HWY_NAMESPACE;`. It has no include guard on purpose:
// foreach_target.h re-includes the kernel once per target, and each pass
// needs its own copy in that target's namespace.
//
// Highway 1.0.3 has no f64 vectors on WASM (HWY_HAVE_FLOAT64 == 0): there f64
// uses SIMD128's f64x2 directly (wasm_simd128.h), or plain doubles on a
// target without it.
namespace {  // one copy per translation unit and target, out of the ODR

template <typename T>
struct VecOps {
  using D = hn::ScalableTag<T>;
  using V = hn::Vec<D>;
  static constexpr size_t kN = HWY_LANES(T);
  static HWY_INLINE V Zero() { return hn::Zero(D()); }
  static HWY_INLINE V Set(T x) { return hn::Set(D(), x); }
  static HWY_INLINE V Load(const T* p) { return hn::Load(D(), p); }
  static HWY_INLINE V LoadU(const T* p) { return hn::LoadU(D(), p); }
  static HWY_INLINE void Store(V v, T* p) { hn::Store(v, D(), p); }
  static HWY_INLINE void StoreU(V v, T* p) { hn::StoreU(v, D(), p); }
  static HWY_INLINE V MulAdd(V a, V b, V c) { return hn::MulAdd(a, b, c); }
  static HWY_INLINE V Mul(V a, V b) { return hn::Mul(a, b); }
  static HWY_INLINE V Add(V a, V b) { return hn::Add(a, b); }
  static HWY_INLINE V Sub(V a, V b) { return hn::Sub(a, b); }
  static HWY_INLINE T Sum(V v) { return hn::GetLane(hn::SumOfLanes(D(), v)); }
};
#if !HWY_HAVE_FLOAT64
template <>
struct VecOps<double> {
  using T = double;
#if HWY_TARGET == HWY_WASM
  using V = v128_t;
  static constexpr size_t kN = 2;
  static HWY_INLINE V Zero() { return wasm_f64x2_splat(0.0); }
  static HWY_INLINE V Set(T x) { return wasm_f64x2_splat(x); }
  static HWY_INLINE V Load(const T* p) { return wasm_v128_load(p); }
  static HWY_INLINE V LoadU(const T* p) { return wasm_v128_load(p); }
  static HWY_INLINE void Store(V v, T* p) { wasm_v128_store(p, v); }
  static HWY_INLINE void StoreU(V v, T* p) { wasm_v128_store(p, v); }
  static HWY_INLINE V MulAdd(V a, V b, V c) {
    return wasm_f64x2_add(wasm_f64x2_mul(a, b), c);
  }
  static HWY_INLINE V Mul(V a, V b) { return wasm_f64x2_mul(a, b); }
  static HWY_INLINE V Add(V a, V b) { return wasm_f64x2_add(a, b); }
  static HWY_INLINE V Sub(V a, V b) { return wasm_f64x2_sub(a, b); }
  static HWY_INLINE T Sum(V v) {
    return wasm_f64x2_extract_lane(v, 0) + wasm_f64x2_extract_lane(v, 1);
  }
#else
  struct V {
    T raw;
  };
  static constexpr size_t kN = 1;
  static HWY_INLINE V Zero() { return V{0.0}; }
  static HWY_INLINE V Set(T x) { return V{x}; }
  static HWY_INLINE V Load(const T* p) { return V{*p}; }
  static HWY_INLINE V LoadU(const T* p) { return V{*p}; }
  static HWY_INLINE void Store(V v, T* p) { *p = v.raw; }
  static HWY_INLINE void StoreU(V v, T* p) { *p = v.raw; }
  static HWY_INLINE V MulAdd(V a, V b, V c) { return V{a.raw * b.raw + c.raw}; }
  static HWY_INLINE V Mul(V a, V b) { return V{a.raw * b.raw}; }
  static HWY_INLINE V Add(V a, V b) { return V{a.raw + b.raw}; }
  static HWY_INLINE V Sub(V a, V b) { return V{a.raw - b.raw}; }
  static HWY_INLINE T Sum(V v) { return v.raw; }
#endif
};
#endif  // !HWY_HAVE_FLOAT64

}  // namespace
