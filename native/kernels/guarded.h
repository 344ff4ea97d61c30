// No exception crosses the C ABI: an entry point runs its body through
// Guarded, which turns a bad_alloc into SKM_ENOMEM and anything else into
// SKM_EINTERNAL. The WASM builds have no exceptions (-fno-exceptions); there
// kernels check malloc for NULL themselves and Guarded just calls the body.
#ifndef SKETCHMAT_KERNELS_GUARDED_H_
#define SKETCHMAT_KERNELS_GUARDED_H_

#include <new>

#include "sketchmat.h"

namespace skm {

template <typename Fn>
skm_status Guarded(Fn fn) {
#if defined(__cpp_exceptions)
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return SKM_ENOMEM;
  } catch (...) {
    return SKM_EINTERNAL;
  }
#else
  return fn();
#endif
}

}  // namespace skm

#endif  // SKETCHMAT_KERNELS_GUARDED_H_
