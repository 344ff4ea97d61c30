// Doors onto the BLAST kernel (native/include/skm_blast.h).
#include "door.h"
#include "skm_blast.h"

SKM_DOORS(skm_blast_f32, skm_blast_f64);
