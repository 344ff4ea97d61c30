// The generic door's non-template half: operand bookkeeping, argument
// errors, the async queue, and the registry that becomes addon.kernels.
#include "door.h"

#include <algorithm>

#include "modules.h"

namespace skm_addon {

Operands::~Operands() {
  // Failure to delete a reference (the environment is going away) only leaks
  // the reference; nothing here may throw.
  for (napi_ref r : pins_) napi_delete_reference(env_, r);
}

void Operands::Add(napi_value array, const void* data, size_t bytes,
                   bool written) {
  spans_.push_back(Span{static_cast<const char*>(data), bytes, written});
  if (!pin_) return;
  napi_ref ref;
  if (napi_create_reference(env_, array, 1, &ref) != napi_ok) {
    throw CodedError(Napi::Env(env_), "SKM_EINTERNAL", "could not pin an operand");
  }
  pins_.push_back(ref);
}

void Operands::CheckOverlap(Napi::Env env, const char* fn, size_t first) const {
  for (size_t i = first; i < spans_.size(); ++i) {
    const Span& a = spans_[i];
    if (!a.written || a.bytes == 0) continue;
    for (size_t j = first; j < spans_.size(); ++j) {
      const Span& b = spans_[j];
      if (j == i || b.bytes == 0) continue;
      if (a.begin < b.begin + b.bytes && b.begin < a.begin + a.bytes) {
        throw CodedError(env, "SKM_EINTERNAL",
                         std::string(fn) + ": operand " + std::to_string(i - first) +
                             " (written) shares memory with operand " +
                             std::to_string(j - first));
      }
    }
  }
}

void Operands::AdviseOutputs() const {
  for (const Span& s : spans_) {
    if (s.written) AdviseHugePages(View<const char>{s.begin, s.bytes});
  }
}

void ThrowArg(Napi::Env env, const char* fn, size_t i, const std::string& expected) {
  throw CodedError(env, "SKM_EINTERNAL",
                   std::string(fn) + ": argument " + std::to_string(i) + " must be " + expected);
}

double ArgNumber(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) ThrowArg(info.Env(), fn, i, "a number");
  return v.As<Napi::Number>().DoubleValue();
}

int64_t ArgInteger(const Napi::CallbackInfo& info, size_t i, const char* fn,
                   int64_t lo, int64_t hi, const char* range) {
  const double d = ArgNumber(info, i, fn);
  if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) || d != std::floor(d)) {
    ThrowArg(info.Env(), fn, i, range);
  }
  return static_cast<int64_t>(d);
}

namespace {

// One queued kernel call. Completion runs on the JS thread, possibly while
// the environment tears down (a worker thread terminated mid-call), where
// every napi call may fail: it uses the plain C API, ignores failures (the
// Promise then never settles, but no one is left to observe it), and never
// throws.
struct AsyncCall {
  napi_env env;
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  const char* fn;
  const int32_t* flag;
  std::function<skm_status()> run;
  std::unique_ptr<Operands> ops;
  skm_status status = SKM_OK;

  static void Execute(napi_env, void* data) {
    auto* c = static_cast<AsyncCall*>(data);
    // Aborted while queued: do not start.
    if (__atomic_load_n(c->flag, __ATOMIC_RELAXED) != 0) {
      c->status = SKM_ECANCELED;
      return;
    }
    skm_cancel_flag(c->flag);
    try {
      c->status = c->run();
    } catch (...) {
      c->status = SKM_EINTERNAL;
    }
    skm_cancel_flag(nullptr);
  }

  static void Complete(napi_env env, napi_status status, void* data) {
    std::unique_ptr<AsyncCall> c(static_cast<AsyncCall*>(data));
    if (status == napi_cancelled) c->status = SKM_ECANCELED;
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) == napi_ok) {
      napi_value v = nullptr;
      if (c->status == SKM_OK) {
        if (napi_get_undefined(env, &v) == napi_ok) napi_resolve_deferred(env, c->deferred, v);
      } else if ((v = StatusErrorValue(env, c->status, c->fn)) != nullptr) {
        napi_reject_deferred(env, c->deferred, v);
      }
      napi_close_handle_scope(env, scope);
    }
    napi_delete_async_work(env, c->work);
    // ~AsyncCall releases the pinned arrays.
  }

  static napi_value StatusErrorValue(napi_env env, skm_status status, const char* fn) {
    const std::string msg = std::string(fn) + ": " + StatusMessage(status);
    napi_value code, text, err;
    if (napi_create_string_utf8(env, StatusCode(status), NAPI_AUTO_LENGTH, &code) != napi_ok ||
        napi_create_string_utf8(env, msg.c_str(), msg.size(), &text) != napi_ok ||
        napi_create_error(env, code, text, &err) != napi_ok) {
      return nullptr;
    }
    return err;
  }
};

}  // namespace

Napi::Value QueueKernel(Napi::Env env, const char* fn, const int32_t* flag,
                        std::function<skm_status()> run,
                        std::unique_ptr<Operands> ops) {
  auto c = std::make_unique<AsyncCall>();
  c->env = env;
  c->fn = fn;
  c->flag = flag;
  c->run = std::move(run);
  c->ops = std::move(ops);
  napi_value promise, name;
  if (napi_create_promise(env, &c->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, fn, NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, nullptr, name, AsyncCall::Execute, AsyncCall::Complete,
                             c.get(), &c->work) != napi_ok) {
    throw CodedError(env, "SKM_EINTERNAL", std::string(fn) + ": could not queue the call");
  }
  if (napi_queue_async_work(env, c->work) != napi_ok) {
    napi_delete_async_work(env, c->work);
    throw CodedError(env, "SKM_EINTERNAL", std::string(fn) + ": could not queue the call");
  }
  c.release();  // Complete owns it now
  return Napi::Value(env, promise);
}

std::deque<DoorEntry>& DoorRegistry() {
  static std::deque<DoorEntry> registry;
  return registry;
}

void AddDoors(const char* names, std::initializer_list<DoorEntry> entries) {
  // `names` is the macro's argument list as text: "skm_a_f32, skm_a_f64".
  std::string list(names);
  size_t pos = 0;
  for (DoorEntry e : entries) {
    const size_t end = std::min(list.find(',', pos), list.size());
    std::string name = list.substr(pos, end - pos);
    name.erase(0, name.find_first_not_of(" \t\n"));
    name.erase(name.find_last_not_of(" \t\n") + 1);
    e.name = name;
    DoorRegistry().push_back(e);
    pos = end + 1;
  }
}

void InitDoors(Napi::Env env, Napi::Object exports) {
  Napi::Object sync = Napi::Object::New(env), async = Napi::Object::New(env);
  for (const DoorEntry& e : DoorRegistry()) {
    // The entry's name outlives the functions: the registry is never shrunk.
    void* data = const_cast<char*>(e.name.c_str());
    sync.Set(e.name, Napi::Function::New(env, e.sync, e.name, data));
    async.Set(e.name, Napi::Function::New(env, e.async, e.name, data));
  }
  exports.Set("kernels", sync);
  exports.Set("kernelsAsync", async);
}

}  // namespace skm_addon
