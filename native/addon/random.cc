// Doors onto the counter-based RNG: philox blocks and random fills.
#include <napi.h>

#include "args.h"
#include "modules.h"
#include "sketchmat.h"

namespace skm_addon {
namespace {

// (ctr: Uint32Array(4), key: Uint32Array(2), out: Uint32Array(4))
Napi::Value Philox(const Napi::CallbackInfo& info) {
  View<uint32_t> ctr = ArgArray<uint32_t>(info, 0, "counter");
  View<uint32_t> key = ArgArray<uint32_t>(info, 1, "key");
  View<uint32_t> out = ArgArray<uint32_t>(info, 2, "out");
  if (ctr.length < 4 || key.length < 2 || out.length < 4) {
    throw Napi::RangeError::New(info.Env(),
                                "philox4x32: counter 4, key 2, out 4 words");
  }
  Check(info.Env(), skm_philox4x32(ctr.data, key.data, out.data), "philox4x32");
  return info.Env().Undefined();
}

// (dist, seedLo, seedHi, stream, row0, col0, rows, cols, scale, out, ldo)
template <typename T>
Napi::Value RandomFill(const Napi::CallbackInfo& info) {
  const int32_t dist = static_cast<int32_t>(ArgInt(info, 0, "dist", 0, 255));
  const uint32_t seedLo = static_cast<uint32_t>(ArgInt(info, 1, "seedLo", 0, 0xffffffffLL));
  const uint32_t seedHi = static_cast<uint32_t>(ArgInt(info, 2, "seedHi", 0, 0xffffffffLL));
  const uint32_t stream = static_cast<uint32_t>(ArgInt(info, 3, "stream", 0, 0xffffffffLL));
  const skm_int row0 = ArgSize(info, 4, "row0"), col0 = ArgSize(info, 5, "col0");
  const skm_int rows = ArgSize(info, 6, "rows"), cols = ArgSize(info, 7, "cols");
  const double scale = ArgDouble(info, 8, "scale");
  View<T> out = ArgArray<T>(info, 9, "out");
  const skm_int ldo = ArgSize(info, 10, "ldo");
  RequireExtent(info, out, "out", rows, cols, ldo);
  AdviseHugePages(out);
  skm_status s;
  if constexpr (std::is_same_v<T, float>) {
    s = skm_random_fill_f32(dist, seedLo, seedHi, stream, row0, col0, rows,
                            cols, scale, out.data, ldo);
  } else {
    s = skm_random_fill_f64(dist, seedLo, seedHi, stream, row0, col0, rows,
                            cols, scale, out.data, ldo);
  }
  Check(info.Env(), s, "randomFill");
  return info.Env().Undefined();
}

}  // namespace

void InitRandom(Napi::Env env, Napi::Object exports) {
  exports.Set("philox4x32", Napi::Function::New(env, Philox));
  exports.Set("randomFill",
              Napi::Function::New(env, [](const Napi::CallbackInfo& i) {
                return ByDtype<RandomFill<float>, RandomFill<double>>(i, 9);
              }));
}

}  // namespace skm_addon
