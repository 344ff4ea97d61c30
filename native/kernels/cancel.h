// Cooperative cancellation for long kernels.
//
// An async door points the calling thread at a flag (skm_cancel_flag); the
// caller's AbortSignal sets it. A long kernel asks Cancelled() between blocks
// -- never inside a block, so the cost is one relaxed load per block -- and
// returns SKM_ECANCELED when it is set. ParallelFor hands the caller's flag to
// the pool threads running its tasks, so a task may ask too.
#ifndef SKETCHMAT_KERNELS_CANCEL_H_
#define SKETCHMAT_KERNELS_CANCEL_H_

#include <cstdint>

namespace skm {

// The flag kernels on this thread watch (nullptr: none).
const int32_t* CancelFlag();
void SetCancelFlag(const int32_t* flag);

inline bool Cancelled() {
  const int32_t* f = CancelFlag();
  return f != nullptr && __atomic_load_n(f, __ATOMIC_RELAXED) != 0;
}

}  // namespace skm

#endif  // SKETCHMAT_KERNELS_CANCEL_H_
