// Library-wide state behind the C ABI: version, SIMD level and cap, threads.
#include "parallel.h"
#include "sketchmat.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "library.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "hwy/targets.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
// Which target dynamic dispatch picks now: the same choice every kernel's
// HWY_DYNAMIC_DISPATCH makes, so skm_simd_level reports what really runs.
int64_t DispatchedTarget() { return HWY_TARGET; }
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(DispatchedTarget);
// With a single compiled target (WASM) dispatch is static and names the
// function relative to this namespace, so call it from here.
int64_t CurrentTarget() { return HWY_DYNAMIC_DISPATCH(DispatchedTarget)(); }
}  // namespace skm

namespace {

// Highway targets compiled into this build (HWY_TARGETS of this TU equals
// that of every kernel TU: the flags are the same for all) mapped to levels.
struct LevelTarget {
  int32_t level;
  int64_t targets;  // Highway target bits that count as this level
};

constexpr LevelTarget kLevels[] = {
    {SKM_SIMD_AVX512, HWY_AVX3 | HWY_AVX3_DL},
    {SKM_SIMD_AVX2, HWY_AVX2},
    {SKM_SIMD_SSE4, HWY_SSE4},
    {SKM_SIMD_NEON, HWY_NEON},
    {SKM_SIMD_SIMD128, HWY_WASM},
    {SKM_SIMD_SCALAR, HWY_SCALAR | HWY_EMU128},
};

int32_t LevelOf(int64_t target) {
  for (const LevelTarget& lt : kLevels) {
    if (target & lt.targets) return lt.level;
  }
  return SKM_SIMD_SCALAR;
}

}  // namespace

extern "C" {

SKM_API const char* skm_version(void) { return "0.1.0"; }

SKM_API int32_t skm_simd_level(void) {
  return LevelOf(skm::CurrentTarget());
}

SKM_API int32_t skm_simd_available(void) {
#if HWY_HAVE_RUNTIME_DISPATCH && !defined(__EMSCRIPTEN__)
  // Computed on the first call, which skm_simd_cap makes before it sets any
  // cap, so this is what the CPU and build can run, not what the cap allows.
  static const int32_t bits = [] {
    const int64_t targets = hwy::SupportedTargets() & HWY_TARGETS;
    int32_t b = 0;
    for (const LevelTarget& lt : kLevels) {
      if (targets & lt.targets) b |= 1 << lt.level;
    }
    // SupportedTargets() re-points dispatch at every target the CPU has,
    // ignoring a cap; make the next dispatch choose again under the cap.
    hwy::GetChosenTarget().DeInit();
    return b;
  }();
  return bits;
#else
  return 1 << LevelOf(HWY_STATIC_TARGET);
#endif
}

SKM_API skm_status skm_simd_cap(int32_t level) {
  if (level < 0 || level > SKM_SIMD_SIMD128) return SKM_EINVAL;
  if (!(skm_simd_available() & (1 << level))) return SKM_EINVAL;
#if HWY_HAVE_RUNTIME_DISPATCH && !defined(__EMSCRIPTEN__)
  // Disable every compiled target better than the cap. Levels are not ordered
  // across architectures, so compare within this build's x86 ladder.
  int64_t disable = 0;
  for (const LevelTarget& lt : kLevels) {
    if (lt.level == SKM_SIMD_SCALAR) break;
    if (lt.level == level) break;
    disable |= lt.targets;
  }
  hwy::DisableTargets(disable & HWY_TARGETS);
#endif
  return SKM_OK;
}

SKM_API int32_t skm_threads(void) { return skm::Threads(); }

SKM_API skm_status skm_set_threads(int32_t n) {
  if (n < 1 || n > 1024) return SKM_EINVAL;
  skm::SetThreads(n);
  return SKM_OK;
}

}  // extern "C"

#endif  // HWY_ONCE
