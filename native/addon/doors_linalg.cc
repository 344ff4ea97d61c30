// Doors onto the dense factorizations (native/include/skm_linalg.h).
#include "door.h"
#include "skm_linalg.h"

SKM_DOORS(skm_cholesky_f32, skm_cholesky_f64, skm_trsm_f32, skm_trsm_f64,
          skm_qr_f32, skm_qr_f64, skm_qr_q_f32, skm_qr_q_f64,
          skm_eigh_f32, skm_eigh_f64, skm_svd_f32, skm_svd_f64);
