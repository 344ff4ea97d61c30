// Async doors: run a kernel on libuv's pool and settle a Promise.
//
// The work closure owns copies of its inputs (made on the JS thread before
// queueing), so a caller's buffer that is detached, resized or overwritten
// while the kernel runs is never read. The result is a fresh typed array made
// on the JS thread when the work is done.
#ifndef SKETCHMAT_ADDON_ASYNC_H_
#define SKETCHMAT_ADDON_ASYNC_H_

#include <napi.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "args.h"

namespace skm_addon {

class KernelWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<skm_status()>;
  using Finish = std::function<Napi::Value(Napi::Env)>;

  KernelWorker(Napi::Env env, const char* what, Work work, Finish finish)
      : Napi::AsyncWorker(env),
        deferred_(Napi::Promise::Deferred::New(env)),
        what_(what),
        work_(std::move(work)),
        finish_(std::move(finish)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override {
    try {
      status_ = work_();
    } catch (...) {
      status_ = SKM_ENOMEM;
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (status_ != SKM_OK) {
      try {
        ThrowStatus(env, status_, what_);
      } catch (const Napi::Error& e) {
        deferred_.Reject(e.Value());
      }
      return;
    }
    try {
      deferred_.Resolve(Guarded(env, [&] { return finish_(env); }));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  const char* what_;
  Work work_;
  Finish finish_;
  skm_status status_ = SKM_OK;
};

// Queues work; returns the Promise it settles.
inline Napi::Promise QueueKernel(Napi::Env env, const char* what,
                                 KernelWorker::Work work,
                                 KernelWorker::Finish finish) {
  auto* worker = new KernelWorker(env, what, std::move(work), std::move(finish));
  Napi::Promise p = worker->Promise();
  worker->Queue();  // the worker deletes itself when settled
  return p;
}

// A new JS typed array holding `values`.
template <typename T>
Napi::Value ToTypedArray(Napi::Env env, const Buffer<T>& values) {
  auto out = Napi::TypedArrayOf<T>::New(env, values.size());
  std::copy(values.begin(), values.end(), out.Data());
  return out;
}

}  // namespace skm_addon

#endif  // SKETCHMAT_ADDON_ASYNC_H_
