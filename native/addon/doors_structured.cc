// Doors onto the structured operators' kernels (native/include/skm_structured.h).
#include "door.h"
#include "skm_structured.h"

SKM_DOORS(skm_monarch_f32, skm_monarch_f64, skm_monarch_pack_f32, skm_monarch_pack_f64,
          skm_monarch_packed_f32, skm_monarch_packed_f64);
