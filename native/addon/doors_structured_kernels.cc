// Doors onto the structured operators' FFT and sparse kernels (native/include/skm_structured_kernels.h).
#include "door.h"
#include "skm_structured_kernels.h"

SKM_DOORS(skm_fft_conv_plan, skm_fft_conv_f32, skm_fft_conv_f64, skm_nm_sparse_f32, skm_nm_sparse_f64,
          skm_bsr_f32, skm_bsr_f64);
