// The BLS12-381 base-field modulus, defined once for C++ and GLSL.
// p = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
// This file is plain preprocessor so that both lib/src/field.cpp and
// kernels/*.comp (through glslc -I lib/include) read the same words.
#ifndef FIELDBENCH_FIELD_PARAMS_H
#define FIELDBENCH_FIELD_PARAMS_H

// Number of 32-bit limbs in one element (48 bytes).
#define FB_LIMBS32 12
// The modulus as 12 little-endian 32-bit limbs (limb 0 least significant).
#define FB_MODULUS_U32 \
  0xffffaaabu, 0xb9feffffu, 0xb153ffffu, 0x1eabfffeu, \
  0xf6b0f624u, 0x6730d2a0u, 0xf38512bfu, 0x64774b84u, \
  0x434bacd7u, 0x4b1ba7b6u, 0x397fe69au, 0x1a0111eau

#endif
