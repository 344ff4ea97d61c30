// Doors onto the vector-code kernels (skm_features.h).
#include "door.h"
#include "skm_features.h"

SKM_DOORS(skm_sign_pack_f32, skm_sign_pack_f64, skm_hamming_topk);
