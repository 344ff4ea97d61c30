// Doors onto the foundation's kernels: dense products, randomness, sketches.
#include "door.h"

SKM_DOORS(skm_gemm_f32, skm_gemm_f64, skm_gemv_f32, skm_gemv_f64, skm_gemv_fused_f32, skm_gemv_fused_f64);
SKM_DOORS(skm_philox4x32, skm_random_fill_f32, skm_random_fill_f64);
SKM_DOORS(skm_sketch_dense_f32, skm_sketch_dense_f64,
          skm_sketch_apply_f32, skm_sketch_apply_f64,
          skm_sketch_apply_csr_f32, skm_sketch_apply_csr_f64,
          skm_sketch_project_f32, skm_sketch_project_f64,
          skm_sketch_project_csr_f32, skm_sketch_project_csr_f64,
          skm_fwht_f32, skm_fwht_f64);
