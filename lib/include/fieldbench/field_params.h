// The BLS12-381 base-field modulus under the names field_add's shaders use; the
// words themselves live in fieldbench/fields/bls12_381_fp.h (one place per field).
// Plain preprocessor, read by C++ and by kernels/*.comp through glslc -I lib/include.
#ifndef FIELDBENCH_FIELD_PARAMS_H
#define FIELDBENCH_FIELD_PARAMS_H

#include "fieldbench/fields/bls12_381_fp.h"

// Number of 32-bit limbs in one element (48 bytes).
#define FB_LIMBS32 FB_BLS12_381_FP_LIMBS32
// The modulus as 12 little-endian 32-bit limbs (limb 0 least significant).
#define FB_MODULUS_U32 FB_BLS12_381_FP_MODULUS

#endif
