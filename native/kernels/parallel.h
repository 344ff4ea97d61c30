// Work splitting for large kernels.
//
// The addon runs kernels on a small pool of native threads (parallel.cc); the
// WASM builds are single-threaded and run every range on the caller. Kernels
// split their work into independent tasks and must give the same bits whatever
// the number of threads: a task computes a fixed piece of the output, never a
// partial sum that threads combine in a racy order.
#ifndef SKETCHMAT_KERNELS_PARALLEL_H_
#define SKETCHMAT_KERNELS_PARALLEL_H_

#include <cstddef>
#include <functional>

#include "sketchmat.h"

namespace skm {

// Runs task(t) for every t in [0, num_tasks), spread over the pool; returns
// when all are done. The caller's thread takes part, so this is safe to call
// from several threads at once (each call waits only for its own tasks) and
// from inside a task (the nested call simply runs serially).
void ParallelFor(size_t num_tasks, const std::function<void(size_t)>& task);

// Runs body(r0, r1) over the rows [0, rows) of a row-wise kernel in chunks of
// about 2^15 elements (rows of `cols` elements each), spread over the pool,
// with a cancellation check before each chunk: SKM_ECANCELED if any chunk saw
// one, else SKM_OK. Each chunk writes its own rows only, so the result does
// not depend on the thread count.
skm_status ForRowChunks(size_t rows, size_t cols, const std::function<void(size_t, size_t)>& body);

// Threads a ParallelFor may use now (>= 1).
int Threads();
// Sets the pool size (n >= 1); takes effect for calls that start afterwards.
void SetThreads(int n);

}  // namespace skm

#endif  // SKETCHMAT_KERNELS_PARALLEL_H_
