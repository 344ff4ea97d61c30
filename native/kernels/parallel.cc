// A minimal fork-join pool for ParallelFor (see parallel.h).
//
// Workers sleep on one condition variable and pull tasks from a shared queue
// of jobs; the thread that calls ParallelFor works on its own job too and then
// waits for stragglers. Several callers (e.g. libuv's async workers) may run
// jobs at once; each job counts its own unfinished tasks.
#include "parallel.h"

#include <algorithm>
#include <cstdint>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "cancel.h"
#include "sketchmat.h"

namespace skm {
namespace {
thread_local const int32_t* cancel_flag = nullptr;
}  // namespace
const int32_t* CancelFlag() { return cancel_flag; }
void SetCancelFlag(const int32_t* flag) { cancel_flag = flag; }
}  // namespace skm

extern "C" SKM_API skm_status skm_cancel_flag(const int32_t* flag) {
  skm::SetCancelFlag(flag);
  return SKM_OK;
}

#if defined(__EMSCRIPTEN__)

namespace skm {
void ParallelFor(size_t num_tasks, const std::function<void(size_t)>& task) {
  for (size_t t = 0; t < num_tasks; ++t) task(t);
}
int Threads() { return 1; }
void SetThreads(int) {}
}  // namespace skm

#else

namespace skm {
namespace {

struct Job {
  const std::function<void(size_t)>* task;
  size_t num_tasks;
  const int32_t* cancel;  // the caller's flag, watched by its tasks too
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::mutex mu;
  std::condition_variable finished;

  // Runs tasks until none are left to claim; returns true if it ran any.
  bool RunSome() {
    bool ran = false;
    for (;;) {
      const size_t t = next.fetch_add(1);
      if (t >= num_tasks) return ran;
      (*task)(t);
      ran = true;
      if (done.fetch_add(1) + 1 == num_tasks) {
        std::lock_guard<std::mutex> lock(mu);
        finished.notify_all();
      }
    }
  }
};

class Pool {
 public:
  static Pool& Get() {
    // Leaked on purpose: worker threads must not be joined during static
    // destruction at process exit, when Node may already be tearing down.
    static Pool* pool = new Pool();
    return *pool;
  }

  int threads() const { return threads_.load(); }

  void SetThreads(int n) {
    threads_.store(std::max(1, n));
    std::lock_guard<std::mutex> lock(mu_);
    while (static_cast<int>(workers_.size()) < threads_.load() - 1) {
      workers_.emplace_back([this] { WorkerLoop(); });
      workers_.back().detach();
    }
  }

  void Run(size_t num_tasks, const std::function<void(size_t)>& task) {
    const int usable = threads_.load();
    if (num_tasks <= 1 || usable <= 1 || in_task_) {
      for (size_t t = 0; t < num_tasks; ++t) task(t);
      return;
    }
    auto job = std::make_shared<Job>();
    job->task = &task;
    job->num_tasks = num_tasks;
    job->cancel = CancelFlag();
    {
      std::lock_guard<std::mutex> lock(mu_);
      // One queue entry per helper wanted; each helper drains the job.
      const size_t helpers =
          std::min<size_t>(num_tasks - 1, static_cast<size_t>(usable - 1));
      for (size_t h = 0; h < helpers; ++h) queue_.push_back(job);
      queued_.store(queue_.size());
    }
    wake_.notify_all();
    in_task_ = true;
    job->RunSome();
    in_task_ = false;
    if (SpinUntil([&] { return job->done.load() == num_tasks; })) return;
    std::unique_lock<std::mutex> lock(job->mu);
    job->finished.wait(lock, [&] { return job->done.load() == num_tasks; });
  }

 private:
  Pool() {
    unsigned hw = std::thread::hardware_concurrency();
    SetThreads(hw == 0 ? 1 : static_cast<int>(std::min(hw, 64u)));
  }

  // Spins up to kSpinMicros for ready() before the caller sleeps on a
  // condition variable. Waking a sleeping thread took longer than a QR
  // panel's update or a QL sweep (tens of microseconds), so small parallel
  // regions in a row ran slower on two threads than on one; a job that
  // follows within the spin starts at once. Idle, a thread spins this long
  // once and then sleeps.
  template <class Ready>
  static bool SpinUntil(Ready ready) {
    constexpr auto kSpinMicros = std::chrono::microseconds(50);
    const auto until = std::chrono::steady_clock::now() + kSpinMicros;
    for (;;) {
      for (int i = 0; i < 64; ++i) {
        if (ready()) return true;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      }
      if (std::chrono::steady_clock::now() >= until) return ready();
    }
  }

  void WorkerLoop() {
    for (;;) {
      std::shared_ptr<Job> job;
      SpinUntil([&] { return queued_.load(std::memory_order_relaxed) > 0; });
      {
        std::unique_lock<std::mutex> lock(mu_);
        wake_.wait(lock, [&] { return !queue_.empty(); });
        job = std::move(queue_.front());
        queue_.pop_front();
        queued_.store(queue_.size());
      }
      in_task_ = true;
      SetCancelFlag(job->cancel);
      job->RunSome();
      SetCancelFlag(nullptr);
      in_task_ = false;
    }
  }

  std::atomic<int> threads_{1};
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::atomic<size_t> queued_{0};  // queue_.size(), readable without mu_ (the spin)
  std::vector<std::thread> workers_;
  static thread_local bool in_task_;
};

thread_local bool Pool::in_task_ = false;

}  // namespace

void ParallelFor(size_t num_tasks, const std::function<void(size_t)>& task) {
  Pool::Get().Run(num_tasks, task);
}
int Threads() { return Pool::Get().threads(); }
void SetThreads(int n) { Pool::Get().SetThreads(n); }

}  // namespace skm

#endif

namespace skm {
skm_status ForRowChunks(size_t rows, size_t cols, const std::function<void(size_t, size_t)>& body) {
  constexpr size_t kElementsPerChunk = size_t(1) << 15;
  if (rows == 0) return SKM_OK;
  const size_t per = std::max(size_t(1), kElementsPerChunk / std::max(cols, size_t(1)));
  const size_t chunks = (rows + per - 1) / per;
  std::atomic<bool> cancelled{false};
  auto run = [&](size_t c) {
    if (Cancelled()) {
      cancelled.store(true, std::memory_order_relaxed);
      return;
    }
    const size_t r0 = c * per;
    body(r0, std::min(rows, r0 + per));
  };
  if (chunks == 1) run(0);
  else ParallelFor(chunks, run);
  return cancelled.load() ? SKM_ECANCELED : SKM_OK;
}
}  // namespace skm
