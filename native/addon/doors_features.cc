// Doors onto the features kernels (skm_features.h).
#include "door.h"
#include "skm_features.h"

SKM_DOORS(skm_sign_pack_f32, skm_sign_pack_f64, skm_hamming_topk);
SKM_DOORS(skm_cos_sin_f32, skm_cos_sin_f64);
SKM_DOORS(skm_exp_rows_f32, skm_exp_rows_f64);
SKM_DOORS(skm_csr_propagate_f32, skm_csr_propagate_f64);
