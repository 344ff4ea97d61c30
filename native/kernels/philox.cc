// skm_philox4x32: one Philox4x32-10 block (see philox.h, RANDOM.md).
#include "philox.h"

#include "sketchmat.h"

extern "C" {

SKM_API skm_status skm_philox4x32(const uint32_t* ctr4, const uint32_t* key2,
                                  uint32_t* out4) {
  if (ctr4 == nullptr || key2 == nullptr || out4 == nullptr) return SKM_EINVAL;
  // Read everything before writing: out4 may alias ctr4 or key2.
  const uint32_t ctr[4] = {ctr4[0], ctr4[1], ctr4[2], ctr4[3]};
  const uint32_t key[2] = {key2[0], key2[1]};
  uint32_t out[4];
  skm::Philox4x32(ctr, key, out);
  for (int w = 0; w < 4; ++w) out4[w] = out[w];
  return SKM_OK;
}

}  // extern "C"
