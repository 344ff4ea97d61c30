// The Node-API module: library-wide calls, the status-to-error mapping, and
// the kernels (every SKM_DOORS entry, see door.h).
#include <napi.h>

#include <atomic>
#include <string>

#include "args.h"
#include "modules.h"
#include "sketchmat.h"

namespace skm_addon {

void ThrowStatus(Napi::Env env, skm_status status, const char* what) {
  throw CodedError(env, StatusCode(status),
                   std::string(what) + ": " + StatusMessage(status));
}

namespace {

// Highway's dispatch is one per process, so the SIMD cap is too: only the
// environment that loaded the addon first (normally the main thread) sets
// it. A worker asking for another level is told so, rather than changing
// what every other thread runs under it.
std::atomic<napi_env> g_simd_owner{nullptr};

Napi::Value Version(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), skm_version());
}

Napi::Value SimdLevel(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), skm_simd_level());
}

Napi::Value SimdAvailable(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), skm_simd_available());
}

Napi::Value SimdCap(const Napi::CallbackInfo& info) {
  const int32_t level =
      static_cast<int32_t>(ArgInt(info, 0, "level", 0, SKM_SIMD_SIMD128));
  if (napi_env(info.Env()) != g_simd_owner.load()) {
    if (level == skm_simd_level()) return info.Env().Undefined();
    throw Napi::Error::New(
        info.Env(),
        "the SIMD level is one per process, fixed by the thread that loaded "
        "sketchmat first; set SKETCHMAT_SIMD before that thread loads it");
  }
  Check(info.Env(), skm_simd_cap(level), "simdCap");
  return info.Env().Undefined();
}

Napi::Value Threads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), skm_threads());
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  const int32_t n = static_cast<int32_t>(ArgInt(info, 0, "threads", 1, 1024));
  Check(info.Env(), skm_set_threads(n), "setThreads");
  return info.Env().Undefined();
}

}  // namespace

void InitLibrary(Napi::Env env, Napi::Object exports) {
  napi_env none = nullptr;
  g_simd_owner.compare_exchange_strong(none, napi_env(env));
  exports.Set("version", Napi::Function::New(env, Version));
  exports.Set("simdLevel", Napi::Function::New(env, SimdLevel));
  exports.Set("simdAvailable", Napi::Function::New(env, SimdAvailable));
  exports.Set("simdCap", Napi::Function::New(env, SimdCap));
  exports.Set("threads", Napi::Function::New(env, Threads));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
}

}  // namespace skm_addon

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  skm_addon::InitLibrary(env, exports);
  skm_addon::InitDoors(env, exports);
  return exports;
}

NODE_API_MODULE(sketchmat, Init)
